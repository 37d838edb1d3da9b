"""The JSON case file: writing it (export) and reading it back (import).

The layout is fixed so the same cases always give byte-identical files:
keys in the order of ``spec``, one history entry per line, cases by code.
That is what makes "export, import into an empty store, export" testable,
and it keeps a 10,000-case file diffable and a test scenario readable.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from regie_tui.base.i18n import _
from regie_tui.exchange import spec


class CaseFileError(Exception):
    """The file cannot be read as a case file at all; the message says why."""


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _entry(section: str, entry: dict) -> dict:
    """The entry with its keys in spec order, nested entries too, ``_`` keys dropped."""
    out = {}
    for name, field in spec.all_fields(section).items():
        value = entry.get(name)
        if field.kind == "list":
            value = [_entry(field.items, e) for e in value or ()]
        elif field.kind == "refs":
            value = list(value or ())
        elif field.kind == "bool":
            value = bool(value)
        out[name] = value
    return out


def _lines(items: list[str], indent: str) -> str:
    if not items:
        return "[]"
    inner = ",\n".join(indent + "  " + item for item in items)
    return "[\n" + inner + "\n" + indent + "]"


def dumps(cases: list[dict], consultants: list[dict]) -> str:
    """The text of a case file holding ``cases`` (documents as the reader makes them)."""
    case_texts = []
    for case in cases:
        parts = [f'      "{name}": {_dump(case.get(name))}' for name in spec.CASE]
        for section in spec.SECTIONS:
            entries = [_dump(_entry(section, e)) for e in case.get(section) or ()]
            parts.append(f'      "{section}": {_lines(entries, "      ")}')
        case_texts.append("{\n" + ",\n".join(parts) + "\n    }")
    people = [_dump({"name": c["name"], "role": c["role"]}) for c in consultants]
    return (
        "{\n"
        f'  "format": {_dump(spec.FORMAT)},\n'
        f'  "version": {spec.VERSION},\n'
        f'  "consultants": {_lines(people, "  ")},\n'
        f'  "cases": {_lines(case_texts, "  ")}\n'
        "}\n"
    )


def export_text(store, codes: list[str] | None) -> tuple[str, int]:
    """(file text, number of cases) for the cases with ``codes``, or all cases."""
    from regie_tui.base.errors import NotFoundError
    from regie_tui.exchange import reader

    with store.snapshot() as conn:
        ids = reader.case_ids(conn, codes)
        if codes is not None and len(ids) < len(set(codes)):
            found = {r[0] for r in conn.execute(
                f"SELECT code FROM care_case WHERE id IN ({','.join(map(str, ids)) or 'NULL'})")}
            missing = sorted(set(codes) - found)
            raise NotFoundError(_("There is no case with code {code}.").format(code=missing[0]))
        cases, consultants = reader.read_cases(conn, ids)
    return dumps(cases, consultants), len(cases)


def load(path: Path) -> dict:
    """The parsed document, or CaseFileError saying what is wrong with the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseFileError(_("{file}: cannot be read ({reason}).").format(
            file=path, reason=exc.strerror or exc.__class__.__name__)) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CaseFileError(_("{file}: not a text file in UTF-8.").format(file=path)) from None
    except json.JSONDecodeError as exc:
        raise CaseFileError(_("{file}, line {line}, column {column}: not valid JSON ({reason}).")
                            .format(file=path, line=exc.lineno, column=exc.colno,
                                    reason=exc.msg)) from None
    if not isinstance(data, dict) or data.get("format") != spec.FORMAT:
        raise CaseFileError(_("{file}: not a Regie case file (the \"format\" field must be "
                              "\"{format}\").").format(file=path, format=spec.FORMAT))
    if data.get("version") != spec.VERSION:
        raise CaseFileError(_("{file}: case file version {version} is not supported; this "
                              "Regie reads version {supported}.").format(
            file=path, version=data.get("version"), supported=spec.VERSION))
    return data


def parse(path: Path):
    """The file as an importer ``Parsed``: its cases, declared consultants, file problems."""
    from regie_tui.exchange.checks import Checker
    from regie_tui.exchange.importer import Incoming, Parsed, Problem

    parsed = Parsed()
    try:
        data = load(path)
    except CaseFileError as exc:
        parsed.problems.append(Problem(str(path), str(exc).removeprefix(f"{path}: ")))
        return parsed
    for key in data:
        if key not in ("format", "version", "consultants", "cases"):
            parsed.problems.append(Problem(f"{path}, {key}", _("unknown field.")))
    cases = data.get("cases")
    if not isinstance(cases, list):
        parsed.problems.append(Problem(f"{path}, cases", _("expected a list of cases.")))
        return parsed
    people = data.get("consultants") or []
    if not isinstance(people, list):
        parsed.problems.append(Problem(f"{path}, consultants", _("expected a list.")))
        people = []
    checker = Checker(dt.date.max)
    fields = tuple(spec.CONSULTANT_ENTRY.items())
    for i, entry in enumerate(people):
        found: list = []
        clean = checker._object(fields, entry, f"consultants[{i}]", found)
        for where, message in found:
            parsed.problems.append(Problem(f"{path}, {where}", message))
        if clean is not None:
            parsed.consultants[clean["name"]] = clean["role"]
    for i, raw in enumerate(cases):
        code = raw.get("code") if isinstance(raw, dict) else None
        code = code.strip()[:40] if isinstance(code, str) else None
        name = _("case {code}").format(code=code) if code else \
            _("case number {n}").format(n=i + 1)
        # Two cases may share a code (the import refuses that): the place tells them apart.
        parsed.cases.append(Incoming(raw, _locator(path, i, name), f"{name} (cases[{i}])"))
    return parsed


def _locator(path: Path, index: int, name: str):
    def locate(field_path: str) -> str:
        where = f"{path}, {name} (cases[{index}])"
        return f"{where}, {field_path}" if field_path else where
    return locate
