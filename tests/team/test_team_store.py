"""The store and its commands on both engines: a store file and a team store.

Each test runs twice (``stores`` in conftest.py): on SQLite, and on PostgreSQL
connected as the member's own login under the team's access rules.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from regie_tui.base.errors import ConflictError
from regie_tui.data import commands as C
from regie_tui.data import tables as T
from regie_tui.data.engines import AccessRefused
from regie_tui.rules import vocab

TODAY = dt.date(2026, 11, 16)  # the ``clock`` fixture's day


def new_case(store, stores, code="A-1", duo="Bram Jansen"):
    return C.create_case(
        store, code=code, alias=f"Gezin {code}", opened_on=TODAY - dt.timedelta(days=30),
        process_director_id=stores.ids["Anna de Vries"], duo_partner_id=stores.ids[duo],
        people=[C.PersonInput("Noor", "youth", 2012)],
        professionals=[C.ProfessionalInput("K. Casus", "GGZ", "behandelaar")])


def test_the_user_is_who_the_store_says(stores):
    store = stores.open("Anna de Vries")
    assert store.actor == "Anna de Vries"
    assert [name for _id, name, _role in store.consultants()] == sorted(stores.ids)


def test_create_a_case_and_record_a_meeting(stores):
    store = stores.open()
    saved = new_case(store, stores)
    assert saved.version == 1
    meeting = C.record_meeting(store, saved.case_id, saved.version, kind=vocab.YOUTH_CONTACT,
                               held_on=TODAY, youth_present=True)
    assert meeting.version == 2
    case = store.load_case(saved.case_id)
    assert (case.code, case.version, case.professionals) == ("A-1", 2, 1)
    assert [(m.kind, m.held_on, m.youth_present) for m in case.meetings] == [
        (vocab.YOUTH_CONTACT, TODAY, True)]
    assert store.case_id_for_code("A-1") == saved.case_id


def test_a_save_on_an_old_version_is_refused_from_another_connection(stores):
    anna, again = stores.open(), stores.open()  # two engines, two connections
    saved = new_case(anna, stores)
    C.record_marking_letter(anna, saved.case_id, saved.version, sent_on=TODAY)
    with pytest.raises(ConflictError):
        C.record_meeting(again, saved.case_id, saved.version, kind=vocab.YOUTH_CONTACT,
                         held_on=TODAY)
    case = again.load_case(saved.case_id)
    assert case.version == 2 and case.meetings == ()


def test_the_duo_partner_reads_the_case_but_a_change_is_refused_plainly(stores):
    anna = stores.open()
    saved = new_case(anna, stores)
    bram = stores.open("Bram Jansen")
    assert bram.load_case(saved.case_id).code == "A-1"
    if stores.kind == "sqlite":  # a store file has no access rules: one consultant's own
        return
    with pytest.raises(AccessRefused, match="only its process director"):
        C.record_meeting(bram, saved.case_id, saved.version, kind=vocab.YOUTH_CONTACT,
                         held_on=TODAY)
    # An UPDATE the rules filter to 0 rows (PostgreSQL raises nothing) is a refusal too.
    with pytest.raises(AccessRefused, match="Nothing was saved"), bram.session() as session:
        case = session.get(T.Case, saved.case_id)
        case.alias = "Overgenomen"
    after = anna.load_case(saved.case_id)
    assert (after.alias, after.version, after.meetings) == ("Gezin A-1", 1, ())


def test_another_consultants_case_is_not_there(stores):
    anna = stores.open()
    saved = new_case(anna, stores)
    carla = stores.open("Carla Bos")
    codes = [case.code for case in carla.load_caseload().cases]
    assert codes == ([] if stores.kind == "postgresql" else ["A-1"])
    if stores.kind == "postgresql":
        from regie_tui.base.errors import NotFoundError

        with pytest.raises(NotFoundError):
            C.record_meeting(carla, saved.case_id, 1, kind=vocab.YOUTH_CONTACT, held_on=TODAY)


def test_a_second_writer_waits_for_the_first_and_is_refused(stores):
    """The version check holds under concurrency: while one transaction has changed the
    case and not yet committed, a command on the same version waits for it and is then
    refused (on PostgreSQL the case row is locked; without the lock it would read the
    old version and overwrite the change)."""
    anna = stores.open()
    saved = new_case(anna, stores)
    other = stores.open()
    outcome: list = []
    with anna.session() as session:
        case = anna.backend.case_for_change(session, T.Case, saved.case_id)
        case.version += 1
        session.flush()

        def second():
            try:
                C.record_meeting(other, saved.case_id, saved.version,
                                 kind=vocab.YOUTH_CONTACT, held_on=TODAY)
                outcome.append("saved")
            except Exception as exc:  # surfaced below
                outcome.append(exc)

        worker = threading.Thread(target=second)
        worker.start()
        if stores.kind == "postgresql":
            _wait_until_blocked(stores.admin_url)
    worker.join()
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError)
    assert anna.load_case(saved.case_id).meetings == ()


def _wait_until_blocked(url: str) -> None:
    """Until another backend waits for a row lock (a condition, not a timing)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(100_000):
            if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                            "'Lock' AND datname = current_database()").fetchone()[0]:
                return
    raise AssertionError("the second writer never waited for the lock")


def test_the_duo_partner_records_the_duo_review_and_nothing_else(stores):
    """The review is an addition: it holds the case row without changing it, so the
    partner (who may not change the case on a team store) records it, and the
    process director's open version stays valid."""
    anna = stores.open()
    saved = new_case(anna, stores)
    bram = stores.open("Bram Jansen")
    review = C.record_duo_review(bram, saved.case_id, saved.version,
                                 reviewer_id=stores.ids["Bram Jansen"], reviewed_on=TODAY,
                                 verdict="agreed")
    assert review.version == saved.version  # the case row is untouched
    [row] = bram.load_case(saved.case_id).duo_reviews
    assert (row.reviewer_id, row.reviewed_on) == (stores.ids["Bram Jansen"], TODAY)
    # The director's next save on the version she read is not a conflict.
    C.record_meeting(anna, saved.case_id, saved.version, kind=vocab.YOUTH_CONTACT,
                     held_on=TODAY)
    with pytest.raises(ConflictError):  # a review of an old version is refused
        C.record_duo_review(bram, saved.case_id, saved.version,
                            reviewer_id=stores.ids["Bram Jansen"], reviewed_on=TODAY,
                            verdict="agreed")
    if stores.kind == "sqlite":  # a store file has no access rules
        return
    current = anna.load_case(saved.case_id).version
    with pytest.raises(AccessRefused):  # not in another's name
        C.record_duo_review(bram, saved.case_id, current, reviewer_id=stores.ids["Carla Bos"],
                            reviewed_on=TODAY, verdict="agreed")
    with pytest.raises(AccessRefused, match="only its process director"):
        C.record_event(bram, saved.case_id, current, kind=vocab.CRISIS, occurred_on=TODAY)
    carla = stores.open("Carla Bos")  # not her case, not her duo: not there at all
    from regie_tui.base.errors import NotFoundError

    with pytest.raises(NotFoundError):
        C.record_duo_review(carla, saved.case_id, current, reviewer_id=stores.ids["Carla Bos"],
                            reviewed_on=TODAY, verdict="agreed")
    after = anna.load_case(saved.case_id)
    assert (after.version, len(after.duo_reviews), after.events) == (current, 1, ())


def test_a_duo_review_waits_for_the_directors_save_and_is_refused(stores):
    """The review holds the case row (FOR SHARE on PostgreSQL): while the process
    director's change is not yet committed, the review waits for it and then sees
    the new version, so a review of the old one is refused, not slipped in."""
    anna = stores.open()
    saved = new_case(anna, stores)
    bram = stores.open("Bram Jansen")
    outcome: list = []
    with anna.session() as session:
        case = anna.backend.case_for_change(session, T.Case, saved.case_id)
        case.version += 1
        session.flush()

        def review():
            try:
                C.record_duo_review(bram, saved.case_id, saved.version,
                                    reviewer_id=stores.ids["Bram Jansen"], reviewed_on=TODAY,
                                    verdict="agreed")
                outcome.append("saved")
            except Exception as exc:  # surfaced below
                outcome.append(exc)

        worker = threading.Thread(target=review)
        worker.start()
        if stores.kind == "postgresql":
            _wait_until_blocked(stores.admin_url)
    worker.join()
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError), outcome
    assert anna.load_case(saved.case_id).duo_reviews == ()
