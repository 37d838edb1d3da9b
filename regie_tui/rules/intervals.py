"""The rule intervals, in days: defaults, and reading a team's ``rules.toml``.

Only the intervals marked *default* in the signal catalogue are not in the
seeds; all of them can be changed per team under an ``[intervals]`` table::

    [intervals]
    mdo_pr = 84
    due_soon = 10
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from regie_tui.base.i18n import N_, _

TABLE = "intervals"
# An upper bound keeps every date computation far from date.max.
MAX_DAYS = 3650

_HELP = {
    "first_mdo": N_("days from the VPR start meeting to the first MDO"),
    "mdo_vpr": N_("days between MDOs/evaluations in VPR"),
    "mdo_pr": N_("days between MDOs/evaluations in PR"),
    "start_meeting": N_("days from the VPR decision to the start meeting"),
    "marking_letter": N_("days from the VPR decision to the marking letter"),
    "role_agreement": N_("days from the start meeting (or naming the case director) to the role agreement"),
    "duo_review": N_("days between reviews by the duo partner in VPR"),
    "youth_contact_vpr": N_("days between direct contacts with the youth in VPR"),
    "youth_contact_pr": N_("days between direct contacts with the youth in PR"),
    "plan_missing": N_("days from opening a case to an agreed plan of approach"),
    "plan_review": N_("days from a significant event to a plan decision"),
    "escalation_decision": N_("days from an escalation request to its decision"),
    "stagnation": N_("days of waiting without escalation or plan adjustment"),
    "risk_assessment": N_("days from care avoidance or a safety concern to a risk assessment"),
    "caseload_review": N_("days between caseload reviews with the behavioural scientist"),
    "due_soon": N_("days before a deadline that a signal shows as due soon"),
    "acknowledge_max": N_("longest time a signal may be acknowledged, in days"),
}

# Reasons an interval file is refused (translated when the error is raised).
REASON_NOT_A_TABLE = N_("expected a table of intervals")
REASON_UNKNOWN_TABLE = N_("unknown table; only [intervals] is allowed")
REASON_UNKNOWN_KEY = N_("unknown interval")
REASON_NOT_WHOLE = N_("expected a whole number of days")
REASON_NEGATIVE = N_("must not be negative")
REASON_ZERO = N_("must be at least 1 day")
REASON_TOO_LARGE = N_("must be at most 3650 days")


class IntervalsError(Exception):
    """A rules file that cannot be used; the message names file, key and reason."""

    def __init__(self, source: str, key: str, reason: str):
        self.source = source
        self.key = key
        self.reason = reason
        super().__init__(
            _("{source}: key '{key}': {reason}").format(source=source, key=key, reason=reason)
        )


@dataclass(frozen=True)
class Intervals:
    first_mdo: int = 42
    mdo_vpr: int = 42
    mdo_pr: int = 91
    start_meeting: int = 14
    marking_letter: int = 7
    role_agreement: int = 14
    duo_review: int = 42
    youth_contact_vpr: int = 28
    youth_contact_pr: int = 91
    plan_missing: int = 42
    plan_review: int = 14
    escalation_decision: int = 14
    stagnation: int = 56
    risk_assessment: int = 14
    caseload_review: int = 28
    due_soon: int = 7
    # A team setting, not a rule deadline: an acknowledgement mutes a signal at
    # most this long, so a late signal cannot be hidden for years.
    acknowledge_max: int = 42

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_mapping(cls, mapping: Mapping, source: str) -> Intervals:
        """Intervals from a parsed TOML document; refuses anything it does not know."""
        table: Mapping = {}
        for name, value in mapping.items():
            if name != TABLE:
                raise IntervalsError(source, str(name), _(REASON_UNKNOWN_TABLE))
            if not isinstance(value, Mapping):
                raise IntervalsError(source, TABLE, _(REASON_NOT_A_TABLE))
            table = value
        known = set(cls.field_names())
        values: dict[str, int] = {}
        for key, value in table.items():
            dotted = f"{TABLE}.{key}"
            if key not in known:
                raise IntervalsError(source, dotted, _(REASON_UNKNOWN_KEY))
            if type(value) is not int:  # bool is an int subclass; floats and text are refused
                raise IntervalsError(source, dotted, _(REASON_NOT_WHOLE))
            if value < 0:
                raise IntervalsError(source, dotted, _(REASON_NEGATIVE))
            if value == 0 and key != "due_soon":
                raise IntervalsError(source, dotted, _(REASON_ZERO))
            if value > MAX_DAYS:
                raise IntervalsError(source, dotted, _(REASON_TOO_LARGE))
            values[key] = value
        return cls(**values)

    def describe(self) -> list[tuple[str, int, int, str]]:
        """(key, value, default, help text) per interval, for ``regie-tui config``."""
        default = Intervals()
        return [
            (key, getattr(self, key), getattr(default, key), _(_HELP[key]))
            for key in self.field_names()
        ]
