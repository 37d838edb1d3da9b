"""Every screen in Dutch shows no English, and in English no Dutch (issue 15, item 7).

tests/ui/language_walk.py walks every screen, form, help, the command palette
and the theme picker in one language (a fresh interpreter per language: key
descriptions are translated when their module is imported). The markers of
the other language come from the catalog itself:

* in Dutch, the English of every entry whose Dutch differs must not show --
  unless those words are also Dutch (they occur in some Dutch translation:
  "Code", "Team", "MDO", "Help");
* in English, the Dutch of every entry must not show -- unless those words are
  also English (they occur in some English source string: the domain terms
  Regie keeps in Dutch, such as "casusregisseur" and "VPR").

A marker is a piece of a message between its placeholders and sentence
marks, of at least two words or one word of five letters or more; screen text
is compared with its lines joined, so a sentence wrapped over two lines is
still found.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "regie_tui" / "locale" / "nl" / "LC_MESSAGES" / "regie.po"

# Words of the fictional demo data (the store's own text, not the UI's), which
# the UI shows as typed in either language.
# ("K. Casus" is a demo case director.)
DATA_WORDS = {"Gezin", "Doel", "Resultaat afgesproken", "Casus"}


def _months(language: str) -> list[str]:
    """Month names as dates show them ("3 december" in Dutch, "3 December" in English)."""
    from babel.dates import get_month_names

    return list(get_month_names("wide", locale=language).values())


def _pieces(message: str) -> list[str]:
    """The literal pieces of a message worth looking for."""
    pieces = []
    for piece in re.split(r"\{[^}]*\}|[\n.,;:!?()\"“”'…·—–/]| - ", message):
        piece = " ".join(piece.split())
        words = piece.split()
        if len(words) >= 2 or (len(words) == 1 and len(re.sub(r"\W", "", piece)) >= 5):
            pieces.append(piece)
    return pieces


def _found(piece: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text) is not None


def markers() -> dict[str, list[str]]:
    """Per language, the pieces of the *other* language that must not show in it."""
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    pairs = [(m.id, m.string) for m in catalog if m.id and m.string
             and isinstance(m.id, str) and m.id != m.string]
    english = "\n".join(msgid for msgid, _s in pairs) + "\n" + "\n".join(
        m.id for m in catalog if isinstance(m.id, str) and m.id == m.string)
    dutch = "\n".join(msgstr for _i, msgstr in pairs) + "\n" + "\n".join(
        m.string for m in catalog if isinstance(m.string, str))

    def only_in(messages: list[str], other_side: str) -> list[str]:
        out = set()
        for message in messages:
            for piece in _pieces(message):
                if piece not in DATA_WORDS and not _found(piece, other_side):
                    out.add(piece)
        return sorted(out)

    return {"nl": only_in([i for i, _s in pairs], dutch) + _months("en"),
            "en": only_in([s for _i, s in pairs], english) + _months("nl")}


def _plain(text: str) -> str:
    """Screen text with borders and scrollbars taken out and the lines joined."""
    text = re.sub(r"[\u2500-\u259f\u2800-\u28ff]", " ", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def walked(tmp_path_factory, demo_template):
    """Both languages walked at once (two interpreters, two cores)."""
    base = tmp_path_factory.mktemp("walk")
    runs = {}
    for language in ("nl", "en"):
        store = base / f"{language}.sqlite"
        store.write_bytes(Path(demo_template).read_bytes())
        out = base / f"{language}.json"
        env = {**os.environ, "REGIE_HOME": str(base / f"home-{language}"),
               "PYTHONPATH": str(ROOT)}
        runs[language] = (out, subprocess.Popen(
            [sys.executable, "-m", "tests.ui.language_walk", language, str(store), str(out)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    seen = {}
    for language, (out, process) in runs.items():
        output, _err = process.communicate(timeout=900)
        assert process.returncode == 0, output[-4000:]
        seen[language] = json.loads(out.read_text(encoding="utf-8"))
    return seen


def test_markers_are_built_from_the_catalog():
    """The marker lists hold what the issue found, and spare words of both languages."""
    found = markers()
    assert "Search for commands" in found["nl"]
    assert "Quit the application as soon as possible" in found["nl"]
    assert "dd-mm-jjjj" in found["en"]
    assert "akkoord" in found["en"]
    assert "Team" not in found["nl"] and "MDO" not in found["nl"]
    assert "casusregisseur" not in found["en"]
    assert "december" in found["en"] and "December" in found["nl"]


def test_every_screen_walked(walked):
    for language in ("nl", "en"):
        names = set(walked[language])
        for screen in ("caseload/mine", "palette", "palette/no-match", "themes", "case/signals",
                       "case/form/meeting", "plan", "checklists/run", "duo-review", "team",
                       "lock", "error"):
            assert screen in names, (language, screen)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_string_of_the_other_language(walked, language):
    forbidden = markers()[language]
    hits = []
    for screen, text in walked[language].items():
        plain = _plain(text)
        hits += [f"{screen}: {piece!r}" for piece in forbidden if _found(piece, plain)]
    assert not hits, "\n".join(hits)


def test_textual_own_strings_translated(walked):
    """The palette, its "nothing found", the theme list and the footer speak Dutch
    (ctrl+c's toast: tests/ui/test_textual_strings.py)."""
    nl = {screen: _plain(text) for screen, text in walked["nl"].items()}
    assert "Zoek een opdracht…" in nl["palette"]
    assert "Regie meteen sluiten" in nl["palette"]
    assert "Niets gevonden" in nl["palette/no-match"]
    assert "Donker (standaard)" in nl["themes"]
    assert "^p opdrachten" in nl["caseload/mine"]
