"""The summary bar: one chip per signal family with its overdue / due-soon counts.

Clicking a chip (or pressing its key on the screen) asks the screen to filter
the table to that family; the active chip is marked by a symbol and a border,
not by colour alone.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from regie_tui.base.i18n import _
from regie_tui.rules import signals as S
from regie_tui.views.caseload import SYMBOLS, FamilyCount

# The key that selects each family: the first letter of its Dutch label,
# where the users read it (j = jeugdige).
FAMILY_KEYS = {
    S.FAMILY_MDO: "m",
    S.FAMILY_CASE_DIRECTOR: "c",
    S.FAMILY_ESCALATION: "e",
    S.FAMILY_YOUTH_CONTACT: "j",
    S.FAMILY_PLAN: "p",
    S.FAMILY_DUO: "d",
    S.FAMILY_OTHER: "o",
}


class FamilySelected(Message):
    """A chip was clicked: filter to this family (or clear when it was active)."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family


class FamilyChip(Static):
    """One family: key, label, and counts by severity."""

    def __init__(self, family: str) -> None:
        super().__init__(id=f"family-{family}", classes="family-chip")
        self.family = family
        self.count = FamilyCount()
        self.active = False

    def show(self, count: FamilyCount, active: bool) -> None:
        self.count = count
        self.active = active
        self.set_class(active, "-active")
        self.set_class(count.total == 0, "-zero")
        self.tooltip = _("Press {key} to show only these cases; again to show all").format(
            key=FAMILY_KEYS[self.family])
        self.update(self._content())

    def _content(self) -> Content:
        c = self.count
        marker = "▶ " if self.active else ""
        # Counts first, so they line up across the chips; the label wraps below.
        parts = [(f"{marker}{FAMILY_KEYS[self.family]}", "bold"), "  "]
        if c.total == 0:
            parts.append("—")
        else:
            shown = [(SYMBOLS[sev], n) for sev, n in
                     ((S.OVERDUE, c.overdue), (S.DUE_SOON, c.due_soon), (S.ATTENTION, c.attention))
                     if n]
            parts.append(("  ".join(f"{symbol} {n}" for symbol, n in shown), "bold"))
        parts += ["\n", _(S.FAMILIES[self.family])]
        return Content.assemble(*parts)

    def on_click(self) -> None:
        self.post_message(FamilySelected(self.family))


class SummaryBar(Horizontal):
    """Seven family chips, left to right in the catalogue's order."""

    DEFAULT_CSS = """
    SummaryBar {
        height: auto;
        padding: 0 1;
    }
    SummaryBar FamilyChip {
        width: 1fr;
        height: auto;
        min-height: 3;
        padding: 0 1;
        margin-right: 1;
        background: $boost;
    }
    SummaryBar FamilyChip:hover {
        background: $panel;
    }
    SummaryBar FamilyChip.-zero {
        color: $text-muted;
    }
    SummaryBar FamilyChip.-active {
        background: $accent-muted;
        text-style: bold;
    }
    """

    def compose(self) -> ComposeResult:
        for family in S.FAMILIES:
            yield FamilyChip(family)

    def show(self, counts: dict[str, FamilyCount], active: str | None) -> None:
        for chip in self.query(FamilyChip):
            chip.show(counts.get(chip.family, FamilyCount()), chip.family == active)
