"""regie-tui config: where Regie keeps its files, and the rule intervals in force."""

from __future__ import annotations

from regie_tui.base.i18n import _


def register(sub):
    return sub.add_parser("config", help=_("show where Regie keeps its files and rules"))


def run(args) -> int:
    from regie_tui.base import config
    from regie_tui.cli import load_intervals

    print(_("Settings file: {path}").format(path=config.settings_path()))
    print(_("Team rules file: {path}").format(path=config.rules_path()))
    print(_("Case store: {path}").format(
        path=config.store_label(args.db or config.default_db_path())))
    print(_("Demo store: {path}").format(path=config.demo_db_path()))
    print()
    print(_("Intervals in force (days):"))
    for key, value, default, help_text in load_intervals().describe():
        marker = "" if value == default else _(" (default {default})").format(default=default)
        print(f"  {key:<22} {value:>4}{marker}  {help_text}")
    return 0
