"""The team store's part of taking cases along (issue 18, ``regie_tui/sync``).

Installed by ``regie-tui team init`` after ``schema.py`` (``admin.init``); safe to
run again.

* ``regie_sync_op``: every operation a copy pushed, with its outcome, inserted
  in the transaction that applied it (``data.outbox.replaying``) or that
  recorded why it was not applied. Its primary key, the operation's UUID, makes
  a replay after a cut connection find the stored outcome instead of applying
  the command twice. A member sees and inserts only rows of their own login;
  nobody updates or deletes one (a trigger refuses it, as for the audit log).
* ``regie_case_change``: one row per case per transaction that changed it or
  a row of it, numbered by the server (``seq``), never by a laptop's clock. A
  copy pulls the cases whose changes it has not seen (``seq`` > its cursor).
  Row-level security shows a member the changes of the cases they may read.
  ``seq`` is handed out under the advisory lock every command's audit append
  takes anyway (``regie_audit``, key 7513), held to the commit: so numbers
  become visible in order, and a reader that saw n has seen every change
  numbered below n.
  The table and its trigger live in ``schema.py`` (the live updates use it too).
"""

from __future__ import annotations

TABLES = r"""
CREATE TABLE IF NOT EXISTS regie_sync_op (
    op_id uuid PRIMARY KEY,
    login name NOT NULL DEFAULT current_user,
    device text NOT NULL,
    command text NOT NULL,
    case_id integer,
    received_seq bigserial NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    outcome text NOT NULL CHECK (outcome IN ('applied', 'conflict', 'refused')),
    detail jsonb
);

CREATE OR REPLACE FUNCTION regie_sync_op_kept() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'synchronised operations are kept'; END $$;
CREATE OR REPLACE TRIGGER regie_sync_op_kept BEFORE UPDATE OR DELETE OR TRUNCATE ON regie_sync_op
FOR EACH STATEMENT EXECUTE FUNCTION regie_sync_op_kept();

"""


def statements() -> list[str]:
    out = [TABLES]
    out.append("REVOKE ALL ON FUNCTION regie_sync_op_kept() FROM PUBLIC")
    out.append("ALTER TABLE regie_sync_op ENABLE ROW LEVEL SECURITY")
    out.append("GRANT SELECT, INSERT ON regie_sync_op TO regie_consultant")
    out.append("GRANT USAGE ON SEQUENCE regie_sync_op_received_seq_seq TO regie_consultant")
    out.append("DROP POLICY IF EXISTS regie_own_ops ON regie_sync_op")
    out.append("CREATE POLICY regie_own_ops ON regie_sync_op FOR SELECT "
               "USING (login = current_user)")
    out.append("DROP POLICY IF EXISTS regie_own_ops_insert ON regie_sync_op")
    out.append("CREATE POLICY regie_own_ops_insert ON regie_sync_op FOR INSERT "
               "TO regie_consultant WITH CHECK (login = current_user)")
    return out
