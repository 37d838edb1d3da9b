"""One key map (issue 15.8): a letter means one thing on every screen, no screen binds
a key twice, and F1 lists each key once."""

from __future__ import annotations

import importlib
import pkgutil
import re

from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

import regie_tui.screens
import regie_tui.widgets
from regie_tui.app import RegieApp
from regie_tui.screens import keymap
from tests.ui.conftest import SIZE


def _all_classes(base) -> list[type]:
    for package in (regie_tui.screens, regie_tui.widgets):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
    found, todo = [], [base]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("regie_tui."):
                found.append(sub)
    return sorted(set(found), key=lambda c: (c.__module__, c.__qualname__))


def _bindings(cls) -> list[tuple[str, Binding]]:
    """(key, binding) for every key of the class's own and inherited Regie bindings."""
    out = []
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("regie_tui") or "BINDINGS" not in vars(klass):
            continue
        for binding in vars(klass)["BINDINGS"]:
            if isinstance(binding, Binding):
                out += [(key.strip(), binding) for key in binding.key.split(",")]
    return out


SCREENS = _all_classes(Screen)
WIDGETS = [c for c in _all_classes(Widget) if not issubclass(c, Screen)]
APP = _bindings(RegieApp)


def test_the_walk_finds_the_screens():
    names = {c.__name__ for c in SCREENS}
    assert {"CaseloadScreen", "CaseDetailScreen", "ChecklistRunScreen", "PlanScreen",
            "HelpScreen", "LockScreen", "TeamOverviewScreen"} <= names
    assert len(SCREENS) > 25


def test_every_key_is_in_the_key_map_with_its_one_meaning():
    wrong = [f"{cls.__name__}: {key} -> {binding.id} ({binding.action})"
             for cls in [*SCREENS, *WIDGETS, RegieApp]
             for key, binding in _bindings(cls)
             if not keymap.allowed(key, binding.id)]
    assert not wrong, "keys outside the key map (screens/keymap.py):\n" + "\n".join(wrong)


def test_no_screen_binds_a_key_twice():
    twice = []
    for cls in SCREENS:
        meanings: dict[str, set[str]] = {}
        for key, binding in _bindings(cls):
            meanings.setdefault(key, set()).add(
                keymap.meaning(key, binding.id, binding.action))
        # The app's keys work on every screen: a screen may not give one another meaning.
        for key, binding in APP:
            if key in meanings:
                meanings[key].add(keymap.meaning(key, binding.id, binding.action))
        twice += [f"{cls.__name__}: {key} = {sorted(m)}" for key, m in meanings.items()
                  if len(m) > 1]
    assert not twice, "\n".join(twice)


def test_the_map_itself_gives_each_key_one_entry_and_real_ids():
    ids = {b.id for cls in [*SCREENS, *WIDGETS, RegieApp] for _k, b in _bindings(cls)}
    from fnmatch import fnmatchcase

    unused = [f"{k.key}: {p}" for k in keymap.KEYMAP.values() for p in k.ids
              if not any(i and fnmatchcase(i, p) for i in ids)]
    assert not unused, unused
    assert not set(keymap.KEYMAP) & keymap.CONTEXT_KEYS


def test_the_readme_documents_every_key_of_the_map():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Keys"):]
    table = table[:table.index("\n## ")]
    display = {"question_mark": "?", "slash": "/", "f1": "F1", "f5": "F5", "ctrl+l": "Ctrl+L",
               "ctrl+q": "Ctrl+Q", "ctrl+n": "Ctrl+N", "ctrl+s": "Ctrl+S", "ctrl+r": "Ctrl+R"}
    missing = [k for k in keymap.KEYMAP
               if f"`{display.get(k, k)}`" not in table]
    assert not missing, missing


async def test_f1_in_a_case_lists_each_key_once(demo_store, make_app):
    from regie_tui.screens.help import HelpScreen

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.open_case(demo_store.case_id_for_code("DEMO-0001"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-keys").render())
    lines = [line for line in text.splitlines() if line.startswith("  ") and
             not line.startswith("  r ")]
    keys = [re.split(r"\s{2,}", line.strip())[0] for line in lines]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert "w" in keys and "t" in keys  # the duo queue and team, once each
    assert any(line.startswith("  r m") for line in text.splitlines())  # the record menu
    assert any(k.lower().startswith("ctrl+l") or k == "^l" for k in keys)
