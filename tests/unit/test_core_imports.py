"""The core never imports Textual; slow imports stay off the read path."""

import subprocess
import sys

import pytest


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", ["regie_tui.rules.facts", "regie_tui.rules.vocab",
                                    "regie_tui.data.store", "regie_tui.data.facts_loader",
                                    "regie_tui.cli", "regie_tui.context",
                                    "regie_tui.first_rows"])
def test_core_does_not_import_textual(module):
    assert "textual" not in _modules_after(f"import {module}")


def test_read_path_does_not_import_sqlalchemy():
    loaded = _modules_after("import regie_tui.data.store, regie_tui.data.facts_loader")
    assert "sqlalchemy" not in loaded and "sqlmodel" not in loaded


def test_no_engine_is_created_at_import():
    code = ("import gc, regie_tui.data.commands, regie_tui.data.store, regie_tui.cli;"
            "from sqlalchemy.engine import Engine;"
            "print(sum(isinstance(o, Engine) for o in gc.get_objects()))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "0"
