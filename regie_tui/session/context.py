"""What one run of Regie works with: the store, the day, who is working, the rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from regie_tui.base.clock import Clock
from regie_tui.data.store import Store


def _default_intervals():
    from regie_tui.rules.intervals import Intervals

    return Intervals()


@dataclass
class AppContext:
    store: Store
    clock: Clock
    user: str | None = None
    demo: bool = False
    language: str = "en"
    intervals: object = field(default_factory=_default_intervals)
    remember_user: bool = True
    # Seconds of inactivity before the lock screen; None: from config.toml.
    lock_after: float | None = None
    # The first caseload rows, being read since start-up (first_rows.FirstRows);
    # the caseload screen takes them once.
    first_rows: object | None = None
    # Said once the app has started (a daily backup that failed): never a lock-out.
    warnings: list[str] = field(default_factory=list)

    @property
    def today(self):
        return self.clock.today()

    def lock_after_seconds(self) -> float:
        if self.lock_after is None:
            from regie_tui.base.config import load_settings

            self.lock_after = load_settings().lock_after_minutes * 60
        return self.lock_after

    def user_id(self) -> int | None:
        return self.store.consultant_id(self.user) if self.user else None

    def set_user(self, name: str) -> None:
        self.user = name
        self.store.actor = name
        if self.remember_user and not self.demo:
            from regie_tui.base.config import load_settings, save_settings

            settings = load_settings()
            settings.user = name
            save_settings(settings)
