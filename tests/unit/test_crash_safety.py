"""SIGKILL writers at random moments: no acknowledged write lost, the file stays sound.

The short version of ``bench/bench_crash.py`` (which runs 50 trials).
"""

from __future__ import annotations

import pytest

from tests import crashkit


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_writers_lose_no_acknowledged_write(tmp_path, seed):
    result = crashkit.run_trial(tmp_path / f"trial-{seed}", workers=3, seed=seed,
                                kill_window=(0.4, 1.2))
    assert result.acknowledged > 0, "the workers wrote nothing before the kill"
    assert result.lost == []
    assert result.integrity == "ok"
    assert result.foreign_key_errors == 0
    assert result.chain_ok
    # At most one write per worker can commit without its acknowledgement line.
    assert 0 <= result.unacknowledged_commits <= 3


def test_check_detects_a_lost_write(tmp_path):
    """The checker itself can fail: a logged write missing from the store is reported."""
    result = crashkit.run_trial(tmp_path / "trial", workers=1, seed=9, kill_window=(0.4, 0.6))
    log = tmp_path / "trial" / "worker-0.log"
    with log.open("a") as f:
        f.write("meeting\t999999\tnever-written\n")
    again = crashkit.check(tmp_path / "trial" / "crash.sqlite", [log])
    assert again.lost == ["meeting:999999"]
    assert not again.ok
    assert result.ok
