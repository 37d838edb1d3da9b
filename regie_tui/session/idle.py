"""The idle lock: after a quiet spell the app hides all case data.

``IdleWatch`` only keeps time (an injectable monotonic clock, so tests step
time instead of waiting); the app touches it on every key and mouse event and
polls ``expired`` from a Textual interval.
"""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_SECONDS = 5.0


class IdleWatch:
    def __init__(self, timeout_seconds: float, now: Callable[[], float] = time.monotonic):
        self.timeout = timeout_seconds
        self._now = now
        self.last = now()

    def touch(self) -> None:
        self.last = self._now()

    def expired(self) -> bool:
        return self.timeout > 0 and self._now() - self.last >= self.timeout

    def poll_interval(self) -> float:
        """Often enough that the lock comes at most a few seconds late."""
        return min(POLL_SECONDS, max(self.timeout / 4, 0.05)) if self.timeout > 0 else POLL_SECONDS
