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
    # Compared by content, not bytes: Babel releases lay out the same catalog differently.
    assert not _tool().stale(), "run `make catalog`"


def test_staleness_is_seen_in_content_not_layout(tmp_path, monkeypatch):
    tool = _tool()
    compiled = tool.messages_of(tool.compiled_bytes())
    msgid = next(k for k in compiled if isinstance(k, str) and k)
    changed = tool.catalog()
    changed[msgid].string = compiled[msgid] + " (gewijzigd)"
    import io

    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, changed, use_fuzzy=False)
    monkeypatch.setattr(tool, "MO", tmp_path / "regie.mo")
    tool.MO.write_bytes(buf.getvalue())
    assert tool.stale()
    tool.MO.write_bytes(tool.compiled_bytes())
    assert not tool.stale()
