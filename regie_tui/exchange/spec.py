"""The case file's fields: one table describing every section, used three ways.

The importer validates with it (clear, translated messages per field), the
exporter writes keys in its order, and :func:`build_schema` turns it into the
JSON Schema shipped as ``schema.json`` (a test keeps the two identical).
"""

from __future__ import annotations

from dataclasses import dataclass

from regie_tui.rules import checklists, vocab

FORMAT = "regie-casefile"
VERSION = 1
NOTE, NAME = 4000, 120


@dataclass(frozen=True)
class Field:
    kind: str  # text, date, bool, int, choice, consultant, refs, list
    required: bool = False
    max_len: int = 0
    multiline: bool = False
    options: tuple[str, ...] = ()
    past: bool = False  # a date of something that happened: not after today
    items: str | None = None  # for kind "list": the section its entries follow
    pattern: str | None = None  # for the JSON Schema only: the checker is stricter


def text(max_len: int, required: bool = False, multiline: bool = False) -> Field:
    return Field("text", required, max_len, multiline)


def note(required: bool = False) -> Field:
    return Field("text", required, NOTE, True)


def date(required: bool = False, past: bool = False) -> Field:
    return Field("date", required, past=past)


def happened(required: bool = False) -> Field:
    return date(required, past=True)


def choice(options, required: bool = False) -> Field:
    return Field("choice", required, options=tuple(options))


BOOL = Field("bool")
CONSULTANT = Field("consultant")

CASE = {
    "code": text(40, required=True),
    "alias": text(NAME, required=True),
    "status": choice(vocab.CASE_STATUSES, required=True),
    "opened_on": happened(required=True),
    "process_director": CONSULTANT,
    "duo_partner": CONSULTANT,
    "case_director_name": text(NAME),
    "case_director_org": text(NAME),
    "case_director_named_on": happened(),
    "role_agreement_on": happened(),
    "role_agreement_note": note(),
    "marking_letter_on": happened(),
    "cross_region": BOOL,
    "lead_organisation": text(NAME),
    "waiting_since": happened(),
    "waiting_for": text(200),
    "closed_on": happened(),
    "closing_reason": choice(vocab.CLOSING_REASONS),
    "handover_to": text(200),
    "handover_on": happened(),
    "aftercare": note(),
    "no_handover_reason": note(),
}

# Every history section of a case, in file order; "list" fields nest entries.
SECTIONS: dict[str, dict[str, Field]] = {
    "regimes": {
        "regime": choice(vocab.REGIMES, required=True),
        "start_on": happened(required=True),
        "ovv_decision_on": happened(),
        "note": note(),
    },
    "people": {
        "name": text(NAME, required=True),
        "birth_year": Field("int"),
        "role": choice(vocab.PERSON_ROLES, required=True),
    },
    "professionals": {
        "name": text(NAME, required=True),
        "organisation": text(NAME, required=True),
        "role": text(NAME, required=True),
    },
    "meetings": {
        "kind": choice(vocab.CASE_MEETING_KINDS, required=True),
        "planned_on": date(),
        "held_on": happened(),
        "youth_present": BOOL,
        "parents_present": BOOL,
        "note": note(),
        "consultant": CONSULTANT,
        "recorded_by": CONSULTANT,
    },
    "events": {
        "ref": Field("int", required=True),
        "kind": choice(vocab.EVENT_KINDS, required=True),
        "occurred_on": happened(required=True),
        "description": note(),
    },
    "plans": {
        "number": Field("int", required=True),
        "status": choice(vocab.PLAN_STATUSES, required=True),
        "origin": choice(vocab.PLAN_ORIGINS, required=True),
        "created_on": happened(required=True),
        "created_by": CONSULTANT,
        "reason": note(),
        "agreed_on": happened(),
        "agreed_by_parents": BOOL,
        "agreed_by_youth": BOOL,
        "agreed_by_case_director": BOOL,
        "safety": choice(vocab.SAFETY_VIEWS),
        "safety_note": note(),
        "goals": Field("list", items="goals"),
        "factors": Field("list", items="factors"),
    },
    "decisions": {
        "kind": choice(vocab.PLAN_DECISIONS, required=True),
        "decided_on": happened(required=True),
        "reason": note(required=True),
        "plan": Field("int"),
        "decided_by": CONSULTANT,
        "answers": Field("refs"),
    },
    "checklist_runs": {
        "template_key": text(64, required=True),
        "template_version": Field("int", required=True),
        "template_snapshot": Field("text", True, 100_000, True),
        "consultant": CONSULTANT,
        "started_on": happened(required=True),
        "completed_on": happened(),
        "answers": Field("list", items="checklist_answers"),
    },
    "escalations": {
        "level": choice(vocab.ESCALATION_LEVELS, required=True),
        "requested_on": happened(required=True),
        "reason": note(required=True),
        "decision": choice(vocab.ESCALATION_DECISIONS),
        "decided_on": happened(),
        "outcome": note(),
    },
    "duo_reviews": {
        "reviewer": Field("consultant", required=True),
        "reviewed_on": happened(required=True),
        "verdict": choice(vocab.DUO_VERDICTS, required=True),
        "remarks": note(),
        "read_on": happened(),
    },
    "risk_assessments": {
        "assessed_on": happened(required=True),
        "instrument": text(NAME),
        "outcome": note(),
    },
    "acknowledgements": {
        "code": text(40, required=True),
        "reason": note(required=True),
        "until": date(required=True),
        "acknowledged_on": happened(required=True),
        "acknowledged_by": CONSULTANT,
        # Withdrawn: from this day on it mutes nothing (see data.acknowledgements).
        "withdrawn_on": happened(),
        "withdrawn_by": CONSULTANT,
    },
}

# Entries nested in another section's entries.
NESTED: dict[str, dict[str, Field]] = {
    "goals": {
        "description": text(1000, required=True),
        "intended_result": text(1000),
        "deadline": date(),
        "owner": choice(vocab.GOAL_OWNERS, required=True),
        "status": choice(vocab.GOAL_STATUSES, required=True),
        "note": note(),
    },
    "factors": {
        "kind": choice(("protective", "threatening"), required=True),
        "text": text(1000, required=True),
    },
    "checklist_answers": {
        "item_key": text(64, required=True),
        # yes/no/na, or a choice item's option key: which ones depends on the item,
        # so the checker reads them from the run's own template snapshot.
        "answer": Field("text", max_len=8, pattern=checklists.OPTION_PATTERN.pattern),
        "note": note(),
        "value_date": date(),
    },
}

CONSULTANT_ENTRY = {
    "name": text(NAME, required=True),
    "role": choice(vocab.CONSULTANT_ROLES, required=True),
}

# What makes two history entries "the same" for ``import --update``: an
# entry whose identity the store already has (as often as the file has it)
# is not added again. Documented in docs/exchange-format.md.
IDENTITY: dict[str, tuple[str, ...]] = {
    "regimes": ("regime", "start_on"),
    "people": ("name", "role"),
    "professionals": ("name", "organisation", "role"),
    "meetings": ("kind", "planned_on", "held_on"),
    "events": ("kind", "occurred_on", "description"),
    "plans": ("number",),
    "decisions": ("kind", "decided_on", "reason"),
    "checklist_runs": ("template_key", "template_version", "started_on", "consultant"),
    "escalations": ("level", "requested_on"),
    "duo_reviews": ("reviewer", "reviewed_on"),
    "risk_assessments": ("assessed_on", "instrument"),
    "acknowledgements": ("code", "acknowledged_on", "until"),
}


def all_fields(section: str) -> dict[str, Field]:
    return SECTIONS.get(section) or NESTED[section]


# -- the JSON Schema ------------------------------------------------------------

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _field_schema(field: Field) -> dict:
    if field.kind == "list":
        return {"type": "array", "items": {"$ref": f"#/$defs/{field.items}"}}
    if field.kind == "refs":
        return {"type": "array", "items": {"type": "integer"}}
    if field.kind == "text":
        base = {"type": "string", "maxLength": field.max_len}
        if field.required:
            base["minLength"] = 1
        if field.pattern:
            base["pattern"] = field.pattern
    elif field.kind == "consultant":
        base = {"type": "string", "minLength": 1, "maxLength": NAME}
    elif field.kind == "date":
        base = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
    elif field.kind == "bool":
        return {"type": "boolean"}
    elif field.kind == "int":
        base = {"type": "integer"}
    elif field.kind == "choice":
        base = {"enum": list(field.options)}
    else:  # pragma: no cover - a new kind must be added here
        raise ValueError(field.kind)
    if field.required:
        return base
    return {"anyOf": [base, {"type": "null"}]}


def _object_schema(fields: dict[str, Field], title: str | None = None) -> dict:
    schema: dict = {"type": "object"}
    if title:
        schema["title"] = title
    schema["properties"] = {name: _field_schema(f) for name, f in fields.items()}
    schema["required"] = [name for name, f in fields.items() if f.required]
    schema["additionalProperties"] = False
    return schema


def build_schema() -> dict:
    case = _object_schema(CASE, "One case with its whole history")
    for section in SECTIONS:
        case["properties"][section] = {"type": "array", "items": {"$ref": f"#/$defs/{section}"}}
    defs = {"case": case, "consultant": _object_schema(CONSULTANT_ENTRY)}
    for section, fields in {**SECTIONS, **NESTED}.items():
        defs[section] = _object_schema(fields)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://regie.example/schema/regie-casefile-1.json",
        "title": "Regie case file, version 1",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "consultants": {"type": "array", "items": {"$ref": "#/$defs/consultant"}},
            "cases": {"type": "array", "items": {"$ref": "#/$defs/case"}},
        },
        "required": ["format", "version", "cases"],
        "additionalProperties": False,
        "$defs": defs,
    }
