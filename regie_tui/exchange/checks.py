"""Validating one case (a case-file document) before anything is written.

Driven by ``spec``: every field's type, length, vocabulary and date rule,
with the messages of ``data.validate`` so a refused import reads like a
refused form. A problem is ``(path, message)``; the caller turns the path
into a place in the user's file (JSON path, or spreadsheet row and column).

Hot path: a 10,000-case file has millions of fields, so the common case
(a short, clean string; a date seen before) is decided without a call into
``validate``; anything unusual goes through it for the exact message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from regie_tui.base.errors import ValidationError
from regie_tui.base.i18n import _
from regie_tui.data import date_rules as R
from regie_tui.data import validate as v
from regie_tui.exchange import spec
from regie_tui.rules import checklists as CL
from regie_tui.rules import vocab

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Problems = list[tuple[str, str]]


class _Invalid(Exception):
    def __init__(self, message: str):
        self.message = message


def _compile(fields: dict[str, spec.Field]):
    return tuple((name, f) for name, f in fields.items())


_SECTIONS = {name: _compile(fields) for name, fields in {**spec.SECTIONS, **spec.NESTED}.items()}
_CASE = _compile(spec.CASE) + tuple((s, spec.Field("list", items=s)) for s in spec.SECTIONS)


def _fast(field: spec.Field, good_dates: set, good_past: set):
    """A quick yes for the common, clean value; a no sends it to the full check."""
    optional = not field.required
    kind = field.kind
    if kind in ("text", "consultant"):
        max_len = field.max_len or spec.NAME

        def ok(value):
            if value is None:
                return optional
            # str.strip returns the very same object when there is nothing to strip.
            return (type(value) is str and 0 < len(value) <= max_len and value.isprintable()
                    and value.strip() is value)
    elif kind == "date":
        good = good_past if field.past else good_dates

        def ok(value):
            return (optional if value is None else (type(value) is str and value in good))
    elif kind == "choice":
        options = frozenset(field.options)

        def ok(value):
            return (optional if value is None else
                    (type(value) is str and value in options))
    elif kind == "bool":
        def ok(value):
            return value is True or value is False
    elif kind == "int":
        def ok(value):
            return type(value) is int or (optional and value is None)
    else:
        def ok(value):
            return False
    return ok


class Checker:
    """Checks case documents against the spec for a store whose day is ``today``.

    ``label(path, name)`` gives the name of a field as the user knows it (the
    JSON key, or the spreadsheet's column header).
    """

    def __init__(self, today: dt.date, label: Callable[[str, str], str] | None = None):
        self.today = today
        self.label = label or (lambda path, name: name)
        self._dates: dict[str, str | None] = {}  # text -> None when fine, else message key
        self._good_dates: set[str] = set()  # dates seen that are fine
        self._good_past: set[str] = set()  # ... and not after today
        self._compiled: dict[int, tuple] = {}

    def _fields(self, fields):
        compiled = self._compiled.get(id(fields))
        if compiled is None:
            compiled = self._compiled[id(fields)] = (tuple(
                (name, f, _fast(f, self._good_dates, self._good_past)) for name, f in fields),
                frozenset(name for name, _f in fields))
        return compiled

    # -- single values -----------------------------------------------------------
    def _date(self, value, field: spec.Field, label: str) -> str:
        if not isinstance(value, str):
            raise _Invalid(_("{label} is not a date.").format(label=label))
        verdict = self._dates.get(value, "?")
        if verdict == "?":
            verdict = self._dates[value] = self._judge_date(value)
        if verdict is None:
            self._good_dates.add(value)
            self._good_past.add(value)
            return value
        if verdict == "future" and not field.past:
            self._good_dates.add(value)
            return value
        if verdict == "future":
            raise _Invalid(_("{label} cannot be in the future.").format(label=label))
        if verdict == "early":
            raise _Invalid(_("{label} cannot be before {earliest}.").format(
                label=label, earliest=v.EARLIEST.strftime("%d-%m-%Y")))
        if verdict == "impossible":
            raise _Invalid(_("{label}: {value} is not a date that exists.").format(
                label=label, value=value))
        raise _Invalid(_("{label} is not a date in the form YYYY-MM-DD.").format(label=label))

    def _judge_date(self, value: str) -> str | None:
        if not _ISO.fullmatch(value):
            return "format"
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return "impossible"
        if day < v.EARLIEST:
            return "early"
        return "future" if day > self.today else None

    def value(self, field: spec.Field, value, label: str):
        """The cleaned value, or _Invalid with the message."""
        kind = field.kind
        if value is None or (kind in ("text", "consultant") and value == ""):
            if field.required:
                raise _Invalid(_("{label} is required.").format(label=label))
            return False if kind == "bool" else None
        if kind == "text" or kind == "consultant":
            if not isinstance(value, str):
                raise _Invalid(_("{label} must be text.").format(label=label))
            max_len = field.max_len or spec.NAME
            # Fast path: printable, trimmed, short enough.
            if len(value) <= max_len and value.isprintable() and value == value.strip():
                return value
            try:
                return v.text("", label, value, max_len=max_len, required=field.required,
                              multiline=field.multiline)
            except ValidationError as exc:
                raise _Invalid(exc.message) from None
        if kind == "date":
            return self._date(value, field, label)
        if kind == "choice":
            if isinstance(value, str) and value in field.options:
                return value
            raise _Invalid(_("{label}: {value!r} is not one of the allowed values ({options}).")
                           .format(label=label, value=str(value)[:40],
                                   options=", ".join(field.options)))
        if kind == "bool":
            if isinstance(value, bool):
                return value
            raise _Invalid(_("{label} must be true or false.").format(label=label))
        if kind == "int":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            raise _Invalid(_("{label} must be a whole number.").format(label=label))
        if kind == "refs":
            if isinstance(value, list) and all(
                    isinstance(x, int) and not isinstance(x, bool) for x in value):
                return value
            raise _Invalid(_("{label} must be a list of event numbers.").format(label=label))
        raise AssertionError(kind)  # pragma: no cover

    # -- objects -----------------------------------------------------------------
    def _object(self, fields, raw, path: str, problems: Problems) -> dict | None:
        if not isinstance(raw, dict):
            problems.append((path, _("expected an object with fields.")))
            return None
        out = {}
        ok = True
        compiled, known = self._fields(fields)
        for name, field, fast in compiled:
            value = raw.get(name)
            if fast(value):
                out[name] = value
                continue
            if field.kind == "list":
                value = self._list(field.items, value, f"{path}.{name}" if path else name,
                                   problems)
                if value is None:
                    ok = False
                out[name] = value
                continue
            try:
                out[name] = self.value(field, value, self.label(path, name))
            except _Invalid as exc:
                problems.append((f"{path}.{name}" if path else name, exc.message))
                ok = False
        unknown = raw.keys() - known
        if unknown:
            for name in sorted(map(str, unknown)):
                problems.append((f"{path}.{name}" if path else name, _("unknown field.")))
            ok = False
        return out if ok else None

    def _list(self, section: str, raw, path: str, problems: Problems) -> list | None:
        if raw is None:
            return []
        if not isinstance(raw, list):
            problems.append((path, _("expected a list.")))
            return None
        fields = _SECTIONS[section]
        out, ok = [], True
        for i, entry in enumerate(raw):
            clean = self._object(fields, entry, f"{path}[{i}]", problems)
            if clean is None:
                ok = False
            else:
                out.append(clean)
        return out if ok else None

    def case(self, raw) -> tuple[dict | None, Problems]:
        """The cleaned case and its problems (the case is None when there are any)."""
        problems: Problems = []
        case = self._object(_CASE, raw, "", problems)
        if case is not None:
            self._consistency(case, problems)
        return (case if not problems else None), problems

    def _snapshot(self, run: dict) -> CL.Template | str:
        """The run's stored template, or why it cannot be used.

        The rules read each completed run's template to know its consequences;
        one unreadable template would make the whole caseload unreadable.
        Cases in one file share a few templates, so each is parsed once.
        """
        cache = self.__dict__.setdefault("_snapshots", {})
        text = run["template_snapshot"]
        if text not in cache:
            try:
                cache[text] = CL.from_snapshot(text)
            except CL.TemplateError as exc:
                cache[text] = str(exc)
        template = cache[text]
        if isinstance(template, str):
            return _("the checklist template stored with this run cannot be read: {reason}"
                     ).format(reason=template)
        if (template.key, template.version) != (run["template_key"], run["template_version"]):
            return _("the stored template is {key} version {version}, not the one the run "
                     "names.").format(key=template.key, version=template.version)
        return template

    def _answers(self, template: CL.Template, run: dict, path: str, problems: Problems) -> None:
        """Each answer as the checklist form allows it: an item of the run's own template,
        one of that item's answers (a choice item's option keys, or yes/no/na), a date
        only on a date item."""
        # Hot path (a run per case in a 10,000-case file): items by key, once per template
        # (templates stay cached in _snapshots, so their ids are not reused).
        items = self.__dict__.setdefault("_items", {}).get(id(template))
        if items is None:
            items = self._items[id(template)] = {
                i.key: (i.answer_codes(), i.type == CL.DATE) for i in template.items}
        for j, a in enumerate(run["answers"]):
            where = f"{path}.answers[{j}]"
            found = items.get(a["item_key"])
            if found is None:
                problems.append((f"{where}.item_key", _(
                    "this checklist has no item {key}.").format(key=a["item_key"])))
                continue
            codes, is_date = found
            if a["answer"] is not None and a["answer"] not in codes:
                problems.append((f"{where}.answer", _(
                    "{label}: {value!r} is not one of the allowed values ({options}).").format(
                    label=self.label(where, "answer"), value=a["answer"],
                    options=", ".join(codes))))
            if a["value_date"] is not None and not is_date:
                problems.append((f"{where}.value_date", _("Only a date item takes a date.")))

    # -- rules across fields -------------------------------------------------------
    def _consistency(self, case: dict, problems: Problems) -> None:
        def problem(path, message):
            problems.append((path, message))

        if not case["regimes"]:
            problem("regimes", _("a case needs at least one regime period (PR or VPR)."))
        for i, r in enumerate(case["regimes"]):
            if r["regime"] == "VPR" and r["ovv_decision_on"] is None:
                problem(f"regimes[{i}].ovv_decision_on", _("{label} is required.").format(
                    label=self.label(f"regimes[{i}]", "ovv_decision_on")))
        if case["status"] == "closed":
            for name in ("closed_on", "closing_reason"):
                if case[name] is None:
                    problem(name, _("{label} is required.").format(label=self.label("", name)))
        for i, m in enumerate(case["meetings"]):
            if m["held_on"] is None and m["planned_on"] is None:
                problem(f"meetings[{i}].held_on",
                        _("Give the date it was held, or the planned date."))
        refs = set()
        for i, e in enumerate(case["events"]):
            if e["ref"] in refs:
                problem(f"events[{i}].ref", _("event number {ref} is used twice.").format(
                    ref=e["ref"]))
            refs.add(e["ref"])
        numbers = set()
        for i, p in enumerate(case["plans"]):
            if p["number"] in numbers:
                problem(f"plans[{i}].number", _("plan number {n} is used twice.").format(
                    n=p["number"]))
            numbers.add(p["number"])
        for i, d in enumerate(case["decisions"]):
            if d["plan"] is not None and d["plan"] not in numbers:
                problem(f"decisions[{i}].plan", _("there is no plan number {n} in this case.")
                        .format(n=d["plan"]))
            for ref in d["answers"] or ():
                if ref not in refs:
                    problem(f"decisions[{i}].answers", _(
                        "there is no event number {ref} in this case.").format(ref=ref))
        for i, run in enumerate(case["checklist_runs"]):
            template = self._snapshot(run)
            if isinstance(template, str):
                problem(f"checklist_runs[{i}].template_snapshot", template)
            else:
                self._answers(template, run, f"checklist_runs[{i}]", problems)
        for i, a in enumerate(case["acknowledgements"]):
            if a["withdrawn_by"] is not None and a["withdrawn_on"] is None:
                problem(f"acknowledgements[{i}].withdrawn_by", _(
                    "a withdrawal needs the date it was withdrawn ({field}).").format(
                    field=self.label(f"acknowledgements[{i}]", "withdrawn_on")))
        for i, p in enumerate(case["people"]):
            try:
                v.birth_year("", self.label(f"people[{i}]", "birth_year"), p["birth_year"],
                             self.today)
            except ValidationError as exc:
                problem(f"people[{i}].birth_year", exc.message)
        self._order(case, problems)

    def _order(self, case: dict, problems: Problems) -> None:
        """Which date may not come before which: the commands' rules (data.date_rules)."""
        def rule(check, parent: str, name: str, value, earlier) -> None:
            if value is None or earlier is None:
                return
            path = f"{parent}.{name}" if parent else name
            try:
                check(path, self.label(parent, name), value, earlier)
            except ValidationError as exc:
                problems.append((path, exc.message))

        opened = case["opened_on"]
        rule(R.after_opening, "", "closed_on", case["closed_on"], opened)
        rule(R.after_opening, "", "handover_on", case["handover_on"], opened)
        rule(R.after_naming, "", "role_agreement_on", case["role_agreement_on"],
             case["case_director_named_on"])
        for i, r in enumerate(case["regimes"]):
            if r["regime"] == vocab.VPR:
                rule(R.after_ovv, f"regimes[{i}]", "start_on", r["start_on"],
                     r["ovv_decision_on"])
        for i, m in enumerate(case["meetings"]):
            rule(R.after_opening, f"meetings[{i}]", "held_on", m["held_on"], opened)
        for i, e in enumerate(case["escalations"]):
            rule(R.after_request, f"escalations[{i}]", "decided_on", e["decided_on"],
                 e["requested_on"])
        for i, d in enumerate(case["duo_reviews"]):
            rule(R.read_after_review, f"duo_reviews[{i}]", "read_on", d["read_on"],
                 d["reviewed_on"])
        for i, run in enumerate(case["checklist_runs"]):
            rule(R.after_opening, f"checklist_runs[{i}]", "completed_on", run["completed_on"],
                 opened)
        for i, a in enumerate(case["acknowledgements"]):
            rule(_withdrawn_after_acknowledged, f"acknowledgements[{i}]", "withdrawn_on",
                 a["withdrawn_on"], a["acknowledged_on"])
        plans = case["plans"]
        first_made = min((p["created_on"] for p in plans), default=None)
        agreed: dict[int, str] = {}
        previous = None  # the agreed version before, in number order
        for i, p in sorted(enumerate(plans), key=lambda item: item[1]["number"]):
            rule(R.agreed_after_made, f"plans[{i}]", "agreed_on", p["agreed_on"],
                 p["created_on"])
            for j, g in enumerate(p["goals"]):
                rule(R.deadline_after_plan, f"plans[{i}].goals[{j}]", "deadline",
                     g["deadline"], first_made)
            if p["agreed_on"] is not None:
                rule(R.after_agreement, f"plans[{i}]", "agreed_on", p["agreed_on"], previous)
                agreed[p["number"]] = previous = p["agreed_on"]
        for i, d in enumerate(case["decisions"]):
            rule(R.after_agreement, f"decisions[{i}]", "decided_on", d["decided_on"],
                 agreed.get(d["plan"]))


def _withdrawn_after_acknowledged(field: str, label: str, withdrawn_on, acknowledged_on):
    v.not_before(field, label, withdrawn_on, acknowledged_on, _("the date acknowledged"))


def consultant_refs(case: dict):
    """(path, name) of every consultant a case names; also on an unchecked document."""
    if not isinstance(case, dict):
        return
    for name in ("process_director", "duo_partner"):
        if isinstance(case.get(name), str) and case[name]:
            yield name, case[name]
    for section, names in _CONSULTANT_FIELDS:
        entries = case.get(section)
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for n in names:
                value = entry.get(n)
                if isinstance(value, str) and value:
                    yield f"{section}[{i}].{n}", value


_CONSULTANT_FIELDS = tuple(
    (section, tuple(n for n, f in fields.items() if f.kind == "consultant"))
    for section, fields in spec.SECTIONS.items()
    if any(f.kind == "consultant" for f in fields.values()))
