"""Regie's first screen against VisiData's, on the same caseload, alternately in one run.

    .venv/bin/pip install -e '.[bench]'     # VisiData 3.4 and pyte, for this bench only
    .venv/bin/python bench/bench_first_screen_vs_visidata.py [--runs 9] [--cases 10000]

Makes a demo store (``regie-tui demo --cases N``), exports the caseload of
the benchmark's consultant as CSV (``regie-tui export caseload``: the rows
Regie's first screen shows), then starts, in a pseudo-terminal of 160x45,
``regie-tui --db STORE`` and ``vd FILE.csv`` one after the other, N times
each. Each figure is the time from just before the process is started to the
moment the terminal, as emulated by pyte from the bytes the program wrote,
shows a case row (a line holding a case code "DEMO-"). For Regie also the
time to a *fresh* case row: one read from the store by this start, not the
frame remembered from an earlier start today (which is dimmed and says it is
being refreshed), to a *confirmed* one (nor marked as read while the store was
being checked) and to the app's own frame (Textual's, with its key footer:
when keys work). Prints medians, minimums and the ratios of the medians
(Regie / VisiData; target <= 1.0), the machine's reference-loop speed and,
with ``--profile``, where Regie's start-up time goes.

By default every run but the first is a later start of the day: today's
backup exists, so the store gets the quick check, and the frame the previous
run showed is painted at once (marked as being refreshed). ``--cold`` makes
every run the first start of a day: the day's backup and the remembered
frame are removed first, so Regie runs the full integrity check and makes
the backup before it can show rows. ``--ab`` adds Regie without its light
first frames (``REGIE_FIRST_PAINT=0``), as it started before issue 19.

Both programs run with compiled bytecode cached (PYTHONPYCACHEPREFIX under
bench/out/, and PYTHONDONTWRITEBYTECODE unset) as an installed package has it:
this environment sets PYTHONDONTWRITEBYTECODE=1, which would make Regie, an
editable install, compile its own modules on every start and VisiData not.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from _common import OUT, machine

BIN = Path(sys.executable).parent
TODAY = "2026-11-16"
USER = "Sanne Voorbeeld"
COLS, LINES = 160, 45
MARK = "DEMO-"


def _env(home: Path, extra: dict | None = None) -> dict:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(LINES),
               HOME=str(home), REGIE_HOME=str(home / "regie"),
               PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("REGIE_DB", None)
    env.update(extra or {})
    return env


def prepare(tmp: Path, cases: int) -> tuple[Path, Path]:
    store = tmp / "store.sqlite"
    csv = tmp / "caseload.csv"
    env = _env(tmp / "prep-home")
    run = [str(BIN / "regie-tui")]
    subprocess.run([*run, "demo", "--cases", str(cases), "--out", str(store), "--today", TODAY],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    subprocess.run([*run, "export", "caseload", "--db", str(store), "--today", TODAY,
                    "--as", USER, "--out", str(csv)], check=True, stdout=subprocess.DEVNULL,
                   env=env)
    return store, csv


def _refreshing_marker() -> str:
    """The status line of a remembered frame (its rows are being refreshed), in Dutch."""
    from regie_tui.base import i18n

    i18n.set_language("nl")
    return i18n._("Rows as shown at your last start today; being refreshed…")


REFRESHING = _refreshing_marker()


def _checking_marker() -> str:
    """The status line of a frame of rows read before the store's check has passed
    (the first start of a day), in Dutch."""
    from regie_tui.base import i18n

    i18n.set_language("nl")
    return i18n._("Store being checked: rows read just now, not yet confirmed; "
                  "nothing can be saved until the check has passed…")[:COLS - 1]


CHECKING = _checking_marker()


# The app's own frame (not a light first frame): its key footer shows the quit key.
APP_MARK = "^q"


def first_row_ms(argv: list[str], env: dict, quit_keys: bytes,
                 timeout: float = 30.0) -> tuple[float, float, float, str, float]:
    """Milliseconds from starting ``argv`` in a pty to a case row on the emulated screen,
    to a fresh one (not on a remembered frame marked as being refreshed), to a
    confirmed one (nor on a frame read while the store was being checked), the
    screen's text then, and (Regie) to the app's own frame with case rows."""
    import pyte

    screen = pyte.Screen(COLS, LINES)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    pid, fd = os.forkpty()
    if pid == 0:  # the child: size its terminal before the program asks for it
        import fcntl

        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLS, 0, 0))
        os.execve(argv[0], argv, env)
    shown = fresh = confirmed = app = None
    wants_app = "regie" in Path(argv[0]).name
    deadline = start + timeout
    try:
        while ((confirmed is None or (wants_app and app is None))
               and time.perf_counter() < deadline):
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            stream.feed(chunk)
            if any(MARK in line for line in screen.display):
                now = time.perf_counter()
                shown = shown or now
                if not any(REFRESHING in line for line in screen.display):
                    fresh = fresh or now
                    if not any(CHECKING[:40] in line for line in screen.display):
                        confirmed = confirmed or now
                        if any(APP_MARK in line for line in screen.display[-2:]):
                            app = now
        text = "\n".join(screen.display)
        _settle(fd, 0.3)
        os.write(fd, quit_keys)
        _wait_or_kill(pid, fd)
    finally:
        os.close(fd)
    def ms(moment):
        return (moment - start) * 1000 if moment else float("nan")

    return ms(shown), ms(fresh), ms(confirmed), text, ms(app)


def _settle(fd: int, quiet: float, limit: float = 5.0) -> None:
    end = time.perf_counter() + limit
    last = time.perf_counter()
    while time.perf_counter() < end and time.perf_counter() - last < quiet:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                if os.read(fd, 1 << 16):
                    last = time.perf_counter()
            except OSError:
                return


def _wait_or_kill(pid: int, fd: int, timeout: float = 10.0) -> None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        _settle(fd, 0.05, 0.1)
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            return
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def regie_argv(store: Path) -> list[str]:
    return [str(BIN / "regie-tui"), "--db", str(store), "--today", TODAY, "--as", USER,
            "--lang", "nl"]


def vd_argv(csv: Path) -> list[str]:
    return [str(BIN / "vd"), "--csv-delimiter", ";", str(csv)]


def profile(store: Path, home: Path) -> None:
    """Where Regie's start-up goes: the phases the processes log, and imports (``-X importtime``)."""
    log = home / "phases.log"
    env = _env(home, {"REGIE_BENCH_LOG": str(log)})
    log.unlink(missing_ok=True)
    t0 = time.time()
    first_row_ms(regie_argv(store), env, b"\x11")
    print("  one Regie start, ms after the process start (remembered-paint: the frame of an "
          "earlier start today; first-paint: the start-up child's frame of rows read now; "
          "rows: the app's own first paint); cpu: of that process:")
    for line in log.read_text().splitlines() if log.exists() else []:
        name, wall, cpu = line.split()
        print(f"    {name:<14} {(float(wall) - t0) * 1000:7.1f} ms  cpu {float(cpu) * 1000:6.0f} ms")
    result = subprocess.run([sys.executable, "-X", "importtime", "-c",
                             "import regie_tui.cli, regie_tui.app"],
                            capture_output=True, text=True, env=env)
    rows = []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].startswith("import time:") and "self" not in line:
            rows.append((int(parts[1]), parts[2].rstrip()))
    print("  largest cumulative imports (regie_tui.cli + regie_tui.app, us):")
    for cum, name in sorted(rows, reverse=True)[:12]:
        print(f"    {cum:>8}  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cold", action="store_true",
                        help="every Regie run is the first start of a day (full check, backup)")
    parser.add_argument("--ab", action="store_true",
                        help="also Regie without its light first frames (REGIE_FIRST_PAINT=0: "
                             "the start-up as before issue 19), in the same alternation")
    parser.add_argument("--ab-tree", type=Path, metavar="DIR",
                        help="with --ab: the 'before' Regie is the source tree DIR (first frames "
                             "on, PYTHONPATH=DIR), e.g. a `git archive` of an earlier commit")
    parser.add_argument("--profile", action="store_true", help="also show where the time goes")
    parser.add_argument("--show", action="store_true", help="print both first screens once")
    args = parser.parse_args()
    if shutil.which("vd", path=str(BIN)) is None:
        print("VisiData is not installed: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        store, csv = prepare(tmp, args.cases)
        regie, vd, regie_fresh, regie_confirmed, before = [], [], [], [], []
        before_fresh, before_confirmed, regie_app, before_app = [], [], [], []
        home = tmp / "home"
        from regie_tui.data.backups import backup_dir

        for i in range(args.runs + 1):  # the first pair warms the page cache and bytecode
            (home / "regie").mkdir(parents=True, exist_ok=True)
            env = _env(home)
            pair = [("regie", regie_argv(store), b"\x11"), ("vd", vd_argv(csv), b"gq")]
            if args.ab:
                pair.append(("regie-before", regie_argv(store), b"\x11"))
            if i % 2:
                pair.reverse()  # none always goes first
            for who, argv, quit_keys in pair:
                if args.cold:  # what yesterday left: no backup of today, no frame of today
                    shutil.rmtree(backup_dir(store), ignore_errors=True)
                    (home / "regie" / "state" / "first-screen.json").unlink(missing_ok=True)
                run_env = env
                if who == "regie-before":
                    run_env = (dict(env, PYTHONPATH=str(args.ab_tree.resolve())) if args.ab_tree
                               else dict(env, REGIE_FIRST_PAINT="0"))
                ms, fresh_ms, confirmed_ms, text, app_ms = first_row_ms(argv, run_env,
                                                                        quit_keys)
                if args.show:
                    print(f"--- {who} first screen (run {i}) ---\n{text}")
                if i == 0:
                    continue
                {"regie": regie, "vd": vd, "regie-before": before}[who].append(ms)
                if who == "regie":
                    regie_fresh.append(fresh_ms)
                    regie_confirmed.append(confirmed_ms)
                    regie_app.append(app_ms)
                elif who == "regie-before":
                    before_fresh.append(fresh_ms)
                    before_confirmed.append(confirmed_ms)
                    before_app.append(app_ms)
        if args.profile:
            profile(store, tmp / "profile-home")
    r, v = statistics.median(regie), statistics.median(vd)
    print(f"machine: {machine()}")
    print(f"load average: {os.getloadavg()[0]:.1f}; runs: {args.runs} each, alternating; "
          f"{args.cases} cases; pty {COLS}x{LINES}; "
          f"{'first start of the day' if args.cold else 'later starts of the day'}")
    print(f"regie    first case row: median {r:7.1f} ms  min {min(regie):7.1f}  "
          f"max {max(regie):7.1f}")
    f = statistics.median(regie_fresh)
    print(f"regie    fresh case row: median {f:7.1f} ms  min {min(regie_fresh):7.1f}  "
          f"max {max(regie_fresh):7.1f}  (rows read now, not a remembered frame)")
    c = statistics.median(regie_confirmed)
    print(f"regie confirmed case row: median {c:7.1f} ms  min {min(regie_confirmed):7.1f}  "
          f"max {max(regie_confirmed):7.1f}  (nor marked as the store being checked)")
    print(f"regie    the app's frame: median {statistics.median(regie_app):7.1f} ms  "
          f"min {min(regie_app):7.1f}  (Textual's own first frame with rows: keys work)")
    print(f"visidata first case row: median {v:7.1f} ms  min {min(vd):7.1f}  max {max(vd):7.1f}")
    print(f"ratio regie/visidata: {r / v:.2f} (medians), {min(regie) / min(vd):.2f} (minimums)"
          "  target <= 1.0")
    print(f"ratio regie fresh/visidata: {f / v:.2f} (medians), "
          f"{min(regie_fresh) / min(vd):.2f} (minimums)")
    if before:
        b = statistics.median(before)
        label = f"regie from {args.ab_tree}" if args.ab_tree else "regie without first frames"
        print(f"{label} (before): median {b:7.1f} ms  min {min(before):7.1f}"
              f"  max {max(before):7.1f}  ratio {b / v:.2f} (medians)")
        bf, bc = statistics.median(before_fresh), statistics.median(before_confirmed)
        print(f"  before: fresh row median {bf:7.1f} ms  min {min(before_fresh):7.1f}  "
              f"ratio {bf / v:.2f};  confirmed row median {bc:7.1f} ms  "
              f"min {min(before_confirmed):7.1f}  ratio {bc / v:.2f};  the app's frame "
              f"median {statistics.median(before_app):7.1f} ms")
    print(f"ratio regie confirmed/visidata: {c / v:.2f} (medians), "
          f"{min(regie_confirmed) / min(vd):.2f} (minimums)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
