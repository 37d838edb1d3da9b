"""Shared fixtures: a private home folder, a fixed day, a real store on disk."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from regie_tui.base import i18n
from regie_tui.base.clock import Clock
from regie_tui.data import cipher
from tests import fuzzing

TODAY = dt.date(2026, 11, 16)

# Class-level UI strings (binding descriptions, titles) are translated when
# their module is imported, as in the app, where the CLI sets the language
# before it imports any screen. Test modules are imported at collection,
# before any fixture runs: pin Dutch now so the screens under test are Dutch.
i18n.set_language("nl")

# Before any test module builds its hypothesis settings, which inherit from it.
fuzzing.load_profile()


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Every test gets its own config/data/state folders; nothing touches the real ones."""
    home = tmp_path / "home"
    monkeypatch.setenv("REGIE_HOME", str(home))
    monkeypatch.delenv("REGIE_DB", raising=False)
    i18n.set_language("en")
    cipher.forget_passphrase()
    yield home
    i18n.set_language("en")
    cipher.forget_passphrase()


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """An empty store at the newest schema, migrated once for the whole run."""
    from regie_tui.data.store import Store

    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    Store.open(path, Clock(TODAY)).close()
    return path


@pytest.fixture
def new_store_path(migrated_template, tmp_path):
    """Paths of fresh, empty, migrated stores (copies of the template)."""
    import shutil

    counter = iter(range(1000))

    def _new(name: str | None = None):
        path = tmp_path / (name or f"store{next(counter)}.sqlite")
        shutil.copy(migrated_template, path)
        os.chmod(path, 0o600)
        return path

    return _new


@pytest.fixture
def store(new_store_path, clock):
    from regie_tui.data import commands
    from regie_tui.data.store import Store

    s = Store.open(new_store_path("cases.sqlite"), clock, actor="Tester")
    commands.create_consultant(s, "Tester")
    commands.create_consultant(s, "Partner")
    yield s
    s.close()


@pytest.fixture
def make_case(store):
    """Create a case through the store command; returns (case_id, version)."""
    from regie_tui.data import commands
    from regie_tui.rules import vocab

    counter = iter(range(1, 10_000))

    def _make(regime=vocab.PR, opened_on=TODAY - dt.timedelta(days=100), **kwargs):
        n = next(counter)
        saved = commands.create_case(
            store, code=kwargs.pop("code", f"T-{n:03d}"), alias=kwargs.pop("alias", f"Gezin {n}"),
            opened_on=opened_on, regime=regime,
            ovv_decision_on=kwargs.pop("ovv_decision_on",
                                       opened_on if regime == vocab.VPR else None),
            process_director_id=store.consultant_id("Tester"), **kwargs)
        return saved.case_id, saved.version

    return _make


def table_counts(store) -> dict[str, int]:
    """Rows per table: to prove that a refused command wrote nothing."""
    with store.read() as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def case_row(store, case_id: int) -> dict:
    with store.read() as conn:
        conn.row_factory = __import__("sqlite3").Row
        return dict(conn.execute("SELECT * FROM care_case WHERE id = ?", (case_id,)).fetchone())
