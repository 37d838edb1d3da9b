"""Retention (Jeugdwet): a closed case's file is kept 20 years after care ended.

Pure: the closing date in, the retention end date out. Care ended on the
case's ``closed_on``. For a case closed on 29 February the term ends on
1 March (the later date: retention is a minimum, never cut short).
"""

from __future__ import annotations

import datetime as dt

RETENTION_YEARS = 20


def retention_end(closed_on: dt.date | None, years: int = RETENTION_YEARS) -> dt.date | None:
    """The first day the file may be destroyed; None for a case that is still open."""
    if closed_on is None:
        return None
    try:
        return closed_on.replace(year=closed_on.year + years)
    except ValueError:  # 29 February into a year without one
        return dt.date(closed_on.year + years, 3, 1)


def retention_expired(closed_on: dt.date | None, today: dt.date) -> bool:
    end = retention_end(closed_on)
    return end is not None and today >= end
