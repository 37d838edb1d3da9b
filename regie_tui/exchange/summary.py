"""A case summary in Markdown, for an MDO or a hand-over.

Facts, the current plan, the open signals and the last evaluation of one
case, in the language Regie runs in. Built from the same documents as the
case file (the whole history) and the rules' facts and signals.
"""

from __future__ import annotations

import datetime as dt

from regie_tui.base.i18n import _, format_date
from regie_tui.rules import vocab


def _d(value: str | None) -> str:
    return format_date(dt.date.fromisoformat(value)) if value else "—"


def _label(options: dict, code: str | None) -> str:
    if code is None:
        return "—"
    return _(options[code]) if code in options else code


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def render(doc: dict, signals: list, today: dt.date) -> str:
    """The summary of one case document (see ``exchange.reader``) with its signals."""
    out: list[str] = []
    add = out.append
    add("# " + _("Case summary {code}").format(code=doc["code"]))
    add("")
    add(_("{alias} · made on {date} · this document holds personal data.").format(
        alias=doc["alias"], date=format_date(today)))
    add("")
    _facts(doc, add)
    _plan(doc, add)
    _signals(signals, today, add)
    _evaluation(doc, add)
    _escalations(doc, add)
    return "\n".join(out).rstrip() + "\n"


def _facts(doc: dict, add) -> None:
    regime = doc["regimes"][-1] if doc["regimes"] else None
    add("## " + _("Facts"))
    add("")
    rows = [
        (_("Status"), _label(vocab.CASE_STATUSES, doc["status"])),
        (_("Started on"), _d(doc["opened_on"])),
        (_("Regime"), (_label(vocab.REGIMES, regime["regime"]) + " " +
                       _("since {date}").format(date=_d(regime["start_on"])))
         if regime else "—"),
    ]
    if regime and regime["ovv_decision_on"]:
        rows.append((_("OVV decision"), _d(regime["ovv_decision_on"])))
    rows += [
        (_("Process director"), doc["process_director"] or "—"),
        (_("Duo partner"), doc["duo_partner"] or "—"),
        (_("Case director"), f"{doc['case_director_name']} ({doc['case_director_org'] or '—'}), "
         + _("named on {date}").format(date=_d(doc["case_director_named_on"]))
         if doc["case_director_name"] else _("not named")),
        (_("Role agreement"), _d(doc["role_agreement_on"]) if doc["role_agreement_on"]
         else _("not recorded")),
        (_("Marking letter"), _d(doc["marking_letter_on"]) if doc["marking_letter_on"]
         else _("not recorded")),
    ]
    if doc["cross_region"]:
        rows.append((_("Cross-region; lead organisation"), doc["lead_organisation"] or
                     _("not recorded")))
    if doc["waiting_for"] or doc["waiting_since"]:
        rows.append((_("Waiting for"), f"{doc['waiting_for'] or '—'} (" + _(
            "since {date}").format(date=_d(doc["waiting_since"])) + ")"))
    if doc["status"] == vocab.CLOSED:
        rows.append((_("Closed on"), f"{_d(doc['closed_on'])} · "
                     f"{_label(vocab.CLOSING_REASONS, doc['closing_reason'])}"))
        rows.append((_("Handed over to"), f"{doc['handover_to'] or '—'} "
                     f"({_d(doc['handover_on'])})"))
    for label, value in rows:
        add(f"- **{label}:** {value}")
    people = [f"{p['name']} ({_label(vocab.PERSON_ROLES, p['role'])}"
              + (f", {p['birth_year']})" if p["birth_year"] else ")") for p in doc["people"]]
    if people:
        add("- **" + _("Family") + ":** " + "; ".join(people))
    pros = [f"{p['name']} ({p['organisation']}, {p['role']})" for p in doc["professionals"]]
    if pros:
        add("- **" + _("Professionals involved") + ":** " + "; ".join(pros))
    add("")


def _plan(doc: dict, add) -> None:
    agreed = [p for p in doc["plans"] if p["status"] == vocab.AGREED]
    add("## " + _("Current plan of approach"))
    add("")
    if not agreed:
        add(_("No agreed plan of approach."))
        add("")
        return
    plan = agreed[-1]
    add(_("Version {n}, agreed on {date}; origin: {origin}.").format(
        n=plan["number"], date=_d(plan["agreed_on"]),
        origin=_label(vocab.PLAN_ORIGINS, plan["origin"])))
    add("")
    add("- **" + _("View on safety") + f":** {_label(vocab.SAFETY_VIEWS, plan['safety'])}"
        + (f" — {plan['safety_note']}" if plan["safety_note"] else ""))
    for kind, label in (("protective", _("Protective factors")),
                        ("threatening", _("Threatening factors"))):
        texts = [f["text"] for f in plan["factors"] if f["kind"] == kind]
        add(f"- **{label}:** " + ("; ".join(texts) if texts else "—"))
    add("")
    if plan["goals"]:
        columns = (_("Goal"), _("Intended result"), _("Deadline"), _("Owner"), _("Status"))
        add("| " + " | ".join(columns) + " |")
        add("|---|---|---|---|---|")
        for g in plan["goals"]:
            add(f"| {_cell(g['description'])} | {_cell(g['intended_result'])} | "
                f"{_d(g['deadline'])} | {_label(vocab.GOAL_OWNERS, g['owner'])} | "
                f"{_label(vocab.GOAL_STATUSES, g['status'])} |")
        add("")


def _signals(signals: list, today: dt.date, add) -> None:
    add("## " + _("Open signals"))
    add("")
    shown = [s for s in signals if not s.muted]
    muted = [s for s in signals if s.muted]
    if not shown:
        # An acknowledged signal is not resolved: never "no signals" while one is there.
        add(_("No signals.") if not muted else
            _("None open; {n} acknowledged, not resolved (below).").format(n=len(muted)))
    for s in shown:
        add(f"- {s.symbol} **{s.severity_label()}: {s.title()}** — {s.explanation()} "
            + _("Action: {action}").format(action=s.action()))
    if muted:
        add("")
        add("**" + _("Acknowledged ({n})").format(n=len(muted)) + "**")
        add("")
    for s in muted:
        add(f"- {s.symbol} {s.severity_label()}: {s.title()} — {s.explanation()} "
            + _("acknowledged until {until}: {reason}").format(
                until=format_date(s.acknowledgement.until), reason=s.acknowledgement.reason))
    add("")


def _evaluation(doc: dict, add) -> None:
    add("## " + _("Last evaluation"))
    add("")
    held = [m for m in doc["meetings"] if m["kind"] in vocab.EVALUATION_KINDS and m["held_on"]]
    if not held:
        add(_("No MDO or evaluation recorded."))
        add("")
    else:
        last = max(held, key=lambda m: m["held_on"])
        add(_("{kind} held on {date}; youth present: {youth}; parents present: {parents}.")
            .format(kind=_label(vocab.MEETING_KINDS, last["kind"]), date=_d(last["held_on"]),
                    youth=_yes(last["youth_present"]), parents=_yes(last["parents_present"])))
        if last["note"]:
            add("")
            add("> " + last["note"].replace("\n", "\n> "))
        add("")
    runs = [r for r in doc["checklist_runs"] if r["completed_on"]]
    if runs:
        run = max(runs, key=lambda r: r["completed_on"])
        template = _template(run)
        add(_("{checklist} completed on {date}:").format(
            checklist=template.label() if template else run["template_key"],
            date=_d(run["completed_on"])))
        add("")
        for a in run["answers"]:
            add("- " + _answer_line(template, a))
        add("")
    planned = sorted(m["planned_on"] for m in doc["meetings"]
                     if m["held_on"] is None and m["planned_on"])
    if planned:
        add(_("Next planned meeting: {date}.").format(date=_d(planned[0])))
        add("")


def _template(run: dict):
    """The run's own template (its snapshot): the words the consultant answered."""
    from regie_tui.rules import checklists as CL

    try:
        return CL.from_snapshot(run["template_snapshot"])
    except (CL.TemplateError, TypeError, ValueError):
        return None


def _answer_line(template, a: dict) -> str:
    """"Label: answer — date — note" in the template's own words; the stored key
    only when the template no longer has the item."""
    item = template.item(a["item_key"]) if template else None
    label = item.label() if item else a["item_key"]
    answer = (item.answer_label(a["answer"]) if item else a["answer"]) or "—"
    parts = [f"{label}: {answer}"]
    if a.get("value_date"):
        parts.append(_d(a["value_date"]))
    if a["note"]:
        parts.append(" ".join(a["note"].split()))
    return " — ".join(parts)


def _escalations(doc: dict, add) -> None:
    if not doc["escalations"]:
        return
    add("## " + _("Escalations"))
    add("")
    for e in doc["escalations"]:
        decision = (_label(vocab.ESCALATION_DECISIONS, e["decision"]) + " " +
                    _("on {date}").format(date=_d(e["decided_on"]))) if e["decision"] \
            else _("no decision yet")
        add(f"- {_d(e['requested_on'])}: {_label(vocab.ESCALATION_LEVELS, e['level'])} — "
            f"{decision}")
    add("")


def summary_text(store, code: str, intervals) -> tuple[str, int]:
    """(Markdown, case id) for the case with ``code``."""
    from regie_tui.base.errors import NotFoundError
    from regie_tui.data import facts_loader
    from regie_tui.exchange import reader
    from regie_tui.rules.engine import evaluate_case
    from regie_tui.rules.signals import sort_signals

    case_id = store.case_id_for_code(code)
    today = store.clock.today()
    with store.snapshot() as conn:  # the text and its signals from the same state
        docs, _people = reader.read_cases(conn, [case_id])
        facts = facts_loader.load(conn, [case_id], as_of=today).cases
    if not facts:
        raise NotFoundError(_("This case no longer exists."))
    signals = sort_signals(evaluate_case(facts[0], today, intervals))
    return render(docs[0], signals, today), case_id
