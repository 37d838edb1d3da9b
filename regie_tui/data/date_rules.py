"""Which date of a case may not come before which: one set of rules.

The store commands (what the forms call) and the importer (exchange.checks)
both call these, so a file cannot bring in what a form would refuse: an MDO
held before the case was opened, a plan agreed before it was made, a review
read before it was written. Each raises ``ValidationError`` naming ``field``
by ``label``; the earlier date is named here, once.

Dates may be ``datetime.date`` or ISO text (the importer's checked strings):
ISO dates sort as text the way they sort as dates.
"""

from __future__ import annotations

from regie_tui.base.i18n import _
from regie_tui.data import validate as v


def after_opening(field: str, label: str, value, opened_on) -> None:
    """Held, closed, handed over, a checklist completed: not before the case was opened."""
    v.not_before(field, label, value, opened_on, _("the start date"))


def after_ovv(field: str, label: str, start_on, ovv_decision_on) -> None:
    """VPR starts on or after the OVV's core decision to move to it."""
    v.not_before(field, label, start_on, ovv_decision_on, _("the OVV decision date"))


def after_naming(field: str, label: str, agreed_on, named_on) -> None:
    """Role agreements are made with the case director, once named."""
    v.not_before(field, label, agreed_on, named_on,
                 _("the date the case director was named"))


def after_request(field: str, label: str, decided_on, requested_on) -> None:
    v.not_before(field, label, decided_on, requested_on, _("the date requested"))


def after_agreement(field: str, label: str, value, agreed_on) -> None:
    """A later version agreed, or a decision on the plan: not before the version in force
    was agreed (else the order of the plan's history means nothing)."""
    v.not_before(field, label, value, agreed_on,
                 _("the date the current version was agreed"))


def agreed_after_made(field: str, label: str, agreed_on, created_on) -> None:
    """A plan version cannot be agreed before it was made."""
    v.not_before(field, label, agreed_on, created_on, _("the date the plan was made"))


def deadline_after_plan(field: str, label: str, deadline, first_made) -> None:
    """A goal's deadline is not before the plan (its first version) was made."""
    v.not_before(field, label, deadline, first_made, _("the date the plan was made"))


def read_after_review(field: str, label: str, read_on, reviewed_on) -> None:
    v.not_before(field, label, read_on, reviewed_on, _("the date of the review"))
