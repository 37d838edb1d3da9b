"""Checklist templates and what a run's answers imply. Pure: no SQL, no Textual.

A template is a TOML file owned by the team (see ``docs/checklists.md``). It
is validated completely before use: a malformed file is refused with a
:class:`TemplateError` naming the file, the line and the reason. A run keeps
the template it used as a JSON snapshot (:meth:`Template.snapshot`), so
editing a template never changes a past run.

The consequences of a run are declared in its template, never hard-coded per
item: ``consequences.on_complete`` for the run as a whole, and per item a
table from answer to consequence codes. The rules engine understands the
codes in :data:`CONSEQUENCE_CODES`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from regie_tui.base.i18n import N_, _, current_language
from regie_tui.rules import engine, vocab

YES, NO, NA = "yes", "no", "na"
ANSWERS = {YES: N_("yes"), NO: N_("no"), NA: N_("n/a")}

ANSWER, DATE, CHOICE = "answer", "date", "choice"
ITEM_TYPES = (ANSWER, DATE, CHOICE)

CONSEQUENCE_CODES = frozenset({
    engine.CONSEQUENCE_EVALUATION,
    engine.CONSEQUENCE_YOUTH_CONTACT,
    engine.CONSEQUENCE_ADJUST_PLAN,
    engine.CONSEQUENCE_SAFETY_CONCERN,
})

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
OPTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,7}$")  # stored in an 8-character column
MAX_TEXT = 1000
MAX_ITEMS = 100

TOP_KEYS = ("key", "title", "version", "description", "consequences", "items")
ITEM_KEYS = ("key", "text", "required", "help", "type", "options", "consequences",
             "plans_meeting")

# Reasons a template is refused (translated when the error is raised).
R_SYNTAX = N_("not valid TOML: {detail}")
R_ENCODING = N_("not readable as UTF-8 text")
R_MISSING = N_("'{key}' is missing")
R_UNKNOWN = N_("unknown key '{key}'")
R_KEY = N_("'{key}' must be lower-case letters, digits and _ (starting with a letter)")
R_TEXT = N_("'{key}' must be a text, or a table of texts per language (nl, en)")
R_TOO_LONG = N_("'{key}' is too long: at most {n} characters")
R_VERSION = N_("'version' must be a whole number of at least 1")
R_BOOL = N_("'{key}' must be true or false")
R_ITEMS = N_("'items' must be a list of at least 1 and at most {n} items ([[items]])")
R_DUPLICATE = N_("item key '{key}' is used twice")
R_TYPE = N_("'type' must be one of: {types}")
R_OPTIONS = N_("'options' of a choice item must be a list of at least 2 options, each with a "
               "'key' (at most 8 lower-case letters) and a 'text'")
R_OPTIONS_ONLY_CHOICE = N_("'options' is only allowed on an item of type \"choice\"")
R_PLANS_MEETING = N_("'plans_meeting' is only allowed on an item of type \"date\" and must be "
                     "one of: {kinds}")
R_CONSEQUENCES = N_("'consequences' must be a table from {answers} to lists of consequence "
                    "codes")
R_ON_COMPLETE = N_("'consequences' of a template may only have 'on_complete', a list of "
                   "consequence codes")
R_CODE = N_("unknown consequence '{code}'; known: {codes}")
R_SNAPSHOT = N_("the stored template of this run cannot be read")

# Why a run cannot be completed yet (translated when asked).
P_OPEN = N_("not answered yet")
P_NOTE = N_("\"no\" or \"n/a\" on a required item needs a note")
P_DATE = N_("give the date")
P_DATE_EARLY = N_("the date cannot be before the date of the checklist")

Text = str | Mapping[str, str]


class TemplateError(Exception):
    """A template that cannot be used: file, line (when known) and reason."""

    def __init__(self, source: str, line: int | None, reason: str):
        self.source = source
        self.line = line
        self.reason = reason
        if line is None:
            message = _("{source}: {reason}").format(source=source, reason=reason)
        else:
            message = _("{source}, line {line}: {reason}").format(
                source=source, line=line, reason=reason)
        super().__init__(message)


def localized(text: Text | None) -> str:
    """A template text in the current language (Dutch, then any, as fall-back)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(current_language()) or text.get("nl") or next(iter(text.values()), "")


@dataclass(frozen=True)
class Option:
    key: str
    text: Text

    def label(self) -> str:
        return localized(self.text)


@dataclass(frozen=True)
class Item:
    key: str
    text: Text
    required: bool = False
    help: Text | None = None
    type: str = ANSWER
    options: tuple[Option, ...] = ()
    consequences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    plans_meeting: str | None = None

    def label(self) -> str:
        return localized(self.text)

    def help_text(self) -> str:
        return localized(self.help)

    def answer_codes(self) -> tuple[str, ...]:
        """The answers this item accepts (stored codes)."""
        if self.type == CHOICE:
            return (*(o.key for o in self.options), NA)
        return (YES, NO, NA)

    def answer_label(self, answer: str | None) -> str:
        if answer is None:
            return ""
        for option in self.options:
            if option.key == answer:
                return option.label()
        return _(ANSWERS[answer]) if answer in ANSWERS else answer


@dataclass(frozen=True)
class Template:
    key: str
    version: int
    title: Text
    items: tuple[Item, ...]
    description: Text | None = None
    on_complete: tuple[str, ...] = ()
    source: str = ""
    raw: Mapping = field(default_factory=dict, compare=False, repr=False)

    def label(self) -> str:
        return localized(self.title)

    def item(self, key: str) -> Item | None:
        for item in self.items:
            if item.key == key:
                return item
        return None

    def snapshot(self) -> str:
        """The template as stored with a run: canonical JSON of what the file declared."""
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Answer:
    answer: str | None = None
    note: str | None = None
    value_date: dt.date | None = None


@dataclass(frozen=True)
class Problem:
    item_key: str
    reason: str  # untranslated (N_); show with _()


# -- locating lines -----------------------------------------------------------

_HEADER = re.compile(r"^\s*\[")
_ITEMS_HEADER = re.compile(r"^\s*\[\[\s*items\s*\]\]")


class _Lines:
    """Finds the line of a key in the TOML text, so schema errors can name one."""

    def __init__(self, text: str | None):
        self.lines = text.splitlines() if text is not None else None

    def _item_header(self, item: int) -> int | None:
        headers = [i for i, ln in enumerate(self.lines) if _ITEMS_HEADER.match(ln)]
        return headers[item] if item < len(headers) else None

    def find(self, key: str | None = None, item: int | None = None,
             needle: str | None = None) -> int | None:
        """The 1-based line of ``key`` (at the top, or in the item-th ``[[items]]``)."""
        lines = self.lines
        if not lines:
            return None
        if item is None:
            start = 0
            end = next((i for i, ln in enumerate(lines) if _HEADER.match(ln)), len(lines))
        else:
            start = self._item_header(item)
            if start is None:
                # Items written inline (items = [{...}]): find the item by its key.
                hit = next((i for i, ln in enumerate(lines) if needle and needle in ln), None)
                return hit + 1 if hit is not None else 1
            end = next((i for i in range(start + 1, len(lines))
                        if _ITEMS_HEADER.match(lines[i])), len(lines))
        if key is not None:
            assign = re.compile(rf"^\s*{re.escape(key)}\s*[=.]")
            for i in range(start, end):
                if assign.match(lines[i]):
                    return i + 1
            # The key as a table header: [consequences], [items.consequences], [[items]].
            prefix = r"items\s*\.\s*" if item is not None else ""
            header = re.compile(rf"^\s*\[+\s*{prefix}{re.escape(key)}\s*\]")
            for i in range(start, len(lines) if item is None else end):
                if header.match(lines[i]):
                    return i + 1
        return start + 1


# -- loading --------------------------------------------------------------------

def load_file(path: Path) -> Template:
    """A template from a TOML file; :class:`TemplateError` when it is malformed."""
    source = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError(source, None, _(R_ENCODING)) from None
    return load_text(text, source)


def load_text(text: str, source: str) -> Template:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _syntax_line(str(exc), text)
        detail = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(exc))
        raise TemplateError(source, line, _(R_SYNTAX).format(detail=detail)) from None
    return from_mapping(raw, source, _Lines(text))


def from_snapshot(text: str) -> Template:
    """The template a run stored (see :meth:`Template.snapshot`)."""
    try:
        raw = json.loads(text)
    except (ValueError, TypeError):
        raise TemplateError(_("stored checklist"), None, _(R_SNAPSHOT)) from None
    return from_mapping(raw, _("stored checklist"), _Lines(None))


def _syntax_line(message: str, text: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    if found:
        return int(found.group(1))
    return max(1, len(text.splitlines())) if "end of document" in message else None


def from_mapping(raw, source: str, lines: _Lines | None = None) -> Template:
    lines = lines or _Lines(None)

    def fail(reason: str, key: str | None = None, item: int | None = None,
             needle: str | None = None):
        raise TemplateError(source, lines.find(key, item, needle), reason)

    if not isinstance(raw, Mapping):
        fail(_(R_MISSING).format(key="key"))
    for name in raw:
        if name not in TOP_KEYS:
            fail(_(R_UNKNOWN).format(key=name), name)
    key = _key(raw, "key", lambda r, k=None: fail(r, k))
    title = _text(raw, "title", True, lambda r, k=None: fail(r, k))
    description = _text(raw, "description", False, lambda r, k=None: fail(r, k))
    version = raw.get("version")
    if "version" not in raw:
        fail(_(R_MISSING).format(key="version"))
    if type(version) is not int or version < 1:
        fail(_(R_VERSION), "version")
    on_complete: tuple[str, ...] = ()
    if "consequences" in raw:
        cons = raw["consequences"]
        if not isinstance(cons, Mapping) or set(cons) - {"on_complete"}:
            fail(_(R_ON_COMPLETE), "consequences")
        on_complete = _codes(cons.get("on_complete", []), lambda r: fail(r, "consequences"),
                             _(R_ON_COMPLETE))
    items_raw = raw.get("items")
    if (not isinstance(items_raw, list) or not items_raw or len(items_raw) > MAX_ITEMS
            or not all(isinstance(i, Mapping) for i in items_raw)):
        fail(_(R_ITEMS).format(n=MAX_ITEMS), "items")
    items = []
    seen: set[str] = set()
    for index, item_raw in enumerate(items_raw):
        item = _item(item_raw, index, fail)
        if item.key in seen:
            fail(_(R_DUPLICATE).format(key=item.key), "key", index)
        seen.add(item.key)
        items.append(item)
    return Template(key=key, version=version, title=title, items=tuple(items),
                    description=description, on_complete=on_complete, source=source,
                    raw=raw)


def _key(raw: Mapping, name: str, fail, pattern=KEY_PATTERN) -> str:
    if name not in raw:
        fail(_(R_MISSING).format(key=name))
    value = raw[name]
    if not isinstance(value, str) or not pattern.match(value):
        fail(_(R_KEY).format(key=name), name)
    return value


def _text(raw: Mapping, name: str, required: bool, fail) -> Text | None:
    if name not in raw:
        if required:
            fail(_(R_MISSING).format(key=name))
        return None
    value = raw[name]
    if isinstance(value, str):
        texts = [value]
    elif isinstance(value, Mapping) and value and set(value) <= {"nl", "en"}:
        texts = list(value.values())
    else:
        texts = []
    if not texts or not all(isinstance(t, str) and t.strip() for t in texts):
        fail(_(R_TEXT).format(key=name), name)
    if any(len(t) > MAX_TEXT for t in texts):
        fail(_(R_TOO_LONG).format(key=name, n=MAX_TEXT), name)
    return value


def _codes(value, fail, reason: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        fail(reason)
    for code in value:
        if code not in CONSEQUENCE_CODES:
            fail(_(R_CODE).format(code=code, codes=", ".join(sorted(CONSEQUENCE_CODES))))
    return tuple(dict.fromkeys(value))


def _item(raw: Mapping, index: int, fail) -> Item:
    key_hint = raw.get("key") if isinstance(raw.get("key"), str) else None

    def item_fail(reason: str, name: str | None = None):
        fail(reason, name, index, f'"{key_hint}"' if key_hint else None)

    for name in raw:
        if name not in ITEM_KEYS:
            item_fail(_(R_UNKNOWN).format(key=name), name)
    key = _key(raw, "key", item_fail)
    text = _text(raw, "text", True, item_fail)
    help_ = _text(raw, "help", False, item_fail)
    required = raw.get("required", False)
    if type(required) is not bool:
        item_fail(_(R_BOOL).format(key="required"), "required")
    kind = raw.get("type", ANSWER)
    if kind not in ITEM_TYPES:
        item_fail(_(R_TYPE).format(types=", ".join(ITEM_TYPES)), "type")
    options: tuple[Option, ...] = ()
    if kind == CHOICE or "options" in raw:
        if kind != CHOICE:
            item_fail(_(R_OPTIONS_ONLY_CHOICE), "options")
        options = _options(raw.get("options"), lambda: item_fail(_(R_OPTIONS), "options"))
    plans = raw.get("plans_meeting")
    if "plans_meeting" in raw and (kind != DATE or plans not in vocab.CASE_MEETING_KINDS):
        item_fail(_(R_PLANS_MEETING).format(kinds=", ".join(vocab.CASE_MEETING_KINDS)),
                  "plans_meeting")
    item = Item(key=key, text=text, required=required, help=help_, type=kind, options=options,
                plans_meeting=plans)
    consequences: dict[str, tuple[str, ...]] = {}
    if "consequences" in raw:
        cons = raw["consequences"]
        answers = item.answer_codes()
        reason = _(R_CONSEQUENCES).format(answers=", ".join(answers))
        if not isinstance(cons, Mapping) or set(cons) - set(answers):
            item_fail(reason, "consequences")
        for answer, codes in cons.items():
            consequences[answer] = _codes(codes, lambda r: item_fail(r, "consequences"), reason)
    return Item(key=key, text=text, required=required, help=help_, type=kind, options=options,
                consequences=consequences, plans_meeting=plans)


def _options(value, fail) -> tuple[Option, ...]:
    if not isinstance(value, list) or len(value) < 2:
        fail()
    options = []
    for raw in value:
        if (not isinstance(raw, Mapping) or set(raw) != {"key", "text"}
                or not isinstance(raw["key"], str) or not OPTION_PATTERN.match(raw["key"])
                or raw["key"] == NA):
            fail()
        text = _text(raw, "text", True, lambda *_a: fail())
        options.append(Option(raw["key"], text))
    if len({o.key for o in options}) != len(options):
        fail()
    return tuple(options)


# -- a set of templates: shipped, then the team's --------------------------------

@dataclass
class TemplateSet:
    templates: dict[str, Template] = field(default_factory=dict)
    errors: list[TemplateError] = field(default_factory=list)

    def ordered(self) -> list[Template]:
        return sorted(self.templates.values(), key=lambda t: t.label().casefold())


def load_folders(folders: Sequence[Path]) -> TemplateSet:
    """Every ``*.toml`` template in the folders; a later folder overrides an earlier one.

    A malformed file is left out and reported in ``errors`` (the template of
    the same key from an earlier folder, if any, stays in use).
    """
    result = TemplateSet()
    for folder in folders:
        if not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).glob("*.toml")):
            try:
                template = load_file(path)
            except TemplateError as exc:
                result.errors.append(exc)
                continue
            result.templates[template.key] = template
    return result


# -- runs: progress, completion, consequences --------------------------------------

def is_answered(item: Item, answer: Answer | None) -> bool:
    return answer is not None and answer.answer in item.answer_codes()


def progress(template: Template, answers: Mapping[str, Answer]) -> tuple[int, int]:
    """(answered, total) items."""
    done = sum(1 for item in template.items if is_answered(item, answers.get(item.key)))
    return done, len(template.items)


def problems(template: Template, answers: Mapping[str, Answer],
             on: dt.date | None = None) -> list[Problem]:
    """What keeps the run from being completed, item by item (empty: it can be)."""
    found = []
    for item in template.items:
        answer = answers.get(item.key)
        code = answer.answer if answer else None
        if not is_answered(item, answer):
            if item.required:
                found.append(Problem(item.key, P_OPEN))
            continue
        if item.required and code in (NO, NA) and not (answer.note or "").strip():
            found.append(Problem(item.key, P_NOTE))
        elif item.type == DATE and code == YES:
            if answer.value_date is None:
                found.append(Problem(item.key, P_DATE))
            elif on is not None and answer.value_date < on:
                found.append(Problem(item.key, P_DATE_EARLY))
    return found


def consequences(template: Template, answers: Mapping[str, str | Answer | None]) -> tuple[str, ...]:
    """The consequence codes of a completed run: the template's, then each answer's."""
    codes = list(template.on_complete)
    for item in template.items:
        answer = answers.get(item.key)
        if isinstance(answer, Answer):
            answer = answer.answer
        if answer is not None:
            codes.extend(item.consequences.get(answer, ()))
    return tuple(dict.fromkeys(codes))


def planned_meetings(template: Template,
                     answers: Mapping[str, Answer]) -> list[tuple[str, str, dt.date]]:
    """(item key, meeting kind, date) for every date item that plans a meeting."""
    planned = []
    for item in template.items:
        answer = answers.get(item.key)
        if (item.plans_meeting and answer is not None and answer.answer == YES
                and answer.value_date is not None):
            planned.append((item.key, item.plans_meeting, answer.value_date))
    return planned


def changes(template: Template, answers: Mapping[str, Answer],
            previous_template: Template, previous: Mapping[str, Answer]
            ) -> list[tuple[str, Item | None, Answer | None, Answer | None, bool]]:
    """Item by item: (key, item, previous answer, answer, changed), in this run's order,
    then items only the previous run had."""
    rows = []
    for item in template.items:
        before, now = previous.get(item.key), answers.get(item.key)
        rows.append((item.key, item, before, now, _differs(before, now)))
    for item in previous_template.items:
        if template.item(item.key) is None:
            rows.append((item.key, item, previous.get(item.key), None, True))
    return rows


def _differs(a: Answer | None, b: Answer | None) -> bool:
    a = a or Answer()
    b = b or Answer()
    return a.answer != b.answer or (a.value_date != b.value_date)
