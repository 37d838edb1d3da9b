"""Time opening a case: from ``app.open_case`` (what Enter on the caseload calls) to
the case screen painted with its header, signals, timeline, people and escalations.

    .venv/bin/python bench/bench_case_detail.py [--cases 10000] [--entries 200] [--runs 21]
                                                [--busy-caseload]

Copies the demo store of ``--cases`` cases at 2026-11-16 (generated once into
``bench/out/``, see ``_common.py``) to a temporary folder, adds ``--entries``
timeline entries to DEMO-0001 through store commands (meetings, contacts,
events, duo reviews, risk assessments), then opens that case ``--runs`` times
in a headless app (140x42) and prints the median and the spread. Target:
<= 150 ms on a 2-core machine. "Painted" means the load worker finished, the
widgets were filled, and the app was idle again after the refresh that
follows (stamped with ``call_after_refresh``). Between openings the caseload
finishes the reload it starts when it is shown again (Enter is pressed on a
caseload that is ready); with ``--busy-caseload`` the case is opened again
at once, while that reload of all cases still runs in its thread. The script
also times an empty screen with only a header and a footer the same way: the
floor the machine sets at that moment.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regie_tui.base import i18n  # noqa: E402
from regie_tui.base.clock import Clock  # noqa: E402
from regie_tui.data import commands  # noqa: E402
from regie_tui.data.store import Store  # noqa: E402
from regie_tui.rules import vocab  # noqa: E402
from regie_tui.session.context import AppContext  # noqa: E402

TODAY = dt.date(2026, 11, 16)


def build(folder: Path, cases: int) -> Path:
    """A private copy of the cached demo store (the entries are added to the copy)."""
    from _common import store_path

    path = folder / "bench.sqlite"
    shutil.copyfile(store_path(cases), path)
    return path


def add_entries(store: Store, case_id: int, n: int) -> None:
    """``n`` more timeline entries, each through its store command, over the last year."""
    version = store.load_case(case_id).version
    partner = store.consultant_id("Leila Proef")
    kinds = (vocab.YOUTH_CONTACT, vocab.PARENT_CONTACT, vocab.HOME_VISIT, vocab.MDO)
    for i in range(n):
        day = TODAY - dt.timedelta(days=1 + (i * 197) % 200)
        step = i % 5
        if step < 3:
            saved = commands.record_meeting(store, case_id, version, kind=kinds[i % 4],
                                            held_on=day, youth_present=i % 2 == 0,
                                            parents_present=True, note=f"Gesprek {i}")
        elif step == 3:
            saved = commands.record_event(store, case_id, version, kind=vocab.CRISIS,
                                          occurred_on=day, description=f"Gebeurtenis {i}")
        else:
            saved = commands.record_duo_review(store, case_id, version, reviewer_id=partner,
                                               reviewed_on=day, verdict="agreed")
        version = saved.version


async def measure(store: Store, case_id: int, runs: int,
                  busy_caseload: bool = False) -> list[float]:
    from regie_tui.app import create_app
    from regie_tui.screens.case_detail import CaseDetailScreen

    # "Painted" is the first refresh after the screen filled its widgets with the
    # case: stamp it from call_after_refresh, so waiting for the rest (lazy tabs,
    # the audit write) is not counted.
    painted: list[float] = []
    show = CaseDetailScreen._show

    def stamped_show(self, *args):
        show(self, *args)
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    CaseDetailScreen._show = stamped_show
    context = AppContext(store=store, clock=store.clock, user="Sanne Voorbeeld", demo=True,
                         language="nl")
    app = create_app(context)
    times = []
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for _ in range(runs + 1):  # the first run warms imports and caches
            painted.clear()
            start = time.perf_counter()
            app.open_case(case_id)
            while not painted:
                await asyncio.sleep(0.001)
            times.append((painted[0] - start) * 1000)
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
            if not busy_caseload:  # the caseload has read the store again
                await app.workers.wait_for_complete()
                # and shown it: a person needs far more than 0.1 s to choose the
                # next case (the caseload collects garbage right after it shows).
                await pilot.pause(0.1)
        await app.workers.wait_for_complete()
    CaseDetailScreen._show = show
    return times[1:]


async def baseline(runs: int) -> list[float]:
    """The same measurement for an empty screen with only a header and a footer: the
    floor this machine sets (it moves with load from other processes)."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Footer, Header

    painted: list[float] = []

    class Empty(Screen):
        def compose(self):
            yield Header()
            yield Footer()

        def on_mount(self):
            self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    app = App()
    times = []
    async with app.run_test(size=(140, 42)) as pilot:
        for _ in range(runs + 1):
            painted.clear()
            start = time.perf_counter()
            app.push_screen(Empty())
            while not painted:
                await asyncio.sleep(0.001)
            times.append((painted[0] - start) * 1000)
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--busy-caseload", action="store_true",
                        help="open the case again while the caseload still reloads")
    args = parser.parse_args()
    i18n.set_language("nl")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REGIE_HOME"] = str(Path(tmp) / "home")
        t = time.perf_counter()
        path = build(Path(tmp), args.cases)
        store = Store.open(path, Clock(TODAY), actor="Sanne Voorbeeld")
        case_id = store.case_id_for_code("DEMO-0001")
        add_entries(store, case_id, args.entries)
        from regie_tui.data import case_view

        entries = len(case_view.load(store, case_id).timeline)
        from _common import speed_ms

        print(f"store: {args.cases} cases; DEMO-0001 has {entries} timeline entries "
              f"(built in {time.perf_counter() - t:.1f} s); speed: {speed_ms():.0f} ms "
              "reference loop")
        times = asyncio.run(measure(store, case_id, args.runs, args.busy_caseload))
        store.close()
    floor = asyncio.run(baseline(args.runs))
    print(f"open case -> painted, {len(times)} runs: median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms (target <= 150 ms)")
    print(f"baseline (empty screen with header and footer): median "
          f"{statistics.median(floor):.1f} ms, min {min(floor):.1f} ms; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
