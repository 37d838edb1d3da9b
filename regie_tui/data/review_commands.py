"""Store commands of duo review beyond recording one (``commands.record_duo_review``).

Marking reviews read does not bump the case's version: a read marker is not
a change to the case's content, and bumping it would refuse (ConflictError)
an edit the process director has open on the case in another screen, or
that a colleague is making, for nothing. It is still one transaction and
one audit entry, and it is idempotent: reading again writes nothing.
"""

from __future__ import annotations

from sqlmodel import select

from regie_tui.base.errors import NotFoundError
from regie_tui.base.i18n import _
from regie_tui.data import tables as T
from regie_tui.data.commands import _audit


def mark_reviews_read(store, case_id: int, reader_id: int | None) -> int:
    """Mark the case's unread duo reviews read, if ``reader_id`` directs the case.

    Only the process director's opening counts: a duo partner or a manager
    looking at the review leaves it unread for the process director.
    Returns the number of reviews marked.
    """
    if reader_id is None:
        return 0
    with store.read() as conn:  # most openings find nothing unread: no write lock for them
        row = conn.execute(
            "SELECT c.process_director_id, "
            "(SELECT COUNT(*) FROM duoreview r WHERE r.case_id = c.id AND r.read_on IS NULL) "
            "FROM care_case c WHERE c.id = ?", (case_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("This case no longer exists."))
    if row[0] != reader_id or row[1] == 0:
        return 0
    today = store.clock.today()
    with store.session() as session:
        case = session.get(T.Case, case_id)
        if case is None:
            raise NotFoundError(_("This case no longer exists."))
        if case.process_director_id != reader_id:
            return 0
        reviews = session.exec(select(T.DuoReview).where(
            T.DuoReview.case_id == case_id, T.DuoReview.read_on.is_(None))).all()
        if not reviews:
            return 0
        for review in reviews:
            review.read_on = today
        session.flush()
        ids = ",".join(str(r.id) for r in sorted(reviews, key=lambda r: r.id))
        _audit(store, session, "read_duo_reviews", f"duo_review:{ids}"[:200], case)
        return len(reviews)
