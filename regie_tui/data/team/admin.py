"""Setting up a team store: ``regie-tui team init`` and ``team add``.

Run by the team's administrator role (the owner of the tables, never used to
work with cases). ``init`` brings the schema to the current revision with the
same Alembic migrations as a SQLite store, then adds roles, grants and
policies (``schema.py``). ``add`` maps a database login to a consultant and
gives it exactly one of the group roles.
"""

from __future__ import annotations

import re

from regie_tui.base.errors import StoreError
from regie_tui.base.i18n import _
from regie_tui.data.audit import device_name
from regie_tui.data.engines.postgres import sqlalchemy_url
from regie_tui.data.team import schema, sync_schema

# PostgreSQL identifiers we create or grant to: plain lower-case names only, so a
# login can never smuggle SQL into a GRANT (identifiers cannot be parameters).
LOGIN = re.compile(r"^[a-z_][a-z0-9_.\-]{0,62}$")


def connect(url: str, **options):
    import psycopg

    return psycopg.connect(url, **options)


def init(url: str) -> None:
    """Migrate the schema, then roles, grants and policies, in one transaction."""
    from alembic import command
    from alembic.config import Config

    from regie_tui.data.migrate import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("url", sqlalchemy_url(url).replace("%", "%%"))
    command.upgrade(cfg, "head")
    with connect(url) as conn, conn.transaction():
        for statement in schema.policy_statements():
            conn.execute(statement)
        for statement in sync_schema.statements():  # copies taken along (regie_tui.sync)
            conn.execute(statement)
        conn.execute("INSERT INTO meta (key, value) VALUES ('store_kind', 'team') "
                     "ON CONFLICT (key) DO NOTHING")


def add(url: str, name: str, login: str, role: str) -> int:
    """Add (or re-map) a member; returns the consultant id."""
    from psycopg import sql

    name = name.strip()
    if not name:
        raise StoreError(_("A member needs a name."))
    if not LOGIN.match(login):
        raise StoreError(_("'{login}' cannot be a database login: use lower-case letters, "
                           "digits, '_', '.' or '-'.").format(login=login))
    if role not in schema.ROLES:
        raise StoreError(_("Unknown role '{role}': choose one of {roles}.").format(
            role=role, roles=", ".join(schema.ROLES)))
    ident = sql.Identifier(login)
    with connect(url) as conn, conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        if not exists:
            # Authentication (password, LDAP, Kerberos) is the administrator's
            # pg_hba.conf choice; Regie never sees or stores a password.
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
        for other in schema.ROLES.values():
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), ident))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(schema.ROLES[role]), ident))
        row = conn.execute(
            "INSERT INTO consultant (name, role, login) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, login = EXCLUDED.login "
            "RETURNING id", (name, role, login)).fetchone()
        conn.execute("SELECT regie_audit('team_add', %s, %s, NULL, NULL)",
                     (f"consultant:{row[0]}:{role}", device_name()))
        return row[0]
