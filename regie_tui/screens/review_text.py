"""The review summary as text: facts, signals, plan, checklist, history, reviews.

Case content (names, notes) goes into Rich ``Text`` as plain text, never as
markup, so a note with square brackets shows as written.
"""

from __future__ import annotations

from rich.text import Text

from regie_tui.base.i18n import N_, _, format_date
from regie_tui.data.review_view import ChecklistSummary, PlanSummary, ReviewRow, ReviewSummary
from regie_tui.rules import signals as S
from regie_tui.rules import vocab

SEVERITY_STYLES = {S.OVERDUE: "bold red", S.DUE_SOON: "yellow", S.ATTENTION: "cyan"}
NEW_STYLE = "bold reverse green"
_ANSWERS = {"yes": N_("yes"), "no": N_("no"), "na": N_("n.a.")}


def _label(labels: dict, code: str | None) -> str:
    return _(labels[code]) if code in labels else (code or "—")


def _line(text: Text, label: str, value: str) -> None:
    text.append(f"{label}: ", style="bold")
    text.append(f"{value}\n")


def case_text(summary: ReviewSummary) -> Text:
    case = summary.facts
    text = Text()
    text.append(f"{case.code} · {case.alias}\n", style="bold")
    regime = case.regime or vocab.PR
    _line(text, _("Regime"), _("{regime} since {date}").format(
        regime=regime, date=format_date(case.regime_since or case.opened_on)))
    _line(text, _("Process director"), summary.process_director or "—")
    _line(text, _("Duo partner"), summary.duo_partner or _("none"))
    if case.case_director_name:
        director = f"{case.case_director_name} ({case.case_director_org or '—'})"
    else:
        director = _("not named")
    _line(text, _("Case director"), director)
    _line(text, _("Role agreement"), format_date(case.role_agreement_on)
          if case.role_agreement_on else _("not recorded"))
    if regime == vocab.VPR:
        _line(text, _("Marking letter"), format_date(case.marking_letter_on)
              if case.marking_letter_on else _("not recorded"))
    if case.waiting_since:
        _line(text, _("Waiting since"), format_date(case.waiting_since))
    if case.cross_region:
        _line(text, _("Lead organisation"), case.lead_organisation or _("not recorded"))
    text.rstrip()
    return text


def signals_text(signals: list[S.Signal]) -> Text:
    text = Text()
    if not signals:
        text.append(_("No signals: the work instruction is being followed."))
        return text
    for signal in signals:
        style = "dim" if signal.muted else SEVERITY_STYLES[signal.severity]
        # The state's own symbol (▲ overdue, ● due soon, ○ attention, ◇ acknowledged).
        text.append(f"{signal.symbol} {signal.severity_label()}  ", style=style)
        text.append(signal.title(), style="bold")
        if signal.muted:
            ack = signal.acknowledgement
            text.append("  " + _("acknowledged until {date}: {reason}").format(
                date=format_date(ack.until), reason=ack.reason), style="dim")
        text.append(f"\n   {signal.explanation()}\n")
    text.rstrip()
    return text


def acknowledgements_text(rows: list) -> Text:
    """Every acknowledgement of the case (``data.acknowledgements.for_case``), newest first:
    what was muted, by whom, why, and whether it is still in force."""
    text = Text()
    if not rows:
        text.append(_("No signal of this case has been acknowledged."))
        return text
    for a in rows:
        symbol = S.SYMBOLS[S.ACKNOWLEDGED] if a.status == "in_force" else "·"
        text.append(f"{symbol} {a.title()}", style="bold")
        text.append("  " + a.status_text(), style="" if a.status == "in_force" else "dim")
        text.append("\n   " + _("acknowledged on {date} by {name}: ").format(
            date=format_date(a.acknowledged_on), name=a.by or "—"))
        text.append(a.reason + "\n")
    text.rstrip()
    return text


def plan_text(plan: PlanSummary | None) -> Text:
    text = Text()
    if plan is None:
        text.append(_("No plan of approach recorded."))
        return text
    if plan.agreed_on:
        head = _("Version {n} · agreed on {date}").format(n=plan.number,
                                                          date=format_date(plan.agreed_on))
    else:
        head = _("Version {n} · {status}").format(
            n=plan.number, status=_label(vocab.PLAN_STATUSES, plan.status))
    text.append(head + "\n", style="bold")
    safety = _label(vocab.SAFETY_VIEWS, plan.safety) if plan.safety else _("not recorded")
    _line(text, _("View on safety"), safety + (f" — {plan.safety_note}" if plan.safety_note
                                               else ""))
    text.append(_("Goals") + "\n", style="bold")
    if not plan.goals:
        text.append("  " + _("no goals recorded") + "\n")
    for description, result, deadline, status in plan.goals:
        text.append(f"  • {description}")
        if result:
            text.append(f" → {result}")
        text.append("  " + _("({status}, deadline {deadline})").format(
            status=_label(vocab.GOAL_STATUSES, status),
            deadline=format_date(deadline, "short")) + "\n", style="dim")
    for label, items in ((_("Protective factors"), plan.protective),
                         (_("Threatening factors"), plan.threatening)):
        _line(text, label, "; ".join(items) if items else "—")
    text.rstrip()
    return text


def checklist_text(run: ChecklistSummary | None) -> Text:
    text = Text()
    if run is None:
        text.append(_("No checklist has been run on this case."))
        return text
    when = (_("completed on {date}").format(date=format_date(run.completed_on))
            if run.completed_on else
            _("started on {date}, not completed").format(date=format_date(run.started_on)))
    text.append(f"{run.template} · {when} · {run.by or '—'}\n", style="bold")
    for item, answer, note in run.answers:
        shown = _(_ANSWERS[answer]) if answer in _ANSWERS else "—"
        text.append(f"  {shown:<6}", style="bold red" if answer == "no" else "")
        text.append(item)
        if note:
            text.append(f" — {note}", style="dim")
        text.append("\n")
    text.rstrip()
    return text


def history_text(summary: ReviewSummary, older: int = 8, mark_new: bool = True) -> Text:
    """New items first (all of them), then the ``older`` most recent seen ones.

    Without ``mark_new`` (the process director's own case) the latest items, unmarked.
    """
    text = Text()
    if mark_new:
        new = [h for h in summary.history if h.new]
        seen = [h for h in summary.history if not h.new][:older]
        if summary.my_last_review is None:
            text.append(_("You have not reviewed this case before: everything is new to you.")
                        + "\n", style="italic")
        elif not new:
            text.append(_("Nothing has happened since your last review.") + "\n",
                        style="italic")
    else:
        new, seen = [], summary.history[:older * 2]
    new_tag = _("NEW")
    for item in [*new, *seen]:
        if item in new:
            text.append(f" {new_tag} ", style=NEW_STYLE)
        else:
            text.append(" " * (len(new_tag) + 2))
        text.append(f" {format_date(item.on, 'short')}  ")
        text.append(item.label(), style="bold" if item in new else "")
        if item.note:
            note = item.note if len(item.note) <= 70 else item.note[:69] + "…"
            text.append(f" — {note}", style="dim")
        text.append("\n")
    if not summary.history:
        text.append(_("Nothing has been recorded on this case yet."))
    text.rstrip()
    return text


def reviews_text(reviews: list[ReviewRow]) -> Text:
    text = Text()
    if not reviews:
        text.append(_("No duo reviews recorded yet."))
        return text
    for review in reviews:
        if review.unread:
            text.append(" " + _("unread") + " ", style=NEW_STYLE)
            text.append(" ")
        text.append(f"{format_date(review.reviewed_on)} · {review.reviewer} · ", style="bold")
        text.append(review.verdict_label(),
                    style="bold" if review.verdict == "agreed" else "bold yellow")
        if review.remarks:
            text.append(f"\n   {review.remarks}")
        text.append("\n")
    text.rstrip()
    return text
