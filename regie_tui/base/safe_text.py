"""Text from the store or a file, made safe to show on a screen or print to a terminal.

Two dangers, one place each (issue 14):

* markup: a note such as ``[link=https://evil.example]zie dossier[/link]`` or
  ``[/]`` must show as typed, never become a hyperlink, a click action, or a
  crash in Rich's or Textual's markup parser. :func:`plain` builds the rich
  ``Text`` every screen shows data as; a ``Text`` is never parsed as markup.
* terminal controls: an ESC, BEL or C1 byte in a stored name would be obeyed by
  the terminal (``\\x1b]0;pwned\\x07`` retitles the window; others move the
  cursor, hide or overwrite output), and a bidi override (U+202E) makes text
  read differently from what it is. :func:`visible` shows each such character
  as a visible escape (``\\x1b``, ``\\u202e``), so nothing is silently lost
  either; :class:`TerminalStream` does the same to everything a sub-command
  prints.

No Rich import at module level: the headless commands import this module and
must start fast; :func:`plain` imports Rich when a screen needs it.
"""

from __future__ import annotations

import re

# Bidi controls: embeddings, overrides and isolates, and the direction marks.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")

# C0 controls except newline and tab (text keeps its lines), DEL, C1 controls,
# and the bidi controls. A lone carriage return would let a line overwrite
# itself on a terminal, so it is escaped as well.
_BIDI = "".join(sorted(BIDI_CONTROLS))
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# On a terminal stream a CSV row ends in "\r\n" (the csv module's dialect): that
# pair is a line end, not a control to show; any other carriage return is.
_UNSAFE_ON_TERMINAL = re.compile(f"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")


def _escape(match: re.Match) -> str:
    ch = match.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` as a str with every control and bidi character shown as an escape."""
    if text is None:
        return ""
    return _UNSAFE.sub(_escape, text if isinstance(text, str) else str(text))


def for_terminal(text: object) -> str:
    """As :func:`visible`, but a CRLF line end stays (CSV on standard output)."""
    if text is None:
        return ""
    return _UNSAFE_ON_TERMINAL.sub(_escape, text if isinstance(text, str) else str(text))


def plain(text: object, style: str = "", **kwargs):
    """A rich ``Text`` showing ``text`` literally: no markup, no controls.

    Give this (never a str) to DataTable cells, Static/Label contents, Rich
    tables and titles whenever any part of the text came from the store or a file.
    """
    from rich.text import Text

    return Text(visible(text), style=style, **kwargs)


class TerminalStream:
    """A text stream that passes everything through :func:`for_terminal`.

    The sub-commands print through ``sys.stdout``/``sys.stderr``; wrapping both
    once (cli.main) covers every report line, error and table, including the
    ones a future command adds.
    """

    def __init__(self, raw):
        self._raw = raw

    def write(self, text: str) -> int:
        self._raw.write(for_terminal(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):  # flush, isatty, encoding, fileno ...
        return getattr(self._raw, name)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a control or bidi character (what :func:`strip_unsafe` drops)."""
    return _UNSAFE.search(text) is not None


def strip_unsafe(text: str) -> str:
    """``text`` without its control and bidi characters (where an escape would not fit)."""
    return _UNSAFE.sub("", text) if _UNSAFE.search(text) else text
