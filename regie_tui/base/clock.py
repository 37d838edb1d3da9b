"""The one place that knows what day it is.

Rules, store commands and screens take a :class:`Clock`; only the CLI builds
one from the wall clock, and ``--today`` pins it so runs are repeatable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Clock:
    fixed: dt.date | None = None

    def today(self) -> dt.date:
        return self.fixed if self.fixed is not None else dt.date.today()

    def now(self) -> dt.datetime:
        """Timestamp for audit entries: the wall time, on the pinned day when pinned."""
        now = dt.datetime.now(dt.UTC)
        if self.fixed is None:
            return now
        return dt.datetime.combine(self.fixed, now.time(), tzinfo=dt.UTC)


def fixed(day: dt.date | str) -> Clock:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return Clock(day)
