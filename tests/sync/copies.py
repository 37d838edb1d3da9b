"""A copy on a store file made without a server: the same tables and sync_state a
take writes, for the tests of recording (take itself is tested against PostgreSQL)."""

from __future__ import annotations

from regie_tui.data import commands as C
from regie_tui.data.store import Store
from tests.sync.scenario import OPENED


def local_copy(path, clock, *, as_copy: bool = True):
    """(store, case_id, version, ids): Anna's case (Bram duo) in a store marked a copy."""
    setup = Store.open(path, clock, actor="admin")
    ids = {name: C.create_consultant(setup, name) for name in
           ("Anna de Vries", "Bram Jansen", "Carla Bos")}
    saved = C.create_case(setup, code="K-001", alias="Gezin Jansen", opened_on=OPENED,
                          process_director_id=ids["Anna de Vries"],
                          duo_partner_id=ids["Bram Jansen"])
    if as_copy:
        with setup.read() as conn:
            conn.executemany("INSERT INTO sync_state (key, value) VALUES (?, ?)", [
                ("team_url", "postgresql://anna@server/regie"), ("login", "anna"),
                ("consultant", "Anna de Vries"), ("cursor", "0")])
    setup.close()
    store = Store.open(path, clock)
    return store, saved.case_id, saved.version, ids
