"""Duo review of one case: a read-only summary and the form to record a verdict.

The duo partner sees what changed since their last review marked as new.
The process director sees the reviews of their case; opening this screen
marks the unread ones read (``review_commands.mark_reviews_read``).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Label, RadioButton, RadioSet, Static, TextArea

from regie_tui.base.errors import ConflictError, NotFoundError, RegieError, ValidationError
from regie_tui.base.i18n import _, format_date
from regie_tui.rules import vocab
from regie_tui.screens import review_text as RT
from regie_tui.session.context import AppContext
from regie_tui.widgets.key_footer import KeyFooter
from regie_tui.widgets.tick import TickRadio


class DuoReviewScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "save", _("Record review"), id="duo_review.save",
                tooltip=_("Record the verdict and remarks as your duo review")),
        Binding("escape", "app.pop_screen", _("Back"), id="duo_review.back",
                tooltip=_("Back to the previous screen")),
    ]

    def __init__(self, context: AppContext, case_id: int):
        super().__init__()
        self.context = context
        self.case_id = case_id
        self.summary = None
        self.me = context.user_id()
        self.saving = False  # a save is running in its worker

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-body"):
            with VerticalScroll(id="review-summary"):
                yield Static(_("Loading the case…"), id="review-facts")
                yield Label(_("Signals"), classes="section")
                yield Static("", id="review-signals")
                yield Label(_("Acknowledged signals"), classes="section")
                yield Static("", id="review-acknowledgements")
                yield Label(_("Changed since my last review"), id="history-title",
                            classes="section")
                yield Static("", id="review-history")
                yield Label(_("Plan of approach"), classes="section")
                yield Static("", id="review-plan")
                yield Label(_("Last checklist"), classes="section")
                yield Static("", id="review-checklist")
                yield Label(_("Duo reviews"), classes="section")
                yield Static("", id="review-reviews")
            with Vertical(id="review-form"):
                yield Label(_("Record a duo review"), classes="title")
                yield Static("", id="form-note")
                with RadioSet(id="verdict"):
                    for code, label in vocab.DUO_VERDICTS.items():
                        yield TickRadio(_(label), id=f"verdict-{code}")
                yield Label(_("Remarks (required unless approved)"))
                yield TextArea(id="remarks")
                yield Static("", id="form-error", classes="error")
                yield Button(_("Record review"), id="save", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#review-form").display = False
        self.load()

    # -- loading --------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        from regie_tui.data import acknowledgements
        from regie_tui.data.review_commands import mark_reviews_read
        from regie_tui.data.review_view import review_summary

        ctx = self.context
        try:
            summary = review_summary(ctx.store, self.case_id, self.me, ctx.today, ctx.intervals)
            with ctx.store.read() as conn:
                acks = acknowledgements.for_case(conn, self.case_id, ctx.today,
                                                 ctx.intervals.acknowledge_max)
            # The process director's opening is what "read" means; the summary above
            # still shows which reviews were unread when they opened it.
            marked = mark_reviews_read(ctx.store, self.case_id, self.me)
        except NotFoundError as exc:
            self.app.call_from_thread(self._gone, str(exc))
            return
        self.app.call_from_thread(self._show, summary, marked)
        self.app.call_from_thread(self._show_acknowledgements, acks)

    def _show_acknowledgements(self, acks) -> None:
        self.query_one("#review-acknowledgements", Static).update(
            RT.acknowledgements_text(acks))

    def _gone(self, message: str) -> None:
        self.notify(message, severity="error")
        self.app.pop_screen()

    def _show(self, summary, marked: int) -> None:
        first = self.summary is None
        self.summary = summary
        case = summary.facts
        own = self.me is not None and self.me == case.process_director_id
        self.query_one("#review-facts", Static).update(RT.case_text(summary))
        self.query_one("#review-signals", Static).update(RT.signals_text(summary.signals))
        title = self.query_one("#history-title", Label)
        if own:
            title.update(_("Course of the case"))
        elif summary.my_last_review:
            title.update(_("Changed since my last review ({date})").format(
                date=format_date(summary.my_last_review)))
        self.query_one("#review-history", Static).update(
            RT.history_text(summary, mark_new=not own))
        self.query_one("#review-plan", Static).update(RT.plan_text(summary.plan))
        self.query_one("#review-checklist", Static).update(RT.checklist_text(summary.checklist))
        self.query_one("#review-reviews", Static).update(RT.reviews_text(summary.reviews))
        form = self.query_one("#review-form")
        form.display = not own and self.me is not None
        self.refresh_bindings()  # ctrl+s is offered only with the form
        if own:
            if marked:
                self.notify(_("You have read the new duo reviews of this case."))
            return
        if self.me == case.duo_partner_id:
            note = _("You are the duo partner of this case.")
        else:
            note = _("You are not the duo partner of this case: your review is recorded, but "
                     "only the duo partner's review counts for the duo review signal.")
        self.query_one("#form-note", Static).update(note)
        if first:  # keyboard first: straight to the verdict (the summary scrolls with pgup/pgdn)
            self.query_one("#verdict", RadioSet).focus()

    # -- recording ------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            event.stop()
            self.action_save()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "save":
            return self.query_one("#review-form").display
        return True

    def action_save(self) -> None:
        if self.summary is None or not self.query_one("#review-form").display:
            return
        pressed = self.query_one("#verdict", RadioSet).pressed_button
        if pressed is None:
            self._refused("verdict", _("Choose a verdict: approved, concerns or discuss in team."))
            return
        verdict = pressed.id.removeprefix("verdict-")
        remarks = self.query_one("#remarks", TextArea).text
        self.query_one("#form-error", Static).update("")
        if self.saving:  # ctrl+s pressed again before the first save came back
            return
        self.saving = True
        self._save(verdict, remarks, self.summary.facts.version)

    @work(thread=True, exclusive=True, group="save")
    def _save(self, verdict: str, remarks: str, version: int) -> None:
        from regie_tui.data import commands

        ctx = self.context
        try:
            commands.record_duo_review(ctx.store, self.case_id, version, reviewer_id=self.me,
                                       reviewed_on=ctx.today, verdict=verdict, remarks=remarks)
        except ValidationError as exc:
            self.app.call_from_thread(self._refused, exc.field, exc.message)
        except (ConflictError, NotFoundError) as exc:
            self.app.call_from_thread(self._stale, str(exc))
        except RegieError as exc:
            self.app.call_from_thread(self._refused, "form", str(exc))
        except Exception as exc:  # noqa: BLE001 - shown calmly, details to the private log
            from regie_tui.base.errorlog import log_unexpected

            error_id = log_unexpected(exc, "duo review save")
            self.app.call_from_thread(self._refused, "form", _(
                "Saving failed; nothing was saved. Error {id} is in the error log.").format(
                    id=error_id))
        else:
            self.app.call_from_thread(self._saved)

    def _refused(self, field: str, message: str) -> None:
        self.saving = False
        self.query_one("#form-error", Static).update(Text(message))
        target = {"verdict": "#verdict", "remarks": "#remarks"}.get(field)
        if target:
            self.query_one(target).focus()

    def _stale(self, message: str) -> None:  # ConflictError or NotFoundError
        self.saving = False
        # Keep what the reviewer typed; show the case as it is now, so they can save again.
        self.query_one("#form-error", Static).update(
            _("This case was changed since you opened it; nothing was saved. The summary now "
              "shows the latest version: check it, then record your review again."))
        self.notify(message, severity="error")
        self.load()

    def _saved(self) -> None:
        self.saving = False
        self.notify(_("Duo review recorded."))
        self.query_one("#remarks", TextArea).text = ""
        # Clear the verdict, so a second ctrl+s does not record the same review again.
        # RadioSet turns a pressed button back on when it is switched off, and has no
        # public way to clear: switch them off unnoticed and forget the pressed one.
        verdicts = self.query_one("#verdict", RadioSet)
        with verdicts.prevent(RadioButton.Changed):
            for button in self.query(RadioButton):
                button.value = False
        verdicts._pressed_button = None
        self.load()
