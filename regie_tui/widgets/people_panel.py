"""The Betrokkenen tab: youth, parents, professionals, the case director and agreements."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from regie_tui.base.i18n import _, format_date
from regie_tui.base.safe_text import plain
from regie_tui.data.case_view import CaseView
from regie_tui.rules import vocab
from regie_tui.widgets.case_text import label


class PeoplePanel(VerticalScroll):
    DEFAULT_CSS = """
    PeoplePanel { height: 1fr; }
    PeoplePanel Static { margin: 0 0 1 0; }
    """

    def compose(self):
        yield Static(id="people-family")
        yield Static(id="people-professionals")
        yield Static(id="people-director")

    def show(self, view: CaseView) -> None:
        family = Table(title=_("Youth and parents"), title_justify="left", expand=True)
        family.add_column(_("Name"))
        family.add_column(_("Role"))
        family.add_column(_("Birth year"))
        for p in view.people:
            # Typed names as plain Text: a rich Table reads a str cell as markup.
            family.add_row(plain(p.name), label(vocab.PERSON_ROLES, p.role),
                           str(p.birth_year) if p.birth_year else "—")
        if not view.people:
            family.add_row(_("No youth or parents recorded."), "", "")
        self.query_one("#people-family", Static).update(family)

        pros = Table(title=_("Professionals"), title_justify="left", expand=True)
        pros.add_column(_("Name"))
        pros.add_column(_("Organisation"))
        pros.add_column(_("Role"))
        for p in view.professionals:
            pros.add_row(plain(p.name), plain(p.organisation), plain(p.role))
        if not view.professionals:
            pros.add_row(_("No professionals recorded."), "", "")
        self.query_one("#people-professionals", Static).update(pros)

        f = view.facts
        t = Text()
        t.append(_("Case director") + "\n", style="bold")
        if f.case_director_name:
            t.append_text(plain(_("{name} ({organisation}), named {date}").format(
                name=f.case_director_name, organisation=f.case_director_org,
                date=format_date(f.case_director_named_on)) + "\n"))
        else:
            t.append(_("No case director named.") + "\n")
        t.append(_("Role agreement") + "\n", style="bold")
        if f.role_agreement_on:
            t.append(_("Recorded {date}:").format(date=format_date(f.role_agreement_on)) + " ")
            t.append_text(plain((view.role_agreement_note or "") + "\n"))
        else:
            t.append(_("No role agreement recorded.") + "\n")
        if f.cross_region:
            t.append(_("Lead organisation") + "\n", style="bold")
            t.append_text(plain((f.lead_organisation or _("not recorded")) + "\n"))
        self.query_one("#people-director", Static).update(t)
