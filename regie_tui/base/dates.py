"""Dates as consultants type them: ``dd-mm-jjjj`` (the Dutch habit), ISO, or a word.

Pure: no Textual, no clock of its own. ``today`` is passed in, so "vandaag"
means the injected day in tests and with ``--today``. Anything that cannot be
read raises :class:`DateInputError` (a ``ValueError``) with a message fit to
show under the field; nothing else escapes.
"""

from __future__ import annotations

import datetime as dt
import re

from regie_tui.base.i18n import _

# Words for relative days, in both UI languages: a consultant who types the
# Dutch word in an English UI (or the reverse) still means the same day.
_RELATIVE = {"vandaag": 0, "today": 0, "gisteren": 1, "yesterday": 1,
             "eergisteren": 2}

_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class DateInputError(ValueError):
    """Typed text that is not a date; ``message`` is translated and names the input."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_date(text: str | None, today: dt.date) -> dt.date | None:
    """The date in ``text``; None when it is empty (whether that is allowed is the form's
    business)."""
    value = (text or "").strip().lower()
    if not value:
        return None
    if value in _RELATIVE:
        return today - dt.timedelta(days=_RELATIVE[value])
    match = _DMY.fullmatch(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.fullmatch(value)
        if not match:
            raise DateInputError(_(
                "\"{text}\" is not a date: type it as dd-mm-yyyy (for example {example}), "
                "or \"today\" or \"yesterday\".").format(text=_shown(text),
                                                         example=format_input(today)))
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateInputError(_("{text} does not exist.").format(text=_shown(text))) from None


def format_input(day: dt.date | None) -> str:
    """A date the way :func:`parse_date` reads it back: ``dd-mm-yyyy``."""
    return "" if day is None else f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def _shown(text: str) -> str:
    # Echo what was typed, but short and on one line: it goes under a field.
    text = " ".join(text.split())
    return text if len(text) <= 30 else text[:29] + "…"
