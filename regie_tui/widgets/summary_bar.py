"""The summary bar: one chip per signal family with its counts per state (▲ ● ○ ◇).

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

from regie_tui.base.i18n import N_, _
from regie_tui.rules import signals as S
from regie_tui.rules.signals import SYMBOLS
from regie_tui.views.caseload import FamilyCount

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


# What a chip says when the family's label does not fit without breaking a
# word (about 100 columns and less): a word or two a consultant recognises.
SHORT_FAMILIES = {
    S.FAMILY_MDO: N_("MDO"),
    S.FAMILY_CASE_DIRECTOR: N_("case dir."),
    S.FAMILY_ESCALATION: N_("escalation"),
    S.FAMILY_YOUTH_CONTACT: N_("youth"),
    S.FAMILY_PLAN: N_("plan"),
    S.FAMILY_DUO: N_("duo"),
    S.FAMILY_OTHER: N_("other"),
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
        self.narrow = False  # short label and tight counts (set by the bar on resize)

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
        gap = " " if self.narrow else "  "
        parts = [(f"{marker}{FAMILY_KEYS[self.family]}", "bold"), gap]
        if c.total == 0:
            parts.append("—")
        else:
            # Acknowledged cases are counted too (◇), apart from the open ones.
            shown = [(SYMBOLS[sev], n) for sev, n in
                     ((S.OVERDUE, c.overdue), (S.DUE_SOON, c.due_soon), (S.ATTENTION, c.attention),
                      (S.ACKNOWLEDGED, c.acknowledged))
                     if n]
            form = "{symbol}{n}" if self.narrow else "{symbol} {n}"
            parts.append((gap.join(form.format(symbol=symbol, n=n) for symbol, n in shown),
                          "bold"))
        labels = SHORT_FAMILIES if self.narrow else S.FAMILIES
        parts += ["\n", _(labels[self.family])]
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
    SummaryBar.-narrow FamilyChip {
        padding: 0;
        min-height: 2;
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

    def on_resize(self) -> None:
        # Narrow when a family's label would break inside a word (a chip of
        # 1/7th of the width, with its padding and margin).
        space = (self.size.width - 2) // len(S.FAMILIES) - 3
        longest = max(len(word) for label in S.FAMILIES.values() for word in _(label).split())
        narrow = space < longest
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            for chip in self.query(FamilyChip):
                chip.narrow = narrow
                chip.update(chip._content())
