"""No control character from a file or the store reaches the terminal (issue 14, item 3),
and names and codes with a bidi control are refused (item 12).

An ESC or C1 byte in a code, a field name or a consultant's name would be obeyed
by the terminal the report is printed on (``\\x1b]0;pwned\\x07`` retitles the
window; others clear the screen or hide lines). Every sub-command's output shows
them as visible escapes instead.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from regie_tui import cli
from regie_tui.base import safe_text
from regie_tui.base.errors import ValidationError
from regie_tui.data import commands
from regie_tui.data import validate as v
from tests.conftest import TODAY
from tests.unit.exchange_helpers import document, rich, write

TITLE = "\x1b]0;pwned\x07"  # sets the terminal window's title
CLEAR = "\x9b2J"  # C1 CSI: clears the screen on terminals that take 8-bit controls
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def run(capsys, *argv) -> tuple[int, str]:
    code = cli.main(["--today", TODAY.isoformat(), "--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out + err


def assert_safe(text: str) -> None:
    assert not RAW.search(text), f"a raw control character was printed: {text!r}"
    # A lone carriage return would let a line overwrite what came before it.
    assert "\r" not in text.replace("\r\n", "")


# -- the import report -----------------------------------------------------------

def test_import_report_shows_escapes_in_field_names_visibly(tmp_path, capsys, store):
    doc = document(rich(code="K-1"))
    doc["extra" + TITLE] = 1
    code, printed = run(capsys, "--db", str(store.path), "import",
                        str(write(tmp_path / "f.json", doc)))
    assert code == 1
    assert_safe(printed)
    assert "extra\\x1b]0;pwned\\x07" in printed  # shown, not obeyed
    doc = document(rich(code="K-1"))
    doc["cases"][0]["veld" + CLEAR] = 1
    code, printed = run(capsys, "--db", str(store.path), "import",
                        str(write(tmp_path / "g.json", doc)))
    assert code == 1
    assert_safe(printed)
    assert "veld\\x9b2J" in printed


def test_import_report_shows_escapes_in_codes_and_names_visibly(tmp_path, capsys, store):
    path = write(tmp_path / "f.json", document(
        rich(code="K" + TITLE, alias="Gezin" + CLEAR, process_director="Evil" + TITLE),
        rich(code="L-1", duo_partner="Ander" + TITLE)))
    code, printed = run(capsys, "--db", str(store.path), "import", "--skip-invalid", str(path))
    assert_safe(printed)
    assert "K\\x1b]0;pwned\\x07" in printed


def test_import_of_a_spreadsheet_with_escapes(tmp_path, capsys, store):
    sheet = tmp_path / "caseload.csv"
    sheet.write_text("code,alias,opened_on,regime,process_director" + TITLE + "\n"
                     "K" + TITLE + ",Gezin,2026-01-05,PR,Tester\n", encoding="utf-8")
    code, printed = run(capsys, "--db", str(store.path), "import", str(sheet))
    assert code != 0
    assert_safe(printed)
    assert "\\x1b]0;pwned" in printed


# -- a store that already holds controls (an older version, another tool) ----------

@pytest.fixture
def poisoned(store, make_case):
    """A store whose case code, alias, names and notes hold terminal controls."""
    make_case()
    store.close()
    conn = sqlite3.connect(store.path)
    with conn:
        conn.execute("UPDATE care_case SET code = 'K' || ? || '-1', alias = 'Gezin' || ?",
                     (TITLE, CLEAR))
        conn.execute("UPDATE consultant SET name = name || ? WHERE name = 'Partner'", (TITLE,))
        conn.execute("UPDATE care_case SET duo_partner_id = "
                     "(SELECT id FROM consultant WHERE name LIKE 'Partner%')")
    conn.close()
    return store.path


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_signals_of_a_store_with_controls(poisoned, capsys, fmt):
    code, printed = run(capsys, "--db", str(poisoned), "signals", "--all", "--format", fmt)
    assert code == 0, printed
    assert_safe(printed)
    assert "K\\x1b]0;pwned" in printed or "K\\u001b]0;pwned" in printed


def test_signals_csv_keeps_its_rows(poisoned, capsys):
    code = cli.main(["--today", TODAY.isoformat(), "--db", str(poisoned), "signals", "--all",
                     "--format", "csv"])
    out = capsys.readouterr().out
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0][:3] == ["code", "severity", "case_code"]
    assert "K\\x1b]0;pwned\\x07-1" in {r[2] for r in rows[1:]}


def test_json_output_still_reads_back_as_the_stored_text(poisoned, capsys):
    code = cli.main(["--today", TODAY.isoformat(), "--db", str(poisoned), "signals", "--all",
                     "--format", "json"])
    assert code == 0
    records = json.loads(capsys.readouterr().out)
    assert "K" + TITLE + "-1" in {r["case_code"] for r in records}


def test_audit_of_a_case_with_controls(poisoned, capsys):
    code, printed = run(capsys, "--db", str(poisoned), "--as", "Tester", "audit", "--case",
                        "K" + TITLE + "-1")
    assert code == 0, printed
    assert_safe(printed)
    assert "K\\x1b]0;pwned\\x07-1" in printed


def test_an_error_naming_a_code_with_controls(poisoned, capsys):
    code, printed = run(capsys, "--db", str(poisoned), "signals", "--case", "X" + TITLE)
    assert code == 2
    assert_safe(printed)
    assert "X\\x1b]0;pwned\\x07" in printed


def test_exports_report_safely(poisoned, capsys, tmp_path):
    for argv in (["export", "caseload", "--out", str(tmp_path / "c.csv")],
                 ["export", "cases", "--all", "--out", str(tmp_path / "c.json")],
                 ["export", "summary", "K" + TITLE + "-1", "--out", str(tmp_path / "s.md")]):
        _code, printed = run(capsys, "--db", str(poisoned), "--as", "Tester", *argv)
        assert_safe(printed)


def test_the_real_terminal_gets_no_escape(poisoned, tmp_path):
    """The installed command in a child process, its bytes as a terminal would get them."""
    env = dict(os.environ, REGIE_HOME=str(tmp_path / "home"))
    result = subprocess.run(
        [sys.executable, "-m", "regie_tui.cli", "--db", str(poisoned), "--today",
         TODAY.isoformat(), "--lang", "en", "signals", "--all"],
        capture_output=True, env=env, cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout + result.stderr
    assert b"\x07" not in result.stdout + result.stderr
    assert "\x9b" not in (result.stdout + result.stderr).decode("utf-8")
    assert b"K\\x1b]0;pwned\\x07-1" in result.stdout


# -- the one place text is made safe -----------------------------------------------

def test_visible_keeps_lines_and_tabs_and_shows_the_rest():
    assert safe_text.visible("a\tb\nc") == "a\tb\nc"
    assert safe_text.visible("x" + TITLE + CLEAR + "\x00\x7f\r") == (
        "x\\x1b]0;pwned\\x07\\x9b2J\\x00\\x7f\\x0d")
    assert safe_text.visible("ab\u202edc\u2066") == "ab\\u202edc\\u2066"
    assert safe_text.visible(None) == ""
    assert safe_text.for_terminal("a,b\r\nc\rd") == "a,b\r\nc\\x0dd"


def test_plain_is_never_markup():
    text = safe_text.plain("[/][b]x[link=https://evil.example]y[/link][@click=app.quit]z")
    assert text.plain == "[/][b]x[link=https://evil.example]y[/link][@click=app.quit]z"
    assert not text.spans


# -- item 12: bidi controls in names and codes are refused --------------------------

@pytest.mark.parametrize("ch", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
                                "\u200f", "\u061c"])
def test_a_bidi_control_is_refused_with_a_clear_message(ch):
    with pytest.raises(ValidationError) as refused:
        v.text("name", "Name", f"Jan{ch}neeJ", max_len=120)
    assert f"U+{ord(ch):04X}" in refused.value.message
    assert "direction" in refused.value.message


def test_commands_refuse_bidi_controls_and_write_nothing(store):
    from tests.conftest import table_counts

    before = table_counts(store)
    with pytest.raises(ValidationError, match="U\\+202E"):
        commands.create_consultant(store, "Sanne\u202eenoV")
    with pytest.raises(ValidationError, match="U\\+202E"):
        commands.create_case(store, code="K-\u202e1", alias="Gezin", opened_on=TODAY,
                             process_director_id=store.consultant_id("Tester"))
    assert table_counts(store) == before


def test_an_import_with_a_bidi_control_in_a_name_is_refused(tmp_path, capsys, store):
    from tests.conftest import table_counts

    before = table_counts(store)
    path = write(tmp_path / "f.json", document(rich(code="K-1", alias="Gezin\u202eniz")))
    code, printed = run(capsys, "--db", str(store.path), "import", str(path))
    assert code == 1
    assert "U+202E" in printed
    assert_safe(printed)
    assert table_counts(store) == before
