"""Running an evaluation checklist on a case, keyboard first.

One key per answer, the same on every item: the number in front of it
(``1`` ja, ``2`` nee on a yes/no item; ``1``..``n`` on a choice item) and
``0`` for n.v.t.; every answer moves on to the next item, so a row of answers
is a row of digits and nothing is ever typed into a note by accident.
Notes (and the date of a date item) only on request: Enter opens them, Enter
in the field goes back to the list and on. ``d`` completes after a
confirmation, Ctrl+S saves half-way. A completed run opens read-only and
shows only the keys that still work.

A new run is written to the store at the first save, so opening the screen
and leaving it again leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from regie_tui.base.errors import NotFoundError, RegieError
from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.rules import checklists as CL
from regie_tui.screens.checklist_confirm import ChecklistConfirm, parse_date
from regie_tui.session.context import AppContext
from regie_tui.widgets.key_footer import KeyFooter


# What a declared consequence means for the consultant (shown on the screen).
def _consequence_label(code: str) -> str:
    return {
        "evaluation": _("counts as the evaluation (MDO) of this date"),
        "youth_contact": _("counts as direct contact with the youth"),
        "adjust_plan": _("the plan must be adjusted"),
        "safety_concern": _("a risk assessment is needed"),
    }.get(code, code)


class ChecklistRunScreen(Screen):
    DEFAULT_CSS = """
    ChecklistRunScreen #run-title { text-style: bold; padding: 0 1; }
    ChecklistRunScreen #run-status { padding: 0 1; color: $text-muted; }
    ChecklistRunScreen #run-items { height: 1fr; border: round $primary; }
    ChecklistRunScreen #run-edit { height: auto; padding: 0 1; }
    ChecklistRunScreen #run-help { color: $text-muted; }
    ChecklistRunScreen #run-date { width: 24; }
    ChecklistRunScreen #run-error { color: $error; }
    """
    BINDINGS = [
        # 1..9: the numbered answer of the current item (1 ja, 2 nee; the options of
        # a choice item); one footer entry stands for all nine.
        *[Binding(str(n), f"choose({n})", _("Answer by number"), show=n == 1,
                  key_display="1…9" if n == 1 else None, id=f"checklist.choose{n}",
                  tooltip=_("1 yes, 2 no; on a choice item the number of the option. "
                            "Moves on to the next item"))
          for n in range(1, 10)],
        Binding("0", "answer('na')", _("N/a"), id="checklist.na",
                tooltip=_("Answer with not applicable (n.v.t.); moves on to the next item")),
        Binding("enter", "note", _("Note / date"), id="checklist.note",
                tooltip=_("Write a note (and the date of a date item) for the current item")),
        Binding("backspace,delete", "answer(None)", _("Clear"), show=False,
                id="checklist.clear", tooltip=_("Remove the answer of the current item")),
        Binding("ctrl+s", "save", _("Save"), id="checklist.save",
                tooltip=_("Save the answers so far; you can resume later")),
        Binding("d", "complete", _("Complete"), id="checklist.complete",
                tooltip=_("Complete and sign the checklist; it cannot be changed afterwards")),
        Binding("escape", "back", _("Back"), id="checklist.back",
                tooltip=_("Back to the list; from a note, back to the items")),
    ]

    def __init__(self, context: AppContext, case_id: int, run_id: int | None = None,
                 template_key: str | None = None):
        super().__init__()
        self.context = context
        self.case_id = case_id
        self.run_id = run_id
        self.template_key = template_key
        self.template: CL.Template | None = None
        self.answers: dict[str, CL.Answer] = {}
        self.saved: dict[str, CL.Answer] = {}
        self.version: int | None = None
        self.case_label = ""
        self.started_on: dt.date | None = None
        self.completed_on: dt.date | None = None
        self.signed_by: str | None = None
        self.busy = False

    # -- layout -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading checklist…"), id="run-title")
        yield Static("", id="run-status")
        yield OptionList(id="run-items")
        with Vertical(id="run-edit"):
            yield Static("", id="run-help")
            yield Input(id="run-date", placeholder=_("date: dd-mm-yyyy"), max_length=10)
            yield Input(id="run-note", placeholder=_("Note (Enter on the item)"),
                        max_length=4000)
            yield Static("", id="run-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#run-date").display = False
        self.load()

    @property
    def read_only(self) -> bool:
        return self.completed_on is not None

    @property
    def dirty(self) -> bool:
        return not self.read_only and self.answers != self.saved

    # -- loading ------------------------------------------------------------
    @work(thread=True, exclusive=True, group="checklist-load")
    def load(self) -> None:
        from regie_tui.data import checklist_queries as CQ

        store = self.context.store
        try:
            header = CQ.case_header(store, self.case_id)
            run_id = self.run_id
            if run_id is None and self.template_key:
                run_id = CQ.open_run_id(store, self.case_id, self.template_key)
            if run_id is not None:
                run = CQ.load_run(store, run_id)
                state = (run.id, run.template, run.answers, run.started_on, run.completed_on,
                         run.consultant)
            else:
                found = CQ.available_templates()
                template = found.templates.get(self.template_key or "")
                if template is None:
                    raise NotFoundError(_("There is no checklist template {key}.").format(
                        key=self.template_key))
                state = (None, template, {}, None, None, None)
        except (RegieError, CL.TemplateError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, header, *state)

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", timeout=10)
        self.query_one("#run-title", Static).update(plain(message))

    def _show(self, header, run_id, template, answers, started_on, completed_on,
              consultant) -> None:
        self.run_id = run_id
        self.template = template
        self.answers = dict(answers)
        self.saved = dict(answers)
        self.version = header.version
        self.case_label = f"{header.code} · {header.alias}"
        self.started_on = started_on
        self.completed_on = completed_on
        self.signed_by = consultant
        items = self.query_one("#run-items", OptionList)
        items.clear_options()
        items.add_options(Option(self._prompt(i), id=item.key)
                          for i, item in enumerate(template.items))
        items.highlighted = 0
        items.focus()
        self._lock_if_read_only()
        self._update_header()
        self._update_edit()

    _EDITING = frozenset({"answer", "choose", "save", "complete", "note"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A completed run shows only the keys that still work (back, help): no
        # greyed editing keys that suggest it could still be changed.
        return not (action in self._EDITING and (self.read_only or self.template is None))

    def _lock_if_read_only(self) -> None:
        if self.read_only:
            for widget in self.query(Input):
                widget.disabled = True
                widget.display = False
        self.refresh_bindings()

    # -- rendering ----------------------------------------------------------
    def _mark(self, item: CL.Item, answer: CL.Answer | None) -> Text:
        code = answer.answer if answer else None
        label = item.answer_label(code) if code else ""
        style = {"yes": "green", "no": "red", "na": "yellow"}.get(code or "", "cyan")
        return Text(f"[{label:^8}]", style=style if code else "dim")

    def _prompt(self, index: int) -> Text:
        item = self.template.items[index]
        answer = self.answers.get(item.key)
        line = Text(f"{index + 1:>2}. ")
        line.append_text(self._mark(item, answer))
        line.append(" " + item.label())
        if item.required:
            line.append(" *", style="bold")
        extra = []
        if answer and answer.value_date:
            extra.append(format_date(answer.value_date))
        if answer and answer.note:
            extra.append(answer.note)
        if extra:
            line.append("\n" + " " * 15 + " · ".join(extra), style="italic")
        missing = self._missing(item, answer)
        if missing and not self.read_only:
            line.append("\n" + " " * 15 + missing, style="bold")
        return line

    @staticmethod
    def _missing(item: CL.Item, answer: CL.Answer | None) -> str:
        """What an answered item still lacks, and the key that adds it (notes are
        only asked for, never forced: the cursor has already moved on)."""
        code = answer.answer if answer else None
        if item.required and code in (CL.NO, CL.NA) and not (answer.note or "").strip():
            return _("▲ a note is needed: Enter on this item")
        if item.type == CL.DATE and code == CL.YES and answer.value_date is None:
            return _("▲ a date is needed: Enter on this item")
        return ""

    @staticmethod
    def answer_keys(item: CL.Item) -> list[tuple[str, str]]:
        """(key, answer label) of every answer of ``item``, in the order shown."""
        if item.type == CL.CHOICE:
            keys = [(str(n), o.label()) for n, o in enumerate(item.options, 1)]
        else:
            keys = [("1", item.answer_label(CL.YES)), ("2", item.answer_label(CL.NO))]
        return [*keys, ("0", item.answer_label(CL.NA))]

    @staticmethod
    def _code_for(item: CL.Item, number: int) -> str | None:
        """The stored answer code of key ``number`` on ``item`` (None: no such answer)."""
        codes = [o.key for o in item.options] if item.type == CL.CHOICE else [CL.YES, CL.NO]
        return codes[number - 1] if 1 <= number <= len(codes) else None

    def _refresh_item(self, index: int) -> None:
        self.query_one("#run-items", OptionList).replace_option_prompt_at_index(
            index, self._prompt(index))
        self._update_header()

    def _update_header(self) -> None:
        template = self.template
        done, total = CL.progress(template, self.answers)
        title = _("{checklist} · {case}").format(checklist=template.label(),
                                                 case=self.case_label)
        self.query_one("#run-title", Static).update(plain(title))
        if self.read_only:
            codes = CL.consequences(template, self.answers)
            status = _("Completed on {date}, signed by {name}. Read-only.").format(
                date=format_date(self.completed_on), name=self.signed_by or "—")
            if codes:
                status += " " + _("Consequences: {list}.").format(
                    list="; ".join(_consequence_label(c) for c in codes))
        else:
            status = _("{done}/{total} answered").format(done=done, total=total)
            if self.started_on is None:
                status += " · " + _("new, not saved yet")
            else:
                status += " · " + _("started on {date}").format(
                    date=format_date(self.started_on))
            if self.dirty:
                status += " · " + _("unsaved changes")
            status += " · " + _("* = required")
        self.query_one("#run-status", Static).update(plain(status))

    def _current(self) -> tuple[int, CL.Item] | None:
        if self.template is None:
            return None
        index = self.query_one("#run-items", OptionList).highlighted
        if index is None:
            return None
        return index, self.template.items[index]

    def _update_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        index, item = current
        answer = self.answers.get(item.key) or CL.Answer()
        # Template texts are plain Text: a team's file may hold brackets.
        lines = Text(f"{index + 1}. {item.label()}")
        if not self.read_only:
            keys = [f"{key} {label}" for key, label in self.answer_keys(item)]
            keys.append(_("Enter: date and note") if item.type == CL.DATE else _("Enter: note"))
            lines.append("\n   " + "  ·  ".join(keys))
        if item.help_text():
            lines.append("\n   " + item.help_text())
        self.query_one("#run-help", Static).update(lines)
        date_input = self.query_one("#run-date", Input)
        date_input.display = item.type == CL.DATE and not self.read_only
        date_input.value = answer.value_date.strftime("%d-%m-%Y") if answer.value_date else ""
        self.query_one("#run-note", Input).value = answer.note or ""
        self.query_one("#run-error", Static).update("")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.template is not None:
            self._update_edit()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # The list takes Enter itself: it means the screen's "note / date" key.
        if not self.read_only:
            self.action_note()

    def action_note(self) -> None:
        """The note of the current item, or first its date on a date item."""
        current = self._current()
        if current is None or self.read_only:
            return
        _index, item = current
        date_input = self.query_one("#run-date", Input)
        answer = self.answers.get(item.key)
        wants_date = item.type == CL.DATE and (answer is None or answer.answer == CL.YES)
        (date_input if wants_date else self.query_one("#run-note", Input)).focus()

    # -- answering ----------------------------------------------------------
    def _refuse_if_read_only(self) -> bool:
        if self.template is None:
            return True
        if self.read_only:
            self.notify(_("This checklist was completed and can no longer be changed."),
                        severity="warning")
            return True
        return False

    def _set(self, index: int, item: CL.Item, **changes) -> None:
        old = self.answers.get(item.key) or CL.Answer()
        new = CL.Answer(**{"answer": old.answer, "note": old.note,
                           "value_date": old.value_date, **changes})
        if new == CL.Answer():
            self.answers.pop(item.key, None)
        else:
            self.answers[item.key] = new
        self._refresh_item(index)

    def action_answer(self, code: str | None) -> None:
        if self._refuse_if_read_only():
            return
        current = self._current()
        if current is None:
            return
        index, item = current
        changes = {"answer": code}
        if code != CL.YES:
            changes["value_date"] = None
        self._set(index, item, **changes)
        if code is not None:
            # Every answer moves on; a note or date it still needs shows on its row.
            self._next()

    def action_choose(self, number: int) -> None:
        if self._refuse_if_read_only():
            return
        current = self._current()
        if current is None:
            return
        index, item = current
        code = self._code_for(item, number)
        if code is None:
            self.notify(_("This item has no answer {n}. Its answers: {keys}.").format(
                n=number, keys=", ".join(f"{k} {label}" for k, label in self.answer_keys(item))),
                severity="warning")
            return
        self.action_answer(code)

    def _next(self) -> None:
        items = self.query_one("#run-items", OptionList)
        if items.highlighted is not None and items.highlighted < items.option_count - 1:
            items.highlighted += 1
        else:
            self._update_edit()

    def on_input_changed(self, event: Input.Changed) -> None:
        # Only what the user types: programmatic updates while moving are ignored.
        if not event.input.has_focus or self.read_only:
            return
        current = self._current()
        if current is None:
            return
        index, item = current
        error = self.query_one("#run-error", Static)
        if event.input.id == "run-note":
            self._set(index, item, note=event.value or None)
        elif event.input.id == "run-date":
            text = event.value.strip()
            day = parse_date(text) if text else None
            if text and day is None:
                error.update(_("Type the date as dd-mm-yyyy, for example 16-11-2026."))
                return
            error.update("")
            if day is not None:
                self._set(index, item, answer=CL.YES, value_date=day)
            else:
                self._set(index, item, value_date=None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#run-items", OptionList).focus()
        self._next()

    # -- saving -------------------------------------------------------------
    def action_save(self) -> None:
        if self._refuse_if_read_only() or self.busy:
            return
        self.busy = True
        self._write(complete=False, on=None)

    def action_complete(self) -> None:
        if self._refuse_if_read_only() or self.busy:
            return
        problems = CL.problems(self.template, self.answers, on=self.context.today)
        if problems:
            first = problems[0]
            keys = [i.key for i in self.template.items]
            index = keys.index(first.item_key)
            self.query_one("#run-items", OptionList).highlighted = index
            self.notify(_("Item {number}: {reason}. Items still to do: {count}.").format(
                number=index + 1, reason=_(first.reason), count=len(problems)),
                severity="warning", timeout=8)
            return
        message = _(
            "After completing, the answers can no longer be changed. The checklist is "
            "signed by {name} and dated:").format(name=self.context.user or "—")
        self.app.push_screen(
            ChecklistConfirm(_("Complete the checklist?"), message,
                             ask_date=self.context.today),
            self._confirmed_complete)

    def _confirmed_complete(self, day) -> None:
        if isinstance(day, dt.date):
            self.busy = True
            self._write(complete=True, on=day)

    @work(thread=True, exclusive=True, group="checklist-write")
    def _write(self, complete: bool, on: dt.date | None) -> None:
        from regie_tui.data import checklist_commands as CC

        store = self.context.store
        answers = dict(self.answers)
        changed = {k: answers.get(k, CL.Answer()) for k in set(answers) | set(self.saved)
                   if answers.get(k) != self.saved.get(k)}
        version, run_id = self.version, self.run_id
        try:
            if run_id is None:
                started = CC.start_run(store, self.case_id, version, self.template)
                version, run_id = started.version, started.object_id
                self.app.call_from_thread(self._started, version, run_id)
            if complete:
                saved = CC.complete_run(store, self.case_id, version, run_id, changed,
                                        completed_on=on)
            else:
                saved = CC.save_answers(store, self.case_id, version, run_id, changed)
        except RegieError as exc:  # also a team store's refusal, a busy store
            self.app.call_from_thread(self._write_failed, exc)
            return
        self.app.call_from_thread(self._written, saved.version, answers, complete, on)

    def _started(self, version: int, run_id: int) -> None:
        self.version, self.run_id = version, run_id
        self.started_on = self.context.today

    def _write_failed(self, exc: Exception) -> None:
        self.busy = False
        message = getattr(exc, "message", None) or str(exc)
        self.notify(message, title=_("Not saved"), severity="error", timeout=10)
        field = getattr(exc, "field", "")
        if field.startswith("items.") and self.template is not None:
            keys = [i.key for i in self.template.items]
            if field[6:] in keys:
                self.query_one("#run-items", OptionList).highlighted = keys.index(field[6:])
        self._update_header()

    def _written(self, version: int, answers: dict, complete: bool, on) -> None:
        self.busy = False
        self.version = version
        self.saved = answers
        if complete:
            self.completed_on = on
            self.signed_by = self.context.user
            self.query_one("#run-items", OptionList).focus()
            self._lock_if_read_only()
            self.notify(_("Checklist completed and signed."))
        else:
            self.notify(_("Checklist saved. You can resume it later."))
        self._update_header()

    # -- leaving ------------------------------------------------------------
    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#run-items", OptionList).focus()
            return
        if self.dirty:
            self.app.push_screen(
                ChecklistConfirm(_("Leave without saving?"), _(
                    "The answers you gave since the last save will be lost. Press Escape "
                    "to stay and Ctrl+S to save.")),
                self._confirmed_leave)
            return
        self.dismiss()

    def _confirmed_leave(self, ok) -> None:
        if ok:
            self.dismiss()
