"""Importing cases: validate everything, then write in one transaction.

Sources (the JSON case file, a CSV or XLSX caseload) hand in case documents
in the case-file shape, each with a function that turns a field path into a
place in the user's file. The rules:

* By default an import with any problem writes nothing at all.
* ``skip_invalid`` writes exactly the cases without problems and lists the rest.
* A case is written whole or not at all: one problem rejects the whole case.
* A code the store already has is refused, unless ``update``: then the
  history entries the store does not have yet are added (identity per
  section in ``spec.IDENTITY``) and empty case fields are filled in, so
  importing the same file twice changes nothing the second time.
* One audit entry per case created or changed (and per consultant created).
* The store's access rules hold (``Engine.import_limits``): on a team store the
  login imports only their own cases (one without a process director becomes
  theirs), adds no consultants and updates only cases they may change; each case
  they would refuse is a problem in the report, like any other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from regie_tui.base.i18n import _
from regie_tui.exchange import spec
from regie_tui.exchange.checks import Checker, consultant_refs


@dataclass(frozen=True)
class Problem:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Incoming:
    """One case as read from the file, and how to point at its fields there."""

    raw: object
    locate: Callable[[str], str]  # field path -> "file, place"
    name: str  # how the report names it when skipped: "case X" / "line 4"
    label: Callable[[str, str], str] | None = None  # field as the user knows it
    problems: list[Problem] = field(default_factory=list)  # found while reading the file
    # Fields whose cell already has a problem: their follow-on problems are not repeated.
    ignore: Callable[[str], bool] | None = None


@dataclass
class Parsed:
    """What a source made of a file."""

    cases: list[Incoming] = field(default_factory=list)
    consultants: dict[str, str] = field(default_factory=dict)  # declared: name -> role
    problems: list[Problem] = field(default_factory=list)  # the file as a whole
    label: Callable[[str, str], str] | None = None


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: dict[str, int] = field(default_factory=dict)  # code -> entries added
    unchanged: list[str] = field(default_factory=list)
    consultants_created: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # kept the store's value
    rows: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def import_cases(store, parsed: Parsed, *, update: bool = False,
                 skip_invalid: bool = False) -> Report:
    report = Report(problems=list(parsed.problems))
    if parsed.problems:  # the file itself is unusable: never a partial import
        return report
    checker = Checker(store.clock.today(), parsed.label)
    default_label = checker.label
    clean: list[tuple[Incoming, dict | None, list[Problem]]] = []
    for incoming in parsed.cases:
        checker.label = incoming.label or default_label
        case, found = checker.case(incoming.raw)
        ignore = incoming.ignore
        problems = list(incoming.problems) + [
            Problem(incoming.locate(p), m) for p, m in found if not (ignore and ignore(p))]
        clean.append((incoming, None if problems else case, problems))
    _duplicate_codes(clean)

    backend = store.backend
    with store.writing() as conn:  # refused on a damaged (read-only) store
        backend.begin_write(conn)
        try:
            needs = _check_store(conn, backend, clean, parsed.consultants, update)
            for incoming, _case, found in clean:
                if found:
                    report.problems.extend(found)
                    report.skipped.append(incoming.name)
            if report.problems and not skip_invalid:
                report.skipped.clear()
                conn.execute("ROLLBACK")
                return report
            _write(conn, store, [(i, c) for i, c, found in clean if not found],
                   parsed.consultants, needs, report)
            conn.execute("COMMIT")
            report.written = True
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    backend.after_write()
    return report


def _duplicate_codes(clean) -> None:
    seen: dict[str, list] = defaultdict(list)
    for item in clean:
        code = item[0].raw.get("code") if isinstance(item[0].raw, dict) else None
        if isinstance(code, str) and code.strip():
            seen[code.strip()].append(item)
    for code, items in seen.items():
        if len(items) > 1:
            for incoming, _case, found in items:
                others = "; ".join(o[0].name for o in items if o[0] is not incoming)
                found.append(Problem(incoming.locate("code"), _(
                    "the code {code} appears more than once in this file (also: {others}).")
                    .format(code=code, others=others)))


def _check_store(conn, backend, clean, declared: dict[str, str], update: bool
                 ) -> dict[int, set]:
    """Adds store-dependent problems; returns, per case, the declared consultants it needs.

    What the store's access rules allow (``backend.import_limits``) is checked here
    too, so a case they would refuse is named in the report, not a whole import
    refused at the first row: on a team store a consultant imports their own cases
    (a case without a process director becomes theirs), adds no consultants, and
    updates only cases they may change.
    """
    limits = backend.import_limits(conn)
    if not limits.creates_cases:
        from regie_tui.data.engines import AccessRefused

        raise AccessRefused(_("Only a consultant imports cases into the team store. Nothing "
                              "was imported."))
    known = {name for (name,) in conn.execute("SELECT name FROM consultant")}
    codes = dict(conn.execute("SELECT code, id FROM care_case"))
    wanted = {case["code"] for _i, case, _f in clean if case is not None}
    hidden = backend.hidden_codes(conn, sorted(wanted - codes.keys())) if wanted else set()
    updating = [codes[case["code"]] for _i, case, _f in clean
                if case is not None and case["code"] in codes]
    changeable = backend.cases_for_change(conn, updating) if update and updating else set()
    needs: dict[int, set] = {}
    for incoming, case, found in clean:
        unknown = []  # reported once, as unknown, not as someone else's case too
        # Unknown names are reported for rejected cases too, so one round of fixes does.
        for path, name in consultant_refs(case if case is not None else incoming.raw):
            if name in known:
                continue
            unknown.append(name)
            if name in declared and limits.adds_consultants:
                needs.setdefault(id(incoming), set()).add(name)
            elif name in declared:
                found.append(Problem(incoming.locate(path), _(
                    "{name} is not a member of the team store: its administrator adds "
                    "members (regie-tui team add).").format(name=name)))
            else:
                found.append(Problem(incoming.locate(path), _(
                    "unknown consultant {name}: check the spelling, or add them in Regie "
                    "first.").format(name=name)))
        if case is None:
            continue
        code = case["code"]
        if code in hidden:
            found.append(Problem(incoming.locate("code"), _(
                "the team store already has a case with code {code}, one you may not read; "
                "nothing of it was imported.").format(code=code)))
        elif code in codes and not update:
            found.append(Problem(incoming.locate("code"), _(
                "there is already a case with code {code}; nothing of it was imported. Use "
                "--update to add the history the store does not have yet.").format(
                code=code)))
        elif code in codes and codes[code] not in changeable:
            found.append(Problem(incoming.locate("code"), _(
                "you may read case {code} but not change it (only its process director "
                "can); nothing of it was imported.").format(code=code)))
        elif code not in codes and limits.owner_id is not None:
            if case["process_director"] is None:
                case["process_director"] = limits.owner_name  # the importer's case
            elif case["process_director"] not in (limits.owner_name, *unknown):
                found.append(Problem(incoming.locate("process_director"), _(
                    "on the team store you import your own cases: the process director is "
                    "{name}, not you ({me}). Leave it empty, or let {name} import the case.")
                    .format(name=case["process_director"], me=limits.owner_name)))
    return needs


def _write(conn, store, cases, declared: dict[str, str], needs: dict[int, set],
           report: Report) -> None:
    from regie_tui.exchange import audit_log
    from regie_tui.exchange.writer import RowWriter

    audit: list[tuple] = []
    ids = dict(conn.execute("SELECT name, id FROM consultant"))
    needed = set().union(*(needs.get(id(incoming), ()) for incoming, _c in cases))
    if needed:
        new_ids = store.backend.new_ids(conn, "consultant")
        for name in sorted(needed):
            ids[name] = next(new_ids)
            conn.execute("INSERT INTO consultant (id, name, role) VALUES (?, ?, ?)",
                         (ids[name], name, declared[name]))
            report.consultants_created.append(name)
            audit.append(("create_consultant", f"consultant:{ids[name]}", None, None))
    existing = dict(conn.execute("SELECT code, id FROM care_case"))
    writer = RowWriter(conn, ids, lambda table: store.backend.new_ids(conn, table),
                       store.backend.insert_rows)
    updates = [(i, c) for i, c in cases if c["code"] in existing]
    for _incoming, case in cases:
        if case["code"] not in existing:
            case_id = writer.new_case(case)
            report.created.append(case["code"])
            audit.append(("import_case", f"case:{case_id}", case_id, case["code"]))
    if updates:
        _updates(conn, writer, updates, existing, ids, report, audit)
    report.rows = writer.flush()
    audit_log.append_many(conn, store, audit)


# -- --update ----------------------------------------------------------------------

_DEFAULTS = {"status": "active", "cross_region": False}
# The fields compared to tell whether a matched entry differs: event numbers and
# the event numbers a decision answers are file-local, so they are left out.
_COMPARED = {
    section: tuple(n for n in fields if section == "checklist_runs" or n not in ("ref",
                                                                               "answers"))
    for section, fields in spec.SECTIONS.items()
}


def _same(section: str, a: dict, b: dict) -> bool:
    return all(a.get(k) == b.get(k) for k in _COMPARED[section])


def _updates(conn, writer, updates, existing, consultant_ids, report, audit) -> None:
    from regie_tui.exchange import reader

    stored, _people = reader.read_cases(conn, [existing[c["code"]] for _i, c in updates])
    by_code = {doc["code"]: doc for doc in stored}
    for incoming, case in updates:
        have = by_code[case["code"]]
        case_id = have["_id"]
        added, filled = 0, {}
        for name in spec.CASE:
            mine, theirs = have[name], case[name]
            if theirs is None or theirs == _DEFAULTS.get(name) or theirs == mine:
                continue
            if mine is None or mine == _DEFAULTS.get(name):
                filled[name] = theirs
            else:
                report.notes.append(Problem(incoming.locate(name), _(
                    "differs from the store; the store's value was kept.")))
        new: dict[str, list] = {}
        event_ids: dict[int, int] = {}
        plan_ids: dict[int, int] = {}
        for section, keys in spec.IDENTITY.items():
            pool: dict[tuple, list] = defaultdict(list)
            for entry in have[section]:
                pool[tuple(entry[k] for k in keys)].append(entry)
            new[section] = []
            for entry in case[section]:
                matches = pool.get(tuple(entry[k] for k in keys))
                if matches:
                    match = matches.pop(0)
                    if section == "events":
                        event_ids[entry["ref"]] = match["_id"]
                    elif section == "plans":
                        plan_ids[entry["number"]] = match["_id"]
                    if not _same(section, entry, match):
                        report.notes.append(Problem(incoming.locate(section), _(
                            "an entry differs from the one in the store; the store's was "
                            "kept.")))
                else:
                    new[section].append(entry)
                    added += 1
        if not added and not filled:
            report.unchanged.append(case["code"])
            continue
        writer.entries(case_id, new, event_ids, plan_ids)
        _fill(conn, case_id, filled, consultant_ids)
        report.updated[case["code"]] = added + len(filled)
        audit.append(("import_update", f"case:{case_id}", case_id, case["code"]))


def _fill(conn, case_id: int, filled: dict, consultant_ids: dict[str, int]) -> None:
    columns, values = ["version = version + 1"], []
    for name, value in filled.items():
        if name in ("process_director", "duo_partner"):
            name, value = f"{name}_id", consultant_ids[value]
        elif name == "cross_region":
            value = bool(value)
        columns.append(f"{name} = ?")
        values.append(value)
    conn.execute(f"UPDATE care_case SET {', '.join(columns)} WHERE id = ?", (*values, case_id))
