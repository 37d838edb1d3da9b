"""Every UI string has Dutch, and the compiled catalog matches its source."""

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "catalog.py"


def _tool():
    spec = importlib.util.spec_from_file_location("catalog_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_ui_string_has_a_dutch_translation():
    assert _tool().missing() == []


def test_catalog_has_no_duplicate_entries():
    assert _tool().duplicate_msgids() == []


def test_compiled_catalog_is_not_stale():
    tool = _tool()
    assert tool.MO.read_bytes() == tool.compiled_bytes(), "run `make catalog`"
