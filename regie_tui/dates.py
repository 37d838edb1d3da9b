"""Dates as people type them in forms: 16-11-2026, 16-11-26, 2026-11-16."""

from __future__ import annotations

import datetime as dt
import re

from regie_tui.i18n import _

_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})\s*$")


def parse_date(text: str) -> dt.date | None:
    """The date in ``text``; None when it is empty; ValueError with a clear message."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        match = _DMY.match(text)
        if match:
            day, month, year = (int(x) for x in match.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("{text} is not a date: write it as day-month-year, e.g. "
                           "16-11-2026.").format(text=text)) from None


def date_text(day: dt.date | None) -> str:
    """The way a form shows a date to edit."""
    return day.strftime("%d-%m-%Y") if day else ""
