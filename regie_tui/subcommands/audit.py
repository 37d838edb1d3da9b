"""regie-tui audit verify | audit --case CODE: check the log, or who did what in a case."""

from __future__ import annotations

from regie_tui.base.i18n import _, ngettext


def register(sub):
    parser = sub.add_parser(
        "audit", help=_("check the audit log, or show who did what in one case"))
    parser.add_argument("action", nargs="?", choices=("verify",),
                        help=_("verify: check the hash chain and name the first broken link"))
    parser.add_argument("--case", metavar="CODE", help=_("show every entry on this case"))
    return parser


def run(args) -> int:
    from regie_tui.cli import CliError, make_context
    from regie_tui.data import audit_log

    if args.action is None and args.case is None:
        raise CliError(_("Say what to do: regie-tui audit verify, or regie-tui audit --case "
                         "CODE."))
    context = make_context(args)
    store = context.store
    if args.action == "verify":
        return _verify(store)
    case_id = store.case_id_for_code(args.case)
    entries = audit_log.case_entries(store, case_id)
    if not store.blocked:  # looking at who looked at a case is a look at the case
        audit_log.record(store, "read_access_log", "access_log", case_id)
    print(_("Who did what in case {code} (newest first):").format(code=args.case))
    for e in entries:
        print(f"  {e.when:<17} {e.actor:<24} {e.label:<36} "
              f"{e.object:<24} {e.device}")
    if not entries:
        print(_("  (no entries)"))
    from regie_tui.base.i18n import format_date
    from regie_tui.rules.retention import retention_end

    closed_on = store.load_case(case_id).closed_on
    if closed_on is not None:
        print(_("Closed on {closed}; keep the file until {end} (Jeugdwet: 20 years after care "
                "ended).").format(closed=format_date(closed_on), end=format_date(
                    retention_end(closed_on))))
    return 0


def _verify(store) -> int:
    """The chain itself, then the chain against the backups (what it cannot show)."""
    from regie_tui.data import audit_backups, audit_log

    report = audit_log.verify_store(store)
    if not report.ok:
        print(_("The audit log's hash chain is broken at entry {id}: that entry, or the one "
                "before it, was changed or removed.").format(id=report.first_broken_id))
        return 1
    held = audit_backups.compare(store)
    if held.ok:
        print(ngettext("The audit log is intact: {n} entry, hash chain unbroken.",
                       "The audit log is intact: {n} entries, hash chain unbroken.",
                       report.entries).format(n=report.entries))
        if held.compared:
            print(ngettext("It holds every entry its backup holds.",
                           "It holds every entry its {n} backups hold.",
                           held.compared).format(n=held.compared))
        else:
            print(_("There is no backup yet to hold it against."))
    else:
        print(_("The audit log's hash chain is unbroken ({n} entries), but it lacks what its "
                "backups hold:").format(n=report.entries))
        for gap in held.gaps:
            if gap.kind == audit_backups.MISSING and gap.first_id == gap.last_id:
                line = _("entry {first} was removed from the end; the backup {name} holds it.")
            elif gap.kind == audit_backups.MISSING:
                line = _("entries {first} to {last} were removed from the end; the backup "
                         "{name} holds them.")
            else:
                line = _("from entry {first} on, the log was rewritten; the backup {name} "
                         "holds the entries as they were (up to {last}).")
            print("  " + line.format(first=gap.first_id, last=gap.last_id,
                                     name=gap.backup.name))
    if held.unreadable:
        print(ngettext("{n} backup could not be read (damaged, or another passphrase) and was "
                       "not compared.",
                       "{n} backups could not be read (damaged, or another passphrase) and were "
                       "not compared.", len(held.unreadable)).format(n=len(held.unreadable)))
    return 0 if held.ok else 1
