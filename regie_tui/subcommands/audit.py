"""regie-tui audit verify | audit --case CODE: check the log, or who did what in a case."""

from __future__ import annotations

import sys

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
    # Verify backs up only after the log passed: a backup taken first would hold
    # a tampered log and so vouch for it (backups are what verify compares with).
    context = make_context(args, backup_today=args.action != "verify")
    store = context.store
    if args.action == "verify":
        code = _verify(store, context.today)
        if code == 0 and not store.blocked and not store.team:  # a team's: pg_dump
            from regie_tui.data import backups

            try:
                backups.daily_backup(store.path, context.today)
            except OSError as exc:  # a full disk: the verdict stands, say so and go on
                print(_("Today's backup could not be made ({reason}).").format(
                    reason=exc.strerror or exc), file=sys.stderr)
        return code
    case_id = audit_log.case_by_code(store, args.case)
    entries = audit_log.case_entries(store, case_id)
    if not store.blocked:  # looking at who looked at a case is a look at the case
        audit_log.record(store, "read_access_log", "access_log", case_id, args.case)
    print(_("Who did what in case {code} (newest first):").format(code=args.case))
    for e in entries:
        print(f"  {e.when:<17} {e.actor:<24} {e.label:<36} "
              f"{e.object:<24} {e.device}")
    if not entries:
        print(_("  (no entries)"))
    from regie_tui.base.i18n import format_date
    from regie_tui.data.engines import AccessRefused
    from regie_tui.rules.retention import retention_end

    try:
        with store.backend.reads_said_plainly():
            closed_on = store.load_case(case_id).closed_on
    except AccessRefused:  # a team store's privacy officer reads the log, not the case
        closed_on = None
    if closed_on is not None:
        print(_("Closed on {closed}; keep the file until {end} (Jeugdwet: 20 years after care "
                "ended).").format(closed=format_date(closed_on), end=format_date(
                    retention_end(closed_on))))
    return 0


def _verify(store, today) -> int:
    """The chain, its protection, then the chain against the backups (what it cannot
    show); and, plainly, what none of these can show."""
    from regie_tui.data import audit_backups, audit_log

    report = audit_log.verify_store(store)
    if not report.ok:
        print(_("The audit log's hash chain is broken at entry {id}: that entry, or the one "
                "before it, was changed or removed.").format(id=report.first_broken_id))
        return 1
    unprotected = audit_log.missing_protection(store)
    if unprotected:
        # Without them an entry can be changed and every later hash recomputed.
        print(_("The audit log is no longer append-only: its protection ({names}) was "
                "removed from the store. Its entries may have been changed; the backups "
                "below are what can show it.").format(names=", ".join(unprotected)))
    if store.team:
        return _verified_team_store(report, unprotected)
    held = audit_backups.compare(store)
    if held.ok and not unprotected:
        print(ngettext("The audit log is intact: {n} entry, hash chain unbroken.",
                       "The audit log is intact: {n} entries, hash chain unbroken.",
                       report.entries).format(n=report.entries))
    elif not held.ok:
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
    if held.ok and held.compared:
        print(ngettext("It holds every entry its backup holds.",
                       "It holds every entry its {n} backups hold.",
                       held.compared).format(n=held.compared))
    elif not held.compared:
        print(_("There is no backup to hold it against, so entries removed from the end, or "
                "a log rewritten from some entry on with fresh hashes, would not show."))
        first = audit_log.first_entry_day(store)
        if first is not None and first < today:
            from regie_tui.base.i18n import format_date

            # Daily backups exist from the first day after the log's first entry on:
            # none at all means they were deleted, or the store was moved without them.
            print(_("The log goes back to {date}, yet there is no backup of the store: a "
                    "backup is made on every day Regie is used, so they were deleted or the "
                    "store was moved without them. Find them before trusting this log.")
                  .format(date=format_date(first)))
    for gap in held.restores:
        print(_("From entry {first} on, the log differs from the backup {name}, at an entry "
                "that records a restore ({when}, {actor}). That is what a restore leaves, "
                "but the log cannot tell a real restore from a rewrite labelled as one: "
                "check that this restore was done.").format(
            first=gap.first_id, name=gap.backup.name,
            **audit_log.entry_who_when(store, gap.first_id)))
    if held.unreadable:
        print(ngettext("{n} backup could not be read (damaged, or another passphrase) and was "
                       "not compared.",
                       "{n} backups could not be read (damaged, or another passphrase) and were "
                       "not compared.", len(held.unreadable)).format(n=len(held.unreadable)))
    return 0 if held.ok and not unprotected else 1


def _verified_team_store(report, unprotected: list[str]) -> int:
    """A team store's backups are the server's (pg_dump), not files Regie reads."""
    if not unprotected:
        print(ngettext("The audit log is intact: {n} entry, hash chain unbroken.",
                       "The audit log is intact: {n} entries, hash chain unbroken.",
                       report.entries).format(n=report.entries))
    print(_("Entries removed from the end of the log, or a log rewritten from some entry on "
            "with fresh hashes, show only against the team store's backups (pg_dump, kept by "
            "its administrator), which this check does not read."))
    return 1 if unprotected else 0
