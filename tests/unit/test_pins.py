"""A fresh install gets exactly the pinned versions (constraints.txt), so CI cannot turn red
because a package released something new overnight."""

from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name

CONSTRAINTS = Path(__file__).resolve().parents[2] / "constraints.txt"
NOT_PINNED = {"pip", "setuptools", "wheel", "regie-tui"}


def _pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_every_installed_package_is_pinned_at_its_version():
    pins = _pins()
    unpinned = []
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name not in NOT_PINNED and pins.get(name) != dist.version:
            unpinned.append(f"{name} {dist.version} (pinned: {pins.get(name)})")
    assert unpinned == []
