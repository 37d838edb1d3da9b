"""A team store and two laptops of one consultant doing random work, cut off from
the network at random, synchronising at random: in the end every operation was
applied exactly once or is shown as a conflict, and every copy holds the
server's case (hypothesis stateful; the suite replays fixed examples)."""

from __future__ import annotations

import contextlib
import itertools
from urllib.parse import urlsplit

import psycopg
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from regie_tui.base.errors import StoreError
from regie_tui.data import commands as C
from regie_tui.data.store import Store
from regie_tui.sync import push_pull, take
from tests import fuzzing
from tests.sync.scenario import DAY
from tests.sync.team_cases import PASSPHRASE, make_cases
from tests.sync.test_push_pull import _content
from tests.tcp_proxy import TcpProxy
from tests.team.conftest import EngineStores, copy_of

LAPTOPS = (0, 1)
WAITING_FOR = ("gezinshuis", "pleeggezin", "crisisopvang")


def _version(store, case_id: int) -> int:
    with store.read() as conn:
        return conn.execute("SELECT version FROM care_case WHERE id = ?",
                            (case_id,)).fetchone()[0]


def test_two_laptops_and_a_server_converge(pg_cluster, team_templates, clock, tmp_path_factory):
    notes = itertools.count()

    class Team(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            url = copy_of(pg_cluster, team_templates["team"])
            self.url = url
            self.team = EngineStores("postgresql", url, clock)
            with psycopg.connect(url) as conn:
                self.team.ids = dict(conn.execute("SELECT name, id FROM consultant"))
            self.team.url = url
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f"ALTER DATABASE {urlsplit(url).path[1:]} "
                             "SET synchronous_commit = on")
            self.case = make_cases(self.team)["K-1"]
            folder = tmp_path_factory.mktemp("laptops")
            self.proxies, self.copies = [], []
            for i in LAPTOPS:
                proxy = TcpProxy("127.0.0.1", pg_cluster.port).start()
                path = folder / f"laptop{i}.sqlite"
                take.take(f"postgresql://anna@127.0.0.1:{proxy.port}{urlsplit(url).path}",
                          path, clock, PASSPHRASE)
                self.proxies.append(proxy)
                self.copies.append(Store.open(path, clock))
            self.online = self.team.open("Anna de Vries")
            self.meetings: list[str] = []  # every meeting recorded anywhere
            self.cut = [False, False]

        @rule(laptop=st.sampled_from(LAPTOPS))
        def meeting_offline(self, laptop):
            note = f"m{next(notes)}"
            copy = self.copies[laptop]
            C.record_meeting(copy, self.case, _version(copy, self.case), kind="home_visit",
                             held_on=DAY, note=note)
            self.meetings.append(note)

        @rule(laptop=st.sampled_from(LAPTOPS), value=st.sampled_from(WAITING_FOR))
        def change_offline(self, laptop, value):
            copy = self.copies[laptop]
            C.set_waiting(copy, self.case, _version(copy, self.case), since=DAY,
                          waiting_for=value)

        @rule(value=st.sampled_from(WAITING_FOR))
        def change_online(self, value):
            C.set_waiting(self.online, self.case, _version(self.online, self.case),
                          since=DAY, waiting_for=value)

        @rule(laptop=st.sampled_from(LAPTOPS))
        def partition(self, laptop):
            self.cut[laptop] = not self.cut[laptop]
            if self.cut[laptop]:
                self.proxies[laptop].refuse()
                self.proxies[laptop].cut()
            else:
                self.proxies[laptop].allow()

        @rule(laptop=st.sampled_from(LAPTOPS), cut_after=st.sampled_from((None, 3000, 8000)))
        def synchronise(self, laptop, cut_after):
            self.proxies[laptop].cut_after(cut_after)
            with contextlib.suppress(StoreError):
                push_pull.synchronise(self.copies[laptop])
            self.proxies[laptop].cut_after(None)

        @invariant()
        def nothing_applied_twice(self):
            with psycopg.connect(self.url) as conn:
                notes_ = [r[0] for r in conn.execute(
                    "SELECT note FROM meeting WHERE note IS NOT NULL")]
            assert len(notes_) == len(set(notes_))
            assert set(notes_) <= set(self.meetings)

        @rule()
        def settle(self):
            """The network comes back; both laptops synchronise until done, twice."""
            for laptop in LAPTOPS:
                self.cut[laptop] = False
                self.proxies[laptop].allow()
            for _round in range(2):
                for copy in self.copies:
                    for _try in range(5):
                        try:
                            if push_pull.synchronise(copy).waiting == 0:
                                break
                        except StoreError:
                            continue
            self.check_converged()

        def check_converged(self):
            with psycopg.connect(self.url) as conn:
                on_server = sorted(r[0] for r in conn.execute(
                    "SELECT note FROM meeting WHERE note IS NOT NULL"))
                kept = dict(conn.execute(
                    "SELECT op_id::text, outcome FROM regie_sync_op"))
            assert on_server == sorted(self.meetings)  # every meeting once, none lost
            server = take.server_connection(
                f"postgresql://anna@127.0.0.1:{pg_cluster.port}{urlsplit(self.url).path}")
            try:
                truth = _content(server, self.case)
            finally:
                server.close()
            for copy in self.copies:
                with copy.read() as conn:
                    ops = dict(conn.execute("SELECT op_id, status FROM sync_outbox"))
                    shown = {r[0] for r in conn.execute(
                        "SELECT op_id FROM sync_conflict WHERE kind = 'conflict'")}
                    mine = _content(conn, self.case)
                assert "waiting" not in ops.values()
                assert all(kept[op] == status for op, status in ops.items())
                assert shown == {op for op, status in ops.items() if status == "conflict"}
                assert mine == truth  # the copy converged on the server's case

        def teardown(self):
            try:  # the end of every run: the network back, everything converged
                self.settle()
            finally:
                self.close()

        def close(self):
            for copy in self.copies:
                copy.close()
            for proxy in self.proxies:
                proxy.close()
            self.team.close()
            with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {urlsplit(self.url).path[1:]} "
                             "WITH (FORCE)")

    Team.TestCase.settings = settings(max_examples=fuzzing.examples(6), stateful_step_count=12,
                                      deadline=None,
                                      suppress_health_check=list(HealthCheck))
    machine = Team.TestCase()
    machine.runTest()
