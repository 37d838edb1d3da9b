"""Regie's one key map: what each key means, on every screen where it works.

A letter means one thing everywhere (``c`` is always the checklists, ``n``
always "new ..."), so a habit formed on one screen never does something else
on another. Each entry names the binding ids that use the key;
tests/ui/test_keymap.py walks every screen's bindings and fails on a key that
is not here, or bound under an id its entry does not name, and on a screen
that binds one key twice. F1 and the README's key table follow this map.

Plain data (no Textual), so the help, the README test and the key test share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase


@dataclass(frozen=True)
class Key:
    key: str  # Textual's key name
    meaning: str  # what the key does wherever it works (documentation, not shown)
    ids: tuple[str, ...]  # binding ids (fnmatch patterns) that use the key with that meaning


KEYMAP: dict[str, Key] = {k.key: k for k in (
    # Everywhere (the app's own keys).
    Key("f1", "help: every key that works here", ("help", "help.close")),
    Key("question_mark", "help: every key that works here", ("help_alt", "help.close")),
    Key("w", "the duo queue", ("duo_queue",)),
    Key("t", "the team overview", ("team_overview",)),
    Key("ctrl+l", "lock Regie now", ("lock",)),
    Key("C", "the synchronisation conflicts (on a copy of the team store)",
        ("sync_conflicts",)),
    Key("ctrl+q", "quit Regie", ("quit", "lock.quit")),
    Key("ctrl+n", "new: a case (in the plan editor: a goal)",
        ("new_case", "plan.editor.add_goal")),
    # The same verb on every screen that has it.
    Key("ctrl+s", "save", ("*.save",)),
    Key("f5", "read the store again", ("*.reload",)),
    Key("ctrl+r", "read the case again (in a form; what you typed stays)", ("form.reload",)),
    Key("slash", "filter by text", ("caseload.filter",)),
    Key("f", "filter (the timeline by kind)", ("case.filter",)),
    Key("n", "new: a checklist, a goal, a caseload review",
        ("checklists.new", "plan.editor.goal_add", "team.caseload_review")),
    Key("v", "compare with the previous one", ("checklists.compare", "plan_history.compare")),
    Key("x", "export (the plan as Markdown and PDF)", ("plan.export", "plan_history.export")),
    Key("h", "history: all versions", ("plan.history",)),
    Key("s", "sort", ("caseload.sort",)),
    Key("S", "sort the other way", ("caseload.sort_reverse",)),
    # One screen each, never anything else.
    Key("a", "acknowledge the selected signal", ("case.acknowledge",)),
    Key("r", "record: the menu of everything a case records", ("case.record",)),
    Key("m", "record a meeting or contact", ("case.meeting",)),
    Key("c", "the checklists of the case", ("case.checklists",)),
    Key("P", "the plan of approach", ("case.plan",)),
    Key("z", "who viewed the case", ("case.access_log",)),
    Key("e", "write or edit the plan's draft", ("plan.edit",)),
    Key("b", "adjust the plan (bijstellen)", ("plan.adjust",)),
    Key("p", "record that the plan still fits", ("plan.still_fits",)),
    Key("g", "the status of the selected goal", ("plan.goal_status",)),
    Key("d", "complete and sign the checklist", ("checklist.complete",)),
)}

# Keys that act on what the screen shows, so their object differs per screen
# while the kind of action stays: Escape goes back or closes, Enter opens or
# confirms, Space marks, a digit picks the n-th view, tab, option or answer
# (0: n.v.t.), Backspace/Delete clears or removes, arrows and Tab move.
CONTEXT_KEYS = frozenset({
    "escape", "enter", "space", "tab", "shift+tab", "up", "down", "left", "right",
    "home", "end", "pageup", "pagedown", "backspace", "delete", "insert",
    *"0123456789",
})

# The documented exceptions. The caseload's signal filter uses the letters
# printed on its signal bar (m MDO, c case director, e escalation, j youth,
# p plan, d duo, o other); a yes/no question takes j or y for yes and n for no.
EXCEPTIONS = ("caseload.family_*",
              "plan.discard.yes", "plan.discard.no")  # the yes/no questions


def is_exception(binding_id: str | None) -> bool:
    return binding_id is not None and any(fnmatchcase(binding_id, p) for p in EXCEPTIONS)


def allowed(key: str, binding_id: str | None) -> bool:
    """May a binding with this id use this key (per the map)?"""
    if key in CONTEXT_KEYS or is_exception(binding_id):
        return True
    entry = KEYMAP.get(key)
    return (entry is not None and binding_id is not None
            and any(fnmatchcase(binding_id, p) for p in entry.ids))


def meaning(key: str, binding_id: str | None, action: str) -> str:
    """What a binding means, to compare two bindings of one key on one screen."""
    entry = KEYMAP.get(key)
    if entry is not None and binding_id is not None and \
            any(fnmatchcase(binding_id, p) for p in entry.ids):
        return entry.meaning
    return action.removeprefix("app.").removeprefix("screen.")
