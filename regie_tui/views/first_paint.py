"""A light first frame of the caseload, written straight to the terminal during start-up.

Importing Textual and starting the app takes a few hundred milliseconds
more than reading the user's rows does (see ``first_rows``). The child
process that reads them paints this frame as soon as it has them, in the
place the caseload screen will show them: the title, the view tabs with the
counts known so far, the table's header and the first page of the user's
own cases, most urgent first. The app's first paint then replaces it.

It shows only what was read from the store just now for today (never rows
kept from an earlier start), and it says that the rest is still loading.

Plain text and a few SGR colours; no Textual, no Rich (core module).
"""

from __future__ import annotations

from regie_tui.base.i18n import _, current_language, format_date
from regie_tui.rules import signals as S
from regie_tui.views import caseload as V

# Rows above the table on the caseload screen: header, tabs, their underline,
# the summary bar (4 lines at 160 columns) and the table's header line.
TABLE_TOP = 7
# Lines below the table: the status line and the key footer.
BELOW = 2
# DataTable pads every cell with one space on each side.
_PAD = 1
_SEVERITY_SGR = {S.OVERDUE: "31", S.DUE_SOON: "33", S.ATTENTION: "34", V.NONE: "32"}

ENTER = "\x1b[?1049h\x1b[?25l"  # the alternate screen, as the app uses; no cursor
LEAVE = "\x1b[?1049l\x1b[?25h"
_SYNC_ON, _SYNC_OFF = "\x1b[?2026h", "\x1b[?2026l"  # one update, where terminals support it


# The month names of ``format_date``'s long dates (Babel's "d MMMM y"; a test keeps
# them equal): importing Babel would cost the start-up child ~15 ms of CPU before
# its first frame, for the one date in the title.
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def long_date(day) -> str:
    """``format_date(day)`` without importing Babel, for the languages Regie has."""
    months = _MONTHS.get(current_language())
    if months is None:
        return format_date(day)
    return f"{day.day} {months[day.month - 1]} {day.year}"


def title(user: str, today, demo: bool) -> str:
    """The app's title line: "Regie — who · day" (as ``RegieApp._update_subtitle``)."""
    suffix = _(" · DEMO (fictional data)") if demo else ""
    return f"Regie — {user} · {long_date(today)}{suffix}"


def lines(rows: list, me: int, heading: str, width: int, height: int) -> list[tuple[str, str]]:
    """(text, SGR style) for every terminal line, top to bottom, each at most ``width`` long.

    ``rows`` are the cases ``me`` directs (the first view); the other views'
    counts are not known yet and show "…", as the screen shows them while loading.
    """
    selection = V.Selection(rows, me, V.VIEW_MINE)
    counts = {V.VIEW_MINE: len(selection.rows_in_view(V.VIEW_MINE))}
    tabs = "  ".join(
        f"{number} {_(label)} ({counts.get(view, '…')})"
        for number, (view, label) in enumerate(V.VIEWS.items(), 1))
    header = "".join(_cell(_(label) if label.strip() else label, w)
                     for _key, label, w in V.COLUMNS)
    out: list[tuple[str, str]] = [
        (heading.center(width), "1"),
        (" " + tabs, ""),
        ("━" * width, "2"),
    ]
    out += [("", "")] * (TABLE_TOP - len(out))
    out.append((header, "1"))
    room = max(0, height - TABLE_TOP - 1 - BELOW)
    for row in selection.shown()[:room]:
        out.append(("".join(_cell(text, w) for text, (_k, _l, w)
                            in zip(V.cells(row), V.COLUMNS, strict=True)),
                    _SEVERITY_SGR.get(row.worst, "")))
    out += [("", "")] * (height - BELOW - len(out))
    out.append((" " + _("Loading cases…"), "2"))
    out.append(("", ""))
    return [(text[:width], style) for text, style in out[:height]]


def frame(lines: list[tuple[str, str]]) -> str:
    """``lines`` as terminal output: every line placed absolutely and cleared first,
    so it reads the same whatever the terminal showed before."""
    parts = [ENTER, _SYNC_ON]
    # The lines below the table first: on a terminal that shows the frame as it
    # arrives, "being refreshed" is there before any remembered row.
    numbered = list(enumerate(lines, 1))
    for y, (text, style) in numbered[-BELOW:] + numbered[:-BELOW]:
        parts.append(f"\x1b[{y};1H\x1b[2K")
        parts.append(f"\x1b[{style}m{text}\x1b[0m" if style else text)
    parts.append(_SYNC_OFF)
    return "".join(parts)


def refreshing(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A frame remembered from an earlier start, as it may be shown now: everything
    below the title dimmed, and the status line saying the rows are being refreshed.

    Its signals may have changed since: they must never look current.
    """
    out = [lines[0]] + [(text, f"2;{style}" if style else "2") for text, style in lines[1:]]
    if len(out) > BELOW:
        out[-BELOW] = (" " + _("Rows as shown at your last start today; being refreshed…"),
                       "2;7")
    return out


def checking(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A frame of rows read before the store's check has passed (the first start of
    a day): the status line says so, in reverse video, until the app replaces the
    frame, which it does only once the check and the daily backup are done."""
    out = list(lines)
    if len(out) > BELOW:
        width = len(out[0][0])  # the title line is centred over the whole width
        status = " " + _("Store being checked: rows read just now, not yet confirmed; "
                         "nothing can be saved until the check has passed…")
        out[-BELOW] = (status[:width], "7")
    return out


def status(height: int) -> str:
    """Only the status line of a frame of ``height`` lines: "Loading cases…", as
    in a frame of rows read after the check (for ``paint_gate.PaintGate.checked``)."""
    y = height - BELOW + 1
    return (f"{_SYNC_ON}\x1b[{y};1H\x1b[2K\x1b[2m {_('Loading cases…')}\x1b[0m{_SYNC_OFF}")


def _cell(text: str, width: int) -> str:
    return " " * _PAD + V.fit(text, width).ljust(width) + " " * _PAD
