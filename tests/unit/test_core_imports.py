"""The core never imports Textual; slow imports stay off the read path."""

import re
import subprocess
import sys
from pathlib import Path

import pytest


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


# The rooms below the screens: everything in them must work without Textual
# (the CLI, the digest and the child process of the first paint use them).
TEXTUAL_FREE_ROOMS = ["rules", "data", "views", "base", "session", "exchange", "sync"]
PACKAGE = Path(__file__).resolve().parents[2] / "regie_tui"


def _modules_of(room: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / room).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


@pytest.mark.parametrize("room", TEXTUAL_FREE_ROOMS)
def test_room_does_not_import_textual(room):
    modules = _modules_of(room)
    assert len(modules) > 1
    loaded = _modules_after("; ".join(f"import {m}" for m in modules))
    assert "textual" not in loaded, room


@pytest.mark.parametrize("module", ["regie_tui.cli", "regie_tui.views.first_rows"])
def test_start_up_path_does_not_import_textual(module):
    assert "textual" not in _modules_after(f"import {module}")


def test_no_module_is_left_loose_at_the_package_root():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "app.py", "cli.py"]


def test_read_path_does_not_import_sqlalchemy():
    loaded = _modules_after("import regie_tui.data.store, regie_tui.data.facts_loader")
    assert "sqlalchemy" not in loaded and "sqlmodel" not in loaded


def test_no_engine_is_created_at_import():
    code = ("import gc, regie_tui.data.commands, regie_tui.data.store, regie_tui.cli;"
            "from sqlalchemy.engine import Engine;"
            "print(sum(isinstance(o, Engine) for o in gc.get_objects()))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "0"


# Lower rooms never import higher ones; views and exchange sit side by side.
LAYER = {"base": 0, "rules": 1, "data": 2, "views": 3, "exchange": 3, "session": 4, "sync": 4,
         "widgets": 5, "screens": 5, "app": 6, "cli": 7, "subcommands": 7}


def test_no_room_imports_a_room_above_it():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        room = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if room not in LAYER:
            continue
        for target in re.findall(r"(?:from|import) regie_tui\.(\w+)", path.read_text()):
            if target in LAYER and LAYER[target] > LAYER[room]:
                upward.append(f"{path.relative_to(PACKAGE)} -> {target}")
    assert upward == []
