"""regie-tui encrypt: encrypt the case store and its backups with a passphrase."""

from __future__ import annotations

import datetime as dt

from regie_tui.base.i18n import _, ngettext


def register(sub):
    return sub.add_parser(
        "encrypt", help=_("encrypt the case store and its backups with a passphrase "
                          "(close Regie first)"))


def run(args) -> int:
    from regie_tui.base import config
    from regie_tui.cli import CliError, audit_store_action
    from regie_tui.data import cipher, encrypt, health
    from regie_tui.session.passphrase import ask_new

    if args.demo:
        raise CliError(_("The demo store is fictional and is not encrypted."))
    path = args.db or config.default_db_path()
    health.refuse_network_store(path)
    if cipher.is_encrypted(path):
        raise CliError(_("The case store {path} is already encrypted.").format(path=path))
    cipher.module()  # the extra must be installed before asking for anything
    cipher.set_passphrase(ask_new())
    result = encrypt.encrypt_store(path, dt.datetime.now())
    from regie_tui.views import first_snapshot

    first_snapshot.forget(path)  # the first screen kept of the plain store
    audit_store_action(args, path, "encrypt", "store:encrypt")
    print(_("The case store {path} is now encrypted. Regie asks for the passphrase at "
            "every start.").format(path=path))
    print(ngettext("{n} backup was encrypted with the same passphrase.",
                   "{n} backups were encrypted with the same passphrase.",
                   len(result.backups)).format(n=len(result.backups)))
    for aside in result.replaced:
        print(_("The earlier store {path}, set aside by a restore, was encrypted with the "
                "same passphrase.").format(path=aside))
    for aside in result.removed:
        print(_("The earlier store {path}, set aside by a restore, could not be read to "
                "encrypt it (damaged) and was deleted, so no readable copy is left.").format(
            path=aside))
    print(_("Keep the passphrase safe: without it nobody can read the store or its "
            "backups, not even the IT department."))
    return 0
