"""What every form shares: fields, inline messages, saving, dirty check, conflicts.

A form declares its fields (:class:`Field`) and one :meth:`FormScreen.submit`
that runs one store command. The base reads the widgets, turns typed dates
into dates (a wrong date is refused under its field before anything is sent
to the store), runs the command in a worker thread, and then:

* success: the form closes with a sentence saying what was saved (the case
  screen shows it with ``notify`` and reloads);
* ``ValidationError``: the message appears under the field it names; nothing
  was written and everything typed stays;
* ``ConflictError``: the case changed elsewhere. The form says so, keeps the
  input and offers ctrl+r to reload the case; saving again then works on the
  latest version. Nothing is overwritten silently.

Escape on a form with changes asks before throwing them away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from regie_tui.base.dates import DateInputError, format_input, parse_date
from regie_tui.base.errors import ConflictError, RegieError, ValidationError
from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain
from regie_tui.session.context import AppContext
from regie_tui.widgets.tick import TickBox

TEXT, DATE, NOTE, SELECT, CHECK = "text", "date", "note", "select", "check"


@dataclass(frozen=True)
class Field:
    """One input. ``name`` is the store command's field name, so its
    ``ValidationError`` lands under this input; ``also`` lists other command
    field names shown here too (e.g. ``people[0].name``)."""

    name: str
    label: str  # msgid, translated when shown
    kind: str = TEXT
    required: bool = False  # shown as a mark; the store command enforces it
    options: Callable[[FormScreen], list[tuple[str, object]]] | None = None
    initial: Callable[[FormScreen], object] | None = None
    hint: str | None = None  # msgid
    also: tuple[str, ...] = field(default=())


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; Escape and the default button mean "no"."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    #confirm-body { width: 64; height: auto; border: thick $warning; background: $surface;
                    padding: 1 2; }
    #confirm-body .form-buttons { height: auto; margin: 1 0 0 0; }
    #confirm-body Button { margin: 0 2 0 0; }
    """

    @staticmethod
    def bindings() -> list[Binding]:
        return [Binding("escape", "answer(False)", _("No"), id="confirm.no",
                        tooltip=_("Keep going without doing this"))]

    BINDINGS = bindings()

    def __init__(self, question: str, yes: str, no: str):
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="confirm-body"):
            yield Static(plain(self.question), id="confirm-question")
            with Horizontal(classes="form-buttons"):
                yield Button(self.no, id="confirm-no", variant="primary")
                yield Button(self.yes, id="confirm-yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class FormScreen(ModalScreen[str | None]):
    """A modal form on one case (``case_id``/``version``) or none (new case)."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    #form-body { width: 90; max-width: 100%; height: auto; max-height: 100%; border: round $primary;
                 background: $surface; padding: 0 2; }
    #form-body .title { padding: 0; }
    #form-body .form-case { color: $text-muted; }
    #form-body .form-intro { color: $text-muted; margin: 0 0 1 0; }
    #form-body .form-label { margin: 1 0 0 0; text-style: bold; }
    #form-body .form-hint { color: $text-muted; }
    #form-body .field-error { color: $error; text-style: bold; }
    #form-body .form-conflict { border: thick $error; padding: 0 1; margin: 1 0 0 0; }
    #form-body .form-note { height: auto; min-height: 4; max-height: 14; }
    #form-body Checkbox { margin: 1 0 0 0; }
    #form-body .form-buttons { height: auto; margin: 1 0 0 0; }
    #form-body Button { margin: 0 2 0 0; }
    """

    TITLE = ""  # msgid
    INTRO: str | None = None  # msgid: one sentence on what the form records
    FIELDS: tuple[Field, ...] = ()

    @staticmethod
    def bindings() -> list[Binding]:
        return [
            Binding("ctrl+s", "save", _("Save"), id="form.save", tooltip=_("Save this form")),
            Binding("escape", "cancel", _("Cancel"), id="form.cancel",
                    tooltip=_("Close the form; asks first when you changed something")),
            Binding("ctrl+r", "reload", _("Reload case"), id="form.reload",
                    tooltip=_("Read the latest version of the case; what you typed stays")),
        ]

    BINDINGS = bindings()

    def __init__(self, context: AppContext, case_id: int | None = None,
                 version: int | None = None, view=None):
        super().__init__()
        self.context = context
        self.case_id = case_id
        self.version = version
        self.view = view
        self.conflict = False
        self.saving = False
        self._initial: tuple = ()

    # -- what subclasses provide --------------------------------------------
    def submit(self, values: dict) -> str:
        """Run the one store command (in a worker thread); return what was saved."""
        raise NotImplementedError

    def fields(self) -> tuple[Field, ...]:
        return self.FIELDS

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The body scrolls when the terminal is short, but is no Tab stop itself.
        with VerticalScroll(id="form-body", can_focus=False):
            yield Label(_(self.TITLE), classes="title")
            if self.view is not None:
                yield Static(plain(f"{self.view.facts.code} · {self.view.facts.alias}"),
                             classes="form-case")
            if self.INTRO:
                yield Static(_(self.INTRO), classes="form-intro")
            yield Static("", id="form-conflict", classes="form-conflict")
            for f in self.fields():
                if f.kind != CHECK:  # a checkbox carries its own label
                    yield Label(_(f.label) + (" *" if f.required else ""), classes="form-label")
                yield self._widget(f)
                if f.hint:
                    yield Static(_(f.hint), classes="form-hint")
                yield Static("", id=f"e-{f.name}", classes="field-error")
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield Button(_("Save (ctrl+s)"), id="form-save", variant="primary")
                yield Button(_("Cancel (Esc)"), id="form-cancel")

    def _widget(self, f: Field) -> Widget:
        wid = f"f-{f.name}"
        initial = f.initial(self) if f.initial else None
        if f.kind == DATE:
            return Input(value=format_input(initial) if initial else "", id=wid,
                         placeholder=_("dd-mm-yyyy, or today / yesterday"))
        if f.kind == NOTE:
            return TextArea(initial or "", id=wid, classes="form-note")
        if f.kind == SELECT:
            options = f.options(self) if f.options else []
            kwargs = {"value": initial} if initial is not None else {}
            return Select(options, id=wid, prompt=_("Choose…"), **kwargs)
        if f.kind == CHECK:
            return TickBox(_(f.label), bool(initial), id=wid)
        return Input(value=initial or "", id=wid)

    def on_mount(self) -> None:
        self.query_one("#form-conflict", Static).display = False
        for static in self.query(".field-error"):
            static.display = False
        self._initial = self._snapshot()
        first = self.fields()[0] if self.fields() else None
        if first is not None:
            # Focus without scrolling, so the title stays in view on a tall form.
            self.query_one(f"#f-{first.name}").focus(scroll_visible=False)
            body = self.query_one("#form-body")
            self.call_after_refresh(body.scroll_home, animate=False)

    # -- reading the widgets -------------------------------------------------
    def _raw(self, f: Field):
        widget = self.query_one(f"#f-{f.name}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return None if widget.is_blank() else widget.value
        return widget.value

    def _snapshot(self) -> tuple:
        return tuple(self._raw(f) for f in self.fields())

    @property
    def dirty(self) -> bool:
        return self._snapshot() != self._initial

    def _values(self) -> dict | None:
        """Field values for :meth:`submit`, or None after showing date errors."""
        today = self.context.today
        values, ok = {}, True
        for f in self.fields():
            raw = self._raw(f)
            if f.kind == DATE:
                try:
                    raw = parse_date(raw, today)
                except DateInputError as exc:
                    self._show_error(f.name, exc.message, focus=ok)  # the first one at fault
                    ok = False
            elif f.kind in (TEXT, NOTE):
                raw = raw.strip() or None
            values[f.name] = raw
        return values if ok else None

    # -- messages ------------------------------------------------------------
    def _clear_errors(self) -> None:
        for static in self.query(".field-error"):
            static.update("")
            static.display = False

    def _show_error(self, name: str, message: str, focus: bool = True) -> None:
        target = "form-error"
        for f in self.fields():
            if name == f.name or name in f.also:
                target = f"e-{f.name}"
                break
        static = self.query_one(f"#{target}", Static)
        static.update(Text(message))  # it may quote what was typed: never markup
        static.display = True
        if target != "form-error" and focus:
            self.query_one(f"#f-{target[2:]}").focus()
        static.scroll_visible()

    def error_text(self, name: str) -> str:
        """The message under a field ("" when none): for tests and screen readers."""
        target = "#form-error" if name == "form" else f"#e-{name}"
        return str(self.query_one(target, Static).content)

    # -- actions -------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter moves on, like Tab: saving is a deliberate ctrl+s (or the button).
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        elif event.button.id == "form-cancel":
            self.action_cancel()

    def action_save(self) -> None:
        if self.saving:
            return
        self._clear_errors()
        values = self._values()
        if values is None:
            return
        self.saving = True
        self._submit(values)

    @work(thread=True, exclusive=True, group="form-save")
    def _submit(self, values: dict) -> None:
        try:
            message = self.submit(values)
        except ValidationError as exc:
            self.app.call_from_thread(self._refused, exc.field, exc.message)
        except ConflictError as exc:
            self.app.call_from_thread(self._conflicted, str(exc))
        except RegieError as exc:
            self.app.call_from_thread(self._refused, "form", str(exc))
        except Exception as exc:  # noqa: BLE001 - shown calmly, details to the private log
            from regie_tui.base.errorlog import log_unexpected

            error_id = log_unexpected(exc)
            self.app.call_from_thread(self._refused, "form", _(
                "Saving failed; nothing was saved. Error {id} is in the error log.").format(
                    id=error_id))
        else:
            self.app.call_from_thread(self.dismiss, message)

    def _refused(self, name: str, message: str) -> None:
        self.saving = False
        self._show_error(name, message)

    def _conflicted(self, message: str) -> None:
        self.saving = False
        self.conflict = True
        banner = self.query_one("#form-conflict", Static)
        banner.update(Text(message + "\n" + _(
            "What you typed is kept. Press ctrl+r to reload the case, check your input, "
            "and save again.")))
        banner.display = True
        banner.scroll_visible()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "reload":
            return self.conflict
        return True

    def action_reload(self) -> None:
        if self.conflict and self.case_id is not None:
            self._reload()

    @work(thread=True, exclusive=True, group="form-reload")
    def _reload(self) -> None:
        from regie_tui.data import case_view

        try:
            view = case_view.load(self.context.store, self.case_id)
        except RegieError as exc:
            self.app.call_from_thread(self._refused, "form", str(exc))
            return
        self.app.call_from_thread(self._reloaded, view)

    def _reloaded(self, view) -> None:
        self.version, self.view, self.conflict = view.version, view, False
        self.reloaded(view)
        banner = self.query_one("#form-conflict", Static)
        banner.update(_("The case was reloaded. Your input is kept: check it and save again."))
        self.refresh_bindings()

    def reloaded(self, view) -> None:
        """Hook: refresh choices that depend on the case (e.g. open escalations)."""

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(
            _("Discard your changes? What you typed in this form will be lost."),
            yes=_("Discard"), no=_("Keep editing")), answered)
