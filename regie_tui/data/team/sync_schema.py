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

  STAND-IN, TO BE REMOVED ON MERGE: engineer h3 adds the same table (same
  name, columns, lock and unique (tx, case_id)) to ``schema.py`` in main,
  written by the ``regie_case_changed`` trigger. Until that is merged into this
  branch, the table and the ``regie_record_case_change`` trigger below stand in
  for it; after the merge delete them (the block marked STAND-IN) and keep
  only ``regie_sync_op`` and the DELETE grants. Both writing at once is
  harmless (ON CONFLICT (tx, case_id) DO NOTHING), only wasteful.
"""

from __future__ import annotations

from regie_tui.data.team.schema import CASE_TABLES

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

# STAND-IN for h3's regie_case_change in schema.py (see the docstring): delete on merge.
STAND_IN = r"""
CREATE TABLE IF NOT EXISTS regie_case_change (
    seq bigserial PRIMARY KEY,
    case_id integer NOT NULL REFERENCES care_case(id),
    changed_at timestamptz NOT NULL DEFAULT now(),
    login name NOT NULL,
    tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (tx, case_id)
);

CREATE OR REPLACE FUNCTION regie_record_case_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    changed integer;
BEGIN
    IF TG_TABLE_NAME = 'care_case' THEN
        changed := NEW.id;
    ELSE
        changed := NEW.case_id;
    END IF;
    IF changed IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(7513);  -- numbers in commit order (see sync_schema.py)
        INSERT INTO regie_case_change (case_id, login) VALUES (changed, session_user)
        ON CONFLICT (tx, case_id) DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
"""


def statements() -> list[str]:
    out = [TABLES, STAND_IN]
    out.append("REVOKE ALL ON FUNCTION regie_record_case_change() FROM PUBLIC")
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
    out.append("ALTER TABLE regie_case_change ENABLE ROW LEVEL SECURITY")
    out.append("GRANT SELECT ON regie_case_change TO regie_consultant, "
               "regie_behavioural_scientist")
    out.append("DROP POLICY IF EXISTS regie_read ON regie_case_change")
    out.append("CREATE POLICY regie_read ON regie_case_change FOR SELECT "
               "USING (regie_may_read(case_id, current_user))")
    # Replaying a draft's edit (edit_draft replaces its goals and factors) and a
    # cleared checklist answer (save_answers) deletes rows, which schema.py grants
    # nobody: only rows of a draft or of a run not completed, on a case the member
    # may change. (Belongs in schema.py; here so it lands with the sync work.)
    for table, parent, column, still_open in (
            ("goal", "planversion", "plan_version_id", "p.status = 'draft'"),
            ("planfactor", "planversion", "plan_version_id", "p.status = 'draft'"),
            ("checklistanswer", "checklistrun", "run_id", "p.completed_on IS NULL")):
        out.append(f"GRANT DELETE ON {table} TO regie_consultant")
        out.append(f"DROP POLICY IF EXISTS regie_delete ON {table}")
        out.append(f"CREATE POLICY regie_delete ON {table} FOR DELETE TO regie_consultant "
                   f"USING (EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {column} "
                   f"AND {still_open} AND regie_may_change(p.case_id, current_user)))")
    # STAND-IN for h3's trigger (see the module's docstring).
    for table in ("care_case", *CASE_TABLES):
        out.append(f"CREATE OR REPLACE TRIGGER regie_case_change AFTER INSERT OR UPDATE "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION regie_record_case_change()")
    return out
