"""The PostgreSQL-only part of a team store: group roles, grants, row-level security.

The tables themselves come from the same Alembic migrations as on SQLite; this
adds what only a server can enforce. Access is decided by PostgreSQL, not by the
app: a consultant connected with psql sees and changes exactly what Regie would
let them.

Lessons from the pilot (shared/research/team-sync.md §3) built in here:

* In a ``SECURITY DEFINER`` function ``current_user`` is the definer, so every
  helper takes the caller's login as an argument; policies pass ``current_user``.
* Policy subqueries run with the caller's rights; the helpers are definer
  functions so a policy never needs SELECT on ``consultant`` or ``care_case``.
* Permissive policies are OR-ed: the duo partner's read policy would let them
  write ``process_director_id`` to themselves. Column grants leave the owner
  columns out of every role's UPDATE; ownership moves only through
  ``regie_transfer_case``, which writes its own audit entry.
* An UPDATE that RLS filters to 0 rows raises nothing: the app must treat a 0
  rowcount as a refusal.
* The rules do not bind the tables' owner (no ``FORCE ROW LEVEL SECURITY``):
  the definer helpers run as the owner and must see every row to decide, and
  an owner could switch the rules off anyway. The owner is the administrator,
  who works with no case.
"""

from __future__ import annotations

# Group roles; a member's login is granted exactly one of them.
ROLES = {
    "consultant": "regie_consultant",
    "behavioural_scientist": "regie_behavioural_scientist",
    "manager": "regie_manager",
    "privacy_officer": "regie_privacy_officer",
}

# Tables whose rows belong to one case through ``case_id``.
CASE_TABLES = ("regimechange", "person", "professional", "meeting", "significantevent",
               "planversion", "plandecision", "checklistrun", "escalation", "riskassessment",
               "acknowledgement", "duoreview")

# Tables whose rows belong to a case through a parent row.
CHILD_TABLES = {
    "goal": ("planversion", "plan_version_id"),
    "planfactor": ("planversion", "plan_version_id"),
    "checklistanswer": ("checklistrun", "run_id"),
    "plandecisionevent": ("plandecision", "decision_id"),
}

# Every column of care_case a consultant may change; the owner columns are left out.
CASE_COLUMNS_WITHOUT_OWNERS = (
    "code", "alias", "status", "opened_on", "case_director_name", "case_director_org",
    "case_director_named_on", "role_agreement_on", "role_agreement_note", "marking_letter_on",
    "cross_region", "lead_organisation", "waiting_since", "waiting_for", "closed_on",
    "closing_reason", "handover_to", "handover_on", "aftercare", "no_handover_reason", "version")

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION regie_consultant_id(login name) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT id FROM consultant WHERE consultant.login = $1 $$;

CREATE TABLE IF NOT EXISTS regie_glass_break (
    id bigserial PRIMARY KEY,
    login name NOT NULL,
    case_id integer NOT NULL REFERENCES care_case(id),
    day date NOT NULL,
    reason text NOT NULL CHECK (length(btrim(reason)) >= 10),
    at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION regie_glass_broken(case_id integer, login name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT EXISTS (SELECT 1 FROM regie_glass_break g
                  WHERE g.case_id = $1 AND g.login = $2 AND g.day = current_date) $$;

-- Owner, or for the day through break the glass: may change the case.
CREATE OR REPLACE FUNCTION regie_may_change(case_id integer, login name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT pg_has_role($2, 'regie_consultant', 'MEMBER') AND (
          EXISTS (SELECT 1 FROM care_case c
                  WHERE c.id = $1 AND c.process_director_id = regie_consultant_id($2))
          OR regie_glass_broken($1, $2)) $$;

CREATE OR REPLACE FUNCTION regie_is_duo(case_id integer, login name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT pg_has_role($2, 'regie_consultant', 'MEMBER') AND EXISTS (
          SELECT 1 FROM care_case c
          WHERE c.id = $1 AND c.duo_partner_id = regie_consultant_id($2)) $$;

CREATE OR REPLACE FUNCTION regie_may_read(case_id integer, login name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT regie_may_change($1, $2) OR regie_is_duo($1, $2)
          OR pg_has_role($2, 'regie_behavioural_scientist', 'MEMBER') $$;

-- The cases a login may read, as one set: what regie_may_read says of each
-- case, computed once per statement. The read policies ask
-- ``case_id IN (SELECT regie_readable_cases(current_user))``, an uncorrelated
-- subquery the planner runs once and hashes; a definer function called per row
-- cannot be inlined and cost ~175 us a row (2.4 s for one table of 13,000 rows).
CREATE OR REPLACE FUNCTION regie_readable_cases(who name) RETURNS SETOF integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 2000 AS $$
DECLARE
    me integer := regie_consultant_id(who);
BEGIN
    IF pg_has_role(who, 'regie_behavioural_scientist', 'MEMBER') THEN
        RETURN QUERY SELECT c.id FROM care_case c;
    ELSIF pg_has_role(who, 'regie_consultant', 'MEMBER') THEN
        RETURN QUERY SELECT c.id FROM care_case c
                     WHERE c.process_director_id = me OR c.duo_partner_id = me
                     UNION
                     SELECT g.case_id FROM regie_glass_break g
                     WHERE g.login = who AND g.day = current_date;
    END IF;
END $$;

-- Whose caseload reviews a login reads: the behavioural scientist everyone's, a
-- consultant their own. The read policy on meeting and the facts loader
-- (engines.hidden_caseload_reviews) both ask this, so they cannot disagree.
CREATE OR REPLACE FUNCTION regie_reads_caseload_reviews(consultant_id integer, login name)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT pg_has_role($2, 'regie_behavioural_scientist', 'MEMBER')
          OR $1 = regie_consultant_id($2) $$;

-- Codes are unique across the team: an import asks whether one is taken by a
-- case the login cannot read (the yes or no only, nothing of the case).
CREATE OR REPLACE FUNCTION regie_code_taken(code text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT EXISTS (SELECT 1 FROM care_case c WHERE c.code = $1) $$;

-- An addition to a case by someone who may read it (the duo partner's review):
-- the case row is held (FOR SHARE) until the transaction ends, so an owner's
-- change waits for it or it for the change, without the row being changed.
CREATE OR REPLACE FUNCTION regie_hold_case(case_id integer) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM 1 FROM care_case c WHERE c.id = $1 AND regie_may_read($1, session_user)
    FOR SHARE;
    RETURN FOUND;
END $$;

-- The audit chain: one writer at a time (an advisory lock held to the end of the
-- transaction), the hash computed exactly as data/audit.py does, the actor the
-- real login. Nobody may INSERT into audit_log directly.
CREATE OR REPLACE FUNCTION regie_audit(action text, object text, device text,
                                       case_id integer, case_code text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    prev text;
    stamp text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"');
    actor text := session_user;
    new_id bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7513);
    SELECT a.hash INTO prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
    prev := coalesce(prev, repeat('0', 64));
    INSERT INTO audit_log (at, actor, case_id, case_code, action, object, device,
                           prev_hash, hash)
    VALUES (stamp, actor, $4, $5, $1, $2, $3, prev,
            encode(sha256(convert_to(concat_ws(chr(31), prev, stamp, actor,
                   coalesce($4::text, ''), coalesce($5, ''), $1, $2, $3), 'UTF8')), 'hex'))
    RETURNING id INTO new_id;
    RETURN new_id;
END $$;

-- Ownership moves only here: a manager's command, with a reason, audited.
CREATE OR REPLACE FUNCTION regie_transfer_case(case_id integer, to_consultant integer,
                                               reason text, device text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    code text;
BEGIN
    IF NOT pg_has_role(session_user, 'regie_manager', 'MEMBER') THEN
        RAISE EXCEPTION 'only a manager may transfer a case' USING ERRCODE = '42501';
    END IF;
    IF length(btrim(coalesce(reason, ''))) < 10 THEN
        RAISE EXCEPTION 'a transfer needs a reason' USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM consultant WHERE id = $2) THEN
        RAISE EXCEPTION 'no such consultant' USING ERRCODE = '22023';
    END IF;
    UPDATE care_case SET process_director_id = $2, version = version + 1
    WHERE id = $1 RETURNING care_case.code INTO code;
    IF code IS NULL THEN
        RAISE EXCEPTION 'no such case' USING ERRCODE = '22023';
    END IF;
    PERFORM regie_audit('transfer_case', 'consultant:' || $2, $4, $1, code);
END $$;

-- Break the glass: one case, for today, with a written reason; flagged in the log.
CREATE OR REPLACE FUNCTION regie_break_glass(case_id integer, reason text, device text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    code text;
BEGIN
    IF NOT pg_has_role(session_user, 'regie_consultant', 'MEMBER') THEN
        RAISE EXCEPTION 'only a consultant may break the glass' USING ERRCODE = '42501';
    END IF;
    IF length(btrim(coalesce(reason, ''))) < 10 THEN
        RAISE EXCEPTION 'breaking the glass needs a written reason' USING ERRCODE = '22023';
    END IF;
    SELECT c.code INTO code FROM care_case c WHERE c.id = $1;
    IF code IS NULL THEN
        RAISE EXCEPTION 'no such case' USING ERRCODE = '22023';
    END IF;
    INSERT INTO regie_glass_break (login, case_id, day, reason)
    VALUES (session_user, $1, current_date, $2);
    PERFORM regie_audit('break_glass', 'case:' || $1, $3, $1, code);
END $$;

-- Change notification. Every change to a case, by any login (the administrator
-- too), is written to regie_case_change (one row per case per transaction) and
-- announced on the channel regie_case when it commits. The announcement carries
-- nothing (every listener hears every one); each app then reads the rows after
-- the last it saw, as its own login, and row-level security gives it only the
-- cases it may read: a consultant never learns the id of a colleague's case.
-- seq follows commit order: the trigger takes the audit chain's lock (7513,
-- which every command takes anyway for its audit entry) before it draws a
-- number, so a change with a lower seq cannot commit after one with a higher
-- (a reader keeping "the last seq seen" would otherwise miss it). Kept for
-- offline sync: every change to the cases in scope since a given seq, in order.
CREATE TABLE IF NOT EXISTS regie_case_change (
    seq bigserial PRIMARY KEY,
    case_id integer NOT NULL REFERENCES care_case(id),
    changed_at timestamptz NOT NULL DEFAULT now(),
    login name NOT NULL,
    tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
    UNIQUE (tx, case_id)
);

CREATE OR REPLACE FUNCTION regie_case_changed() RETURNS trigger
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
        PERFORM pg_advisory_xact_lock(7513);
        -- session_user: in a definer function current_user is the definer.
        INSERT INTO regie_case_change (case_id, login) VALUES (changed, session_user)
        ON CONFLICT (tx, case_id) DO NOTHING;
        PERFORM pg_notify('regie_case', '');
    END IF;
    RETURN NULL;
END $$;

-- The duo partner is the process director's choice. The column is granted to
-- consultants (set_duo_partner), but UPDATE's policy also lets in a colleague who
-- broke the glass, who would make themself duo partner and keep reading the case
-- after the day: so only the process director (or a login that is no member, the
-- administrator) changes it.
CREATE OR REPLACE FUNCTION regie_duo_partner_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.duo_partner_id IS DISTINCT FROM OLD.duo_partner_id
       AND regie_consultant_id(session_user) IS NOT NULL
       AND regie_consultant_id(session_user) IS DISTINCT FROM OLD.process_director_id THEN
        RAISE EXCEPTION 'only the process director chooses the duo partner'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;

-- Caseload figures for the manager: counts per consultant, no case content.
CREATE OR REPLACE VIEW regie_caseload_figures AS
SELECT c.id AS consultant_id, c.name,
       count(k.id) FILTER (WHERE k.status = 'active') AS active_cases,
       count(k.id) FILTER (WHERE k.status <> 'active') AS closed_cases
FROM consultant c LEFT JOIN care_case k ON k.process_director_id = c.id
GROUP BY c.id, c.name;
"""


def policy_statements() -> list[str]:
    """Grants and policies, in order; safe to run again (``team init`` twice)."""
    out: list[str] = []
    for role in ROLES.values():
        out.append(f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; "
                   f"EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    out.append("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    out.append("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC")
    out.append(FUNCTIONS)
    out.append("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC")
    working = "regie_consultant, regie_behavioural_scientist, regie_manager, " \
              "regie_privacy_officer"
    out.append(f"GRANT USAGE ON SCHEMA public TO {working}")
    out.append(f"GRANT EXECUTE ON FUNCTION regie_audit(text, text, text, integer, text) "
               f"TO {working}")
    out.append("GRANT EXECUTE ON FUNCTION regie_transfer_case(integer, integer, text, text) "
               "TO regie_manager")
    out.append("GRANT EXECUTE ON FUNCTION regie_break_glass(integer, text, text) "
               "TO regie_consultant")
    out.append("GRANT EXECUTE ON FUNCTION regie_hold_case(integer) TO regie_consultant")
    out.append("GRANT EXECUTE ON FUNCTION regie_code_taken(text) TO regie_consultant")
    for fn in ("regie_may_read(integer, name)", "regie_may_change(integer, name)",
               "regie_is_duo(integer, name)", "regie_glass_broken(integer, name)",
               "regie_reads_caseload_reviews(integer, name)",
               "regie_readable_cases(name)", "regie_consultant_id(name)"):
        out.append(f"GRANT EXECUTE ON FUNCTION {fn} TO {working}")
    out.append(f"GRANT SELECT ON consultant, meta, alembic_version TO {working}")
    out.append("GRANT SELECT ON regie_caseload_figures TO regie_manager")
    out.append("GRANT SELECT ON audit_log TO regie_privacy_officer")
    out.append("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO regie_consultant, "
               "regie_behavioural_scientist")

    # care_case: owners change everything but the owner columns; nobody deletes.
    out.append("ALTER TABLE care_case ENABLE ROW LEVEL SECURITY")
    out.append("GRANT SELECT ON care_case TO regie_consultant, regie_behavioural_scientist")
    out.append("GRANT INSERT ON care_case TO regie_consultant")
    out.append(f"GRANT UPDATE ({', '.join(CASE_COLUMNS_WITHOUT_OWNERS)}) ON care_case "
               f"TO regie_consultant")
    # A new case is read back (INSERT ... RETURNING, as SQLAlchemy does) before
    # the definer helpers can see it: their snapshot predates the row. So the
    # read policy of care_case also looks at the row's own columns; for rows
    # that exist it means what ``regie_may_read`` means.
    # (SELECT …): evaluated once per statement, not per row.
    own_or_duo = ("((SELECT pg_has_role(current_user, 'regie_consultant', 'MEMBER')) AND "
                  "(SELECT regie_consultant_id(current_user)) "
                  "IN (process_director_id, duo_partner_id))")
    out += _policies("care_case", "id", read_also=own_or_duo)
    out.append("DROP POLICY IF EXISTS regie_create ON care_case")
    out.append("CREATE POLICY regie_create ON care_case FOR INSERT TO regie_consultant "
               "WITH CHECK (process_director_id = regie_consultant_id(current_user))")

    for table in CASE_TABLES:
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"GRANT SELECT ON {table} TO regie_consultant, regie_behavioural_scientist")
        out.append(f"GRANT INSERT, UPDATE ON {table} TO regie_consultant")
        out += _policies(table, "case_id")
    # The duo partner records the duo review on the partner's case (as themself).
    out.append("DROP POLICY IF EXISTS regie_duo_review ON duoreview")
    out.append("CREATE POLICY regie_duo_review ON duoreview FOR INSERT TO regie_consultant "
               "WITH CHECK (regie_is_duo(case_id, current_user) "
               "AND reviewer_id = regie_consultant_id(current_user))")
    # Caseload reviews are meetings without a case: the behavioural scientist
    # records them, the consultant reviewed reads their own.
    out.append("GRANT INSERT ON meeting TO regie_behavioural_scientist")
    out.append("DROP POLICY IF EXISTS regie_caseload_review ON meeting")
    out.append("CREATE POLICY regie_caseload_review ON meeting FOR INSERT "
               "TO regie_behavioural_scientist "
               "WITH CHECK (case_id IS NULL AND kind = 'caseload_review')")
    out.append("DROP POLICY IF EXISTS regie_caseload_review_read ON meeting")
    out.append("CREATE POLICY regie_caseload_review_read ON meeting FOR SELECT "
               "USING (case_id IS NULL AND "
               "regie_reads_caseload_reviews(consultant_id, current_user))")

    # Changes to a case and to its rows are announced (regie_case_changed); the
    # rows of CHILD_TABLES are written with their parent's, which is announced.
    # Members read the changes of the cases they may read; nobody but the
    # trigger (a definer function) writes them.
    out.append("ALTER TABLE regie_case_change ENABLE ROW LEVEL SECURITY")
    # Every member's app listens; the manager and the privacy officer read no case,
    # so no change (their listener reads nothing rather than failing over and over).
    out.append(f"GRANT SELECT ON regie_case_change TO {working}")
    out.append("DROP POLICY IF EXISTS regie_read ON regie_case_change")
    out.append(f"CREATE POLICY regie_read ON regie_case_change FOR SELECT USING "
               f"({_readable('case_id')})")
    for table in ("care_case", *CASE_TABLES):
        out.append(f"CREATE OR REPLACE TRIGGER regie_notify AFTER INSERT OR UPDATE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION regie_case_changed()")

    for table, (parent, column) in CHILD_TABLES.items():
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"GRANT SELECT ON {table} TO regie_consultant, regie_behavioural_scientist")
        out.append(f"GRANT INSERT, UPDATE ON {table} TO regie_consultant")
        case_of = f"(SELECT p.case_id FROM {parent} p WHERE p.id = {column})"
        # The parent's own read policy applies inside (the caller's rights).
        readable = f"{column} IN (SELECT p.id FROM {parent} p)"
        out += _policies(table, case_of, read=readable)
    out += _owner_changes()
    return out


# Rows the commands delete (nothing else is ever deleted): a draft plan's goals and
# factors when the draft is edited, an open checklist's cleared answers; only
# while the plan is a draft and the checklist open.
DELETABLE = {
    "goal": "(SELECT p.case_id FROM planversion p WHERE p.id = plan_version_id "
            "AND p.status = 'draft')",
    "planfactor": "(SELECT p.case_id FROM planversion p WHERE p.id = plan_version_id "
                  "AND p.status = 'draft')",
    "checklistanswer": "(SELECT r.case_id FROM checklistrun r WHERE r.id = run_id "
                       "AND r.completed_on IS NULL)",
}


def _owner_changes() -> list[str]:
    """What the process director changes beyond the rows' own policies."""
    out = []
    for table, case_of in DELETABLE.items():
        out.append(f"GRANT DELETE ON {table} TO regie_consultant")
        out.append(f"DROP POLICY IF EXISTS regie_delete ON {table}")
        out.append(f"CREATE POLICY regie_delete ON {table} FOR DELETE TO regie_consultant "
                   f"USING (regie_may_change({case_of}, current_user))")
    # The duo partner: granted, and guarded by regie_duo_partner_guard (FUNCTIONS).
    out.append("GRANT UPDATE (duo_partner_id) ON care_case TO regie_consultant")
    out.append("CREATE OR REPLACE TRIGGER regie_duo_partner_guard BEFORE UPDATE OF "
               "duo_partner_id ON care_case FOR EACH ROW "
               "EXECUTE FUNCTION regie_duo_partner_guard()")
    # A consultant's own signal (caseload review overdue) is acknowledged without a
    # case, by that consultant; it is read by whoever reads their caseload reviews.
    out.append("DROP POLICY IF EXISTS regie_own_signal ON acknowledgement")
    out.append("CREATE POLICY regie_own_signal ON acknowledgement FOR INSERT "
               "TO regie_consultant WITH CHECK (case_id IS NULL "
               "AND consultant_id = regie_consultant_id(current_user))")
    out.append("DROP POLICY IF EXISTS regie_own_signal_read ON acknowledgement")
    out.append("CREATE POLICY regie_own_signal_read ON acknowledgement FOR SELECT "
               "USING (case_id IS NULL AND "
               "regie_reads_caseload_reviews(consultant_id, current_user))")
    return out


def _readable(case_expr: str) -> str:
    """The rows of the cases the login may read (regie_readable_cases). The behavioural
    scientist reads every case: said once per statement (an InitPlan), so the set of
    readable cases is not even built for them."""
    return (f"(SELECT pg_has_role(current_user, 'regie_behavioural_scientist', 'MEMBER')) "
            f"OR {case_expr} IN (SELECT regie_readable_cases(current_user))")


def _policies(table: str, case_expr: str, read_also: str | None = None,
              read: str | None = None) -> list[str]:
    # Reading is the hot path (the facts loader reads whole tables): one set of
    # readable cases per statement. Changes touch a few rows: per row is fine.
    read = read or _readable(case_expr)
    if read_also:
        read = f"{read_also} OR {read}"
    change = f"regie_may_change({case_expr}, current_user)"
    return [
        f"DROP POLICY IF EXISTS regie_read ON {table}",
        f"CREATE POLICY regie_read ON {table} FOR SELECT USING ({read})",
        f"DROP POLICY IF EXISTS regie_insert ON {table}",
        f"CREATE POLICY regie_insert ON {table} FOR INSERT TO regie_consultant "
        f"WITH CHECK ({change})",
        f"DROP POLICY IF EXISTS regie_update ON {table}",
        f"CREATE POLICY regie_update ON {table} FOR UPDATE TO regie_consultant "
        f"USING ({change}) WITH CHECK ({change})",
    ]
