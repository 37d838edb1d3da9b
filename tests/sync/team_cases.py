"""Cases on a real team store for the sync tests: Anna's own, one where she is
duo partner, and a colleague's she may not take along."""

from __future__ import annotations

from regie_tui.data import commands as C
from tests.sync.scenario import OPENED

PASSPHRASE = "geheim-wachtwoord"


def make_cases(pg_team) -> dict[str, int]:
    """K-1 Anna's (Bram duo), K-2 Bram's (Anna duo), K-3 Carla's (Bram duo)."""
    ids = pg_team.ids
    made = {}
    for code, owner, duo in (("K-1", "Anna de Vries", "Bram Jansen"),
                             ("K-2", "Bram Jansen", "Anna de Vries"),
                             ("K-3", "Carla Bos", "Bram Jansen")):
        store = pg_team.open(owner)
        made[code] = C.create_case(store, code=code, alias=f"Gezin {code}", opened_on=OPENED,
                                   process_director_id=ids[owner],
                                   duo_partner_id=ids[duo]).case_id
    return made


def version(store, case_id: int) -> int:
    with store.read() as conn:
        return conn.execute("SELECT version FROM care_case WHERE id = ?",
                            (case_id,)).fetchone()[0]
