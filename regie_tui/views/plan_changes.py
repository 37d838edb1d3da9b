"""What changed between two versions of a plan of approach. Pure: no Textual, no SQL.

Goals have no identity across versions (each version holds its own rows), so
they are paired by meaning: first the goals with the same description, then
the most similar remaining descriptions (a reworded goal is a changed goal,
not one removed and one added). What stays unpaired was added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from regie_tui.data.plan_view import GoalView, VersionView

GOAL_FIELDS = ("description", "intended_result", "deadline", "owner", "status", "note")
# Below this similarity two descriptions are different goals.
SIMILAR = 0.6


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class GoalChange:
    old: GoalView
    new: GoalView
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ListChange:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class Comparison:
    old: VersionView
    new: VersionView
    goals_added: tuple[GoalView, ...]
    goals_removed: tuple[GoalView, ...]
    goals_changed: tuple[GoalChange, ...]
    goals_unchanged: int
    protective: ListChange
    threatening: ListChange
    header: tuple[FieldChange, ...]  # safety, safety note, origin

    @property
    def identical(self) -> bool:
        return not (self.goals_added or self.goals_removed or self.goals_changed
                    or self.protective.changed or self.threatening.changed or self.header)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def pair_goals(old: tuple[GoalView, ...], new: tuple[GoalView, ...]
               ) -> tuple[list[tuple[GoalView, GoalView]], list[GoalView], list[GoalView]]:
    """(pairs, removed, added), pairs in the order of the new version."""
    left = list(old)
    pairs: dict[int, GoalView] = {}  # index in new -> old goal
    for i, goal in enumerate(new):
        for j, candidate in enumerate(left):
            if _norm(candidate.description) == _norm(goal.description):
                pairs[i] = left.pop(j)
                break
    # Then the most similar pair first, so one goal cannot steal another's match.
    scored = sorted(
        ((SequenceMatcher(None, _norm(o.description), _norm(g.description)).ratio(), i, j)
         for i, g in enumerate(new) if i not in pairs for j, o in enumerate(left)),
        key=lambda t: (-t[0], t[1], t[2]))
    taken: set[int] = set()
    for ratio, i, j in scored:
        if ratio < SIMILAR:
            break
        if i in pairs or j in taken:
            continue
        pairs[i] = left[j]
        taken.add(j)
    removed = [o for j, o in enumerate(left) if j not in taken]
    added = [g for i, g in enumerate(new) if i not in pairs]
    return [(pairs[i], new[i]) for i in sorted(pairs)], removed, added


def _field_changes(old, new, fields) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(f, getattr(old, f), getattr(new, f)) for f in fields
                 if getattr(old, f) != getattr(new, f))


def _list_change(old: tuple[str, ...], new: tuple[str, ...]) -> ListChange:
    before = {_norm(t) for t in old}
    after = {_norm(t) for t in new}
    return ListChange(added=tuple(t for t in new if _norm(t) not in before),
                      removed=tuple(t for t in old if _norm(t) not in after))


def compare(old: VersionView, new: VersionView) -> Comparison:
    pairs, removed, added = pair_goals(old.goals, new.goals)
    changed, unchanged = [], 0
    for before, after in pairs:
        changes = _field_changes(before, after, GOAL_FIELDS)
        if changes:
            changed.append(GoalChange(before, after, changes))
        else:
            unchanged += 1
    return Comparison(
        old=old, new=new, goals_added=tuple(added), goals_removed=tuple(removed),
        goals_changed=tuple(changed), goals_unchanged=unchanged,
        protective=_list_change(old.protective, new.protective),
        threatening=_list_change(old.threatening, new.threatening),
        header=_field_changes(old, new, ("safety", "safety_note", "origin")),
    )
