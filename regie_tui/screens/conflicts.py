"""The conflicts of a copy of the team store (issue 18): every change made offline
that the team store did not apply, and the consultant's choice for each.

A conflict is a change made on a version of the case that a colleague has
since changed in the same fields; a refusal is an operation the team store
would not take (access ended, validation). Neither is resolved silently: each
stays here, and is a signal on its case, until the consultant chooses:

* 1 apply yours on top: the same change again, on the team store's version
  (recorded in the outbox, sent at the next synchronisation);
* 2 keep the team store's: yours is discarded (asks first);
* 3 edit: the form of the change, filled in with yours, to adjust and save.

Pushed by the app (``C`` or the command palette), only on a copy.
"""

from __future__ import annotations

import json

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from regie_tui.base.errors import RegieError
from regie_tui.base.i18n import N_, _, ngettext
from regie_tui.base.safe_text import plain
from regie_tui.session.context import AppContext
from regie_tui.views import sync_text
from regie_tui.widgets import fixed_columns
from regie_tui.widgets.key_footer import KeyFooter

COLUMNS = (("case", N_("Case")), ("what", N_("What")), ("mine", N_("Yours")),
           ("server", N_("Team store's")), ("who", N_("Who")), ("when", N_("When")))
# A column of values is cut here in the table; the line under it shows them whole.
VALUE_WIDTH = 28

# The form (screens.forms.registry) that makes each change; its fields are named as
# the command's arguments, so the recorded arguments fill it in.
COMMAND_FORMS = {
    "record_marking_letter": "marking_letter",
    "name_case_director": "case_director",
    "record_role_agreement": "role_agreement",
    "set_duo_partner": "duo_partner",
    "set_cross_region": "lead_organisation",
    "set_waiting": "waiting",
    "close_case": "close_case",
    "record_handover": "handover",
    "change_regime": "regime",
    "request_escalation": "escalation_request",
    "decide_escalation": "escalation_decision",
    "record_meeting": "meeting",
    "record_event": "event",
    "record_risk_assessment": "risk_assessment",
    "record_duo_review": "duo_review",
    "plan_still_fits": "plan_still_fits",
    "add_person": "person",
    "add_professional": "professional",
}
# Changes made on the plan screen, not in a form of the case screen.
PLAN_COMMANDS = frozenset({"adopt_plan", "agree_plan", "adjust_plan", "edit_draft",
                           "set_goal_status"})


def _cut(text: str, width: int = VALUE_WIDTH) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


class ConflictsScreen(Screen):
    BINDINGS = [
        Binding("1", "mine", _("Apply mine"), id="conflicts.mine",
                tooltip=_("Send your change again, on top of the team store's version")),
        Binding("2", "server", _("Keep the team store's"), id="conflicts.server",
                tooltip=_("Discard your change and keep the team store's (asks first)")),
        Binding("3", "edit", _("Edit"), id="conflicts.edit",
                tooltip=_("Open the form with your values filled in, to adjust and save")),
        Binding("enter", "open_case", _("Open case"), id="conflicts.open", show=False,
                tooltip=_("Open the case of the selected conflict")),
        Binding("f5", "reload", _("Reload"), id="conflicts.reload", show=False,
                tooltip=_("Read the conflicts again")),
        Binding("escape", "app.pop_screen", _("Back"), id="conflicts.back",
                tooltip=_("Back to the previous screen")),
    ]

    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        self.rows: list = []
        self.names: dict[int, str] = {}
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Synchronisation conflicts"), classes="title")
        yield Static(_("Loading…"), id="conflicts-summary", classes="muted-note")
        yield DataTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="conflict-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()  # back from a case or a form: a conflict may be resolved

    def action_reload(self) -> None:
        self.load()

    # -- reading --------------------------------------------------------------
    @work(thread=True, exclusive=True, group="conflicts-load")
    def load(self) -> None:
        from regie_tui.sync import conflicts

        store = self.context.store
        try:
            with store.read() as conn:
                rows = conflicts.open_conflicts(conn)
            names = {cid: name for cid, name, _role in store.consultants()}
        except RegieError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._show, rows, names)

    def _failed(self, message: str) -> None:
        self.query_one("#conflicts-summary", Static).update(plain(message))
        self.notify(message, severity="error")

    def _show(self, rows: list, names: dict[int, str]) -> None:
        # Read again (back from a form, after a choice): stay on the same conflict, or
        # on the one that took its place.
        before = self.selected()
        index = self.query_one(DataTable).cursor_row
        self.rows, self.names = rows, names
        if rows:
            summary = ngettext(
                "{n} change you made offline was not applied. Choose for each: 1 apply yours "
                "on top of the team store's, 2 keep the team store's, 3 edit.",
                "{n} changes you made offline were not applied. Choose for each: 1 apply "
                "yours on top of the team store's, 2 keep the team store's, 3 edit.",
                len(rows)).format(n=len(rows))
        else:
            summary = _("No open conflicts: every change you made offline reached the "
                        "team store, or you chose what happens to it.")
        self.query_one("#conflicts-summary", Static).update(plain(summary))
        self._fill()
        ids = [row.id for row in rows]
        if before is not None and before.id in ids:
            index = ids.index(before.id)
        if rows:
            self.query_one(DataTable).move_cursor(row=min(max(index, 0), len(rows) - 1))
        self._describe()
        self.refresh_bindings()

    def _cells(self, row) -> tuple:
        if row.kind == "refused":
            server = _("refused: {reason}").format(reason=row.message or "—")
        else:
            server = sync_text.values_text(row.fields, "server", self.names)
        return (row.case_code or "—", _cut(sync_text.what(row.command)),
                _cut(sync_text.values_text(row.fields, "mine", self.names)), _cut(server),
                row.server_login or "—", sync_text.moment(row.server_changed_at, "short"))

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        fixed_columns.fill(table, fixed_columns.translated(COLUMNS),
                           [self._cells(row) for row in self.rows],
                           keys=[str(row.id) for row in self.rows])

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter on the table, which takes it before the screen's binding
        self.action_open_case()

    def _describe(self) -> None:
        """The selected conflict in full, under the table (values are cut there)."""
        row = self.selected()
        detail = self.query_one("#conflict-detail", Static)
        if row is None:
            detail.update("")
            return
        lines = [_("Case {code}: {what}").format(code=row.case_code or "—",
                                                 what=sync_text.what(row.command))]
        if row.kind == "refused":
            lines.append(_("The team store refused it: {reason}").format(
                reason=row.message or "—"))
        else:
            lines.append(_("Yours: {values}").format(
                values=sync_text.values_text(row.fields, "mine", self.names)))
            lines.append(_("Team store's: {values} (changed by {who} on {when})").format(
                values=sync_text.values_text(row.fields, "server", self.names),
                who=row.server_login or "—", when=sync_text.moment(row.server_changed_at)))
        detail.update(Text("\n".join(lines)))  # stored text: never markup

    def selected(self):
        if not self.rows:
            return None
        index = self.query_one(DataTable).cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("mine", "server", "edit", "open_case"):
            return None if self.selected() is None or self.busy else True
        return True

    # -- choosing -----------------------------------------------------------
    def action_mine(self) -> None:
        row = self.selected()
        if row is None or self.busy:
            return
        if row.kind == "refused":
            self.notify(_("The team store refused this change, so it cannot be sent again as "
                          "it is: edit it (3), or discard it (2)."), severity="warning")
            return
        self._resolve(row, "mine")

    def action_server(self) -> None:
        from regie_tui.screens.forms.base import ConfirmScreen

        row = self.selected()
        if row is None or self.busy:
            return
        if row.kind == "refused":
            question = _("Discard your change to {what} on case {code}? The team store "
                         "refused it: {reason}. This cannot be undone.").format(
                what=sync_text.what(row.command), code=row.case_code or "—",
                reason=row.message or "—")
        else:
            question = _("Keep the team store's version of {what} on case {code} ({server})? "
                         "Your change ({mine}) is discarded; this cannot be undone.").format(
                what=sync_text.what(row.command), code=row.case_code or "—",
                server=sync_text.values_text(row.fields, "server", self.names),
                mine=sync_text.values_text(row.fields, "mine", self.names))

        def answered(yes: bool | None) -> None:
            if yes:
                self._resolve(row, "dismiss" if row.kind == "refused" else "server")

        self.app.push_screen(ConfirmScreen(question, _("Discard mine"), _("Cancel")), answered)

    def _resolve(self, row, how: str) -> None:
        self.busy = True
        self.refresh_bindings()
        self._run_resolution(row, how)

    @work(thread=True, group="conflicts-resolve")
    def _run_resolution(self, row, how: str) -> None:
        from regie_tui.sync import conflicts

        resolve = {"mine": conflicts.apply_mine, "server": conflicts.keep_server,
                   "dismiss": conflicts.dismiss, "edited": conflicts.resolve_edited,
                   "edited_refusal": conflicts.dismiss}[how]
        try:
            resolve(self.context.store, row.id)
        except RegieError as exc:
            self.app.call_from_thread(self._resolved, row, how, str(exc))
            return
        except Exception:
            self.app.call_from_thread(self._not_busy)  # the app reports the error itself
            raise
        self.app.call_from_thread(self._resolved, row, how, None)

    def _not_busy(self) -> None:
        self.busy = False
        self.refresh_bindings()

    def _resolved(self, row, how: str, error: str | None) -> None:
        self.busy = False
        if error is not None:
            self.notify(error, title=_("Not resolved"), severity="error")
        else:
            code, what = row.case_code or "—", sync_text.what(row.command)
            message = {
                "mine": _("Case {code}: your change to {what} goes to the team store, on top "
                          "of its version, at the next synchronisation."),
                "server": _("Case {code}: the team store's version of {what} is kept; your "
                            "change is discarded."),
                "dismiss": _("Case {code}: your change to {what} is discarded."),
                "edited": _("Case {code}: your edited change to {what} goes to the team store "
                            "at the next synchronisation."),
            }[how if how != "edited_refusal" else "edited"].format(code=code, what=what)
            self.notify(message, title=_("Conflict resolved"))
            if how in ("mine", "edited", "edited_refusal"):
                send = getattr(self.app, "sync_if_online", None)
                if send is not None:
                    send()  # now, when the team store is there; else at the next sync
        self.load()
        refresh = getattr(self.app, "refresh_copy_status", None)
        if refresh is not None:
            refresh()

    # -- editing ------------------------------------------------------------
    def action_edit(self) -> None:
        row = self.selected()
        if row is None or self.busy:
            return
        form = COMMAND_FORMS.get(row.command)
        if form is None:
            where = (_("on the plan screen of the case (Enter, then P)")
                     if row.command in PLAN_COMMANDS else _("on the case screen (Enter)"))
            self.notify(_("Change {what} {where}; then keep the team store's here (2) to "
                          "close this conflict.").format(what=sync_text.what(row.command),
                                                         where=where),
                        title=_("Edit elsewhere"), timeout=12)
            return
        if row.case_id is None:
            return
        self.busy = True
        self.refresh_bindings()
        self._open_form(row, form)

    @work(thread=True, group="conflicts-edit")
    def _open_form(self, row, form: str) -> None:
        from regie_tui.data import case_view

        store = self.context.store
        try:
            view = case_view.load(store, row.case_id)
            args = recorded_args(store, row.op_id)
        except RegieError as exc:
            self.app.call_from_thread(self._resolved, row, "edited", str(exc))
            return
        except Exception:
            self.app.call_from_thread(self._not_busy)
            raise
        self.app.call_from_thread(self._push_form, row, form, view, args)

    async def _push_form(self, row, form: str, view, args: dict) -> None:
        from regie_tui.screens.forms.registry import form_class

        self.busy = False
        screen = form_class(form)(self.context, row.case_id, view.version, view)

        def closed(message: str | None) -> None:
            if message:
                self.notify(message, title=_("Saved"))
                # A refusal edited and saved is put aside: the saved form is its answer.
                self._resolve(row, "edited" if row.kind == "conflict" else "edited_refusal")
            else:
                self.refresh_bindings()

        await self.app.push_screen(screen, closed)
        prefill(screen, args)
        # What the team store has, in view while the consultant decides what to save.
        if row.kind == "refused":
            note = _("Filled in with your change made offline. The team store refused it: "
                     "{reason}").format(reason=row.message or "—")
        else:
            note = _("Filled in with your change made offline. The team store has: {values} "
                     "(changed by {who} on {when}).").format(
                values=sync_text.values_text(row.fields, "server", self.names),
                who=row.server_login or "—", when=sync_text.moment(row.server_changed_at))
        banner = screen.query_one("#form-conflict", Static)
        banner.update(Text(note))  # stored text: never markup
        banner.display = True

    def action_open_case(self) -> None:
        row = self.selected()
        if row is not None and row.case_id is not None:
            self.app.open_case(row.case_id)


def recorded_args(store, op_id: str) -> dict:
    """The arguments the operation was recorded with (the outbox keeps them)."""
    from regie_tui.data import outbox

    with store.read() as conn:
        found = conn.execute("SELECT args FROM sync_outbox WHERE op_id = ?",
                             (op_id,)).fetchone()
    if found is None:
        return {}
    recorded = json.loads(found[0])
    return outbox.decode(recorded.get("args", {}))


def prefill(form, args: dict) -> None:
    """Put the recorded values in the form's fields of the same name."""
    from textual.widgets import Input, Select, TextArea
    from textual.widgets.select import InvalidSelectValueError

    from regie_tui.base.dates import format_input
    from regie_tui.screens.forms.base import DATE
    from regie_tui.widgets.tick import TickBox

    for field in form.fields():
        if field.name not in args:
            continue
        value = args[field.name]
        widget = form.query_one(f"#f-{field.name}")
        if isinstance(widget, TextArea):
            widget.text = value or ""
        elif isinstance(widget, Select):
            if value is not None:
                try:
                    widget.value = value
                except InvalidSelectValueError:  # no longer an option: left to choose
                    continue
        elif isinstance(widget, TickBox):
            widget.value = bool(value)
        elif isinstance(widget, Input):
            widget.value = (format_input(value) if field.kind == DATE and value
                            else ("" if value is None else str(value)))
