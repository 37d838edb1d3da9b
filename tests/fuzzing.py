"""How hard the property and fuzz tests search.

`make test` (and CI) must give the same verdict on every run, so the suite
replays a fixed set of examples derived from each test's name. `make fuzz`
searches fresh, random examples, many more of them: that is where a new
counterexample is found, and it then goes into the test as an `@example`.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("fuzz", derandomize=False)

SCALE = max(1, int(os.environ.get("REGIE_FUZZ_SCALE", "1")))


def examples(n: int) -> int:
    """The number of examples for a test that runs `n` in the suite."""
    return n * SCALE


def load_profile() -> None:
    settings.load_profile(os.environ.get("REGIE_HYPOTHESIS_PROFILE", "suite"))
