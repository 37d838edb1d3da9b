"""Two versions of a plan side by side in words: what was added, removed and changed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain
from regie_tui.data.plan_view import PlanHistory
from regie_tui.screens.plan_forms import translate_bindings
from regie_tui.views.plan_changes import Comparison, compare
from regie_tui.views.plan_text import agreed_text, field_label, value_text
from regie_tui.widgets.key_footer import KeyFooter

ADDED, REMOVED, CHANGED = "green", "red", "yellow"


def render(result: Comparison) -> Text:
    old, new = result.old, result.new
    text = Text()
    for v in (old, new):
        text.append(_("Version {n}").format(n=v.number), style="bold")
        text.append(f": {agreed_text(v)}")
        if v.reason:
            text.append(f" — {v.reason}")
        text.append("\n")
    text.append("\n")
    if result.identical:
        text.append(_("The two versions have the same goals, factors and view on safety.")
                    + "\n")
        return text

    text.append(_("Goals") + "\n", style="bold underline")
    for g in result.goals_added:
        text.append("+ " + _("added") + ": ", style=ADDED)
        text.append(f"{g.description} ({field_label('deadline').lower()} "
                    f"{value_text('deadline', g.deadline)}, {value_text('owner', g.owner)})\n")
    for g in result.goals_removed:
        text.append("− " + _("removed") + ": ", style=REMOVED)
        text.append(f"{g.description}\n")
    for change in result.goals_changed:
        text.append("~ " + _("changed") + ": ", style=CHANGED)
        text.append(f"{change.new.description}\n")
        for f in change.changes:
            text.append(f"    {field_label(f.field)}: ")
            text.append(value_text(f.field, f.old), style=REMOVED)
            text.append(" → ")
            text.append(value_text(f.field, f.new), style=ADDED)
            text.append("\n")
    if result.goals_unchanged:
        text.append(_("Unchanged goals: {n}").format(n=result.goals_unchanged) + "\n",
                    style="dim")
    if not (result.goals_added or result.goals_removed or result.goals_changed):
        text.append(_("No changes in the goals.") + "\n", style="dim")

    for title, change in ((_("Protective factors"), result.protective),
                          (_("Threatening factors"), result.threatening)):
        text.append("\n" + title + "\n", style="bold underline")
        for item in change.added:
            text.append(f"+ {item}\n", style=ADDED)
        for item in change.removed:
            text.append(f"− {item}\n", style=REMOVED)
        if not change.changed:
            text.append(_("No changes.") + "\n", style="dim")

    text.append("\n" + _("View on safety and origin") + "\n", style="bold underline")
    for f in result.header:
        text.append(f"{field_label(f.field)}: ")
        text.append(value_text(f.field, f.old), style=REMOVED)
        text.append(" → ")
        text.append(value_text(f.field, f.new), style=ADDED)
        text.append("\n")
    if not result.header:
        text.append(_("No changes.") + "\n", style="dim")
    return text


class PlanCompareScreen(Screen):
    CSS_PATH = "plan.tcss"

    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="plan_compare.back",
                tooltip=_("Back to the history")),
    ]

    def __init__(self, history: PlanHistory, old: int, new: int):
        super().__init__()
        translate_bindings(self)
        self.history = history
        self.result = compare(history.version(old), history.version(new))

    def compose(self) -> ComposeResult:
        h = self.history
        yield Header()
        with VerticalScroll(id="plan-compare-body"):
            yield Static(plain(f"{h.case_code} · {h.case_alias} — " + _(
                "Version {old} compared with version {new}").format(
                old=self.result.old.number, new=self.result.new.number)), classes="title")
            yield Static(render(self.result), id="compare-text")
        yield KeyFooter()
