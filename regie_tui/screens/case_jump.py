"""Command palette: "Go to case…" jumps to any case by fuzzy code or family alias.

Textual's fuzzy matcher is too slow to score 10,000 names per keystroke, so a
regular expression (the query's characters in order, run in C) picks the
candidates first and only those are scored.
"""

from __future__ import annotations

import asyncio
import re
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import visible
from regie_tui.data.case_index import CaseRef, case_index

# Candidates scored per keystroke, and hits shown.
MAX_CANDIDATES = 300
MAX_HITS = 30


def candidates(cases: list[CaseRef], query: str) -> list[CaseRef]:
    """Cases whose "code alias" holds the query's characters in order (spaces ignored).

    Cases holding the query as one piece come first.
    """
    needle = "".join(query.lower().split())
    if not needle:
        return []
    pattern = re.compile(".*?".join(re.escape(ch) for ch in needle))
    exact, loose = [], []
    for case in cases:
        text = f"{case.code} {case.alias}".lower()
        if needle in text.replace(" ", ""):
            exact.append(case)
        elif pattern.search(text):
            loose.append(case)
        if len(exact) >= MAX_CANDIDATES:
            break
    return (exact + loose)[:MAX_CANDIDATES]


def highlight(matcher, label: str) -> Content:
    """``label`` with the matched characters marked, read as plain text.

    Textual's ``Matcher.highlight`` reads its argument as markup: an alias
    holding "[/]" crashed the palette. Controls are shown as visible escapes,
    so the label and the offsets of the match are taken after that.
    """
    label = visible(label)
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class CaseJumpProvider(Provider):
    """Hits "Go to case CODE · alias" for every case the query fits."""

    async def startup(self) -> None:
        store = self.app.context.store
        self.cases = await asyncio.to_thread(case_index, store)

    def _open(self, case_id: int) -> None:
        self.app.open_case(case_id)

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            _("Go to case…"), self.app.action_command_palette,
            help=_("Type a case code or family name to jump to that case"))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        prefix = _("Go to case") + " "
        scored = []
        for case in candidates(getattr(self, "cases", []), query):
            label = f"{case.code} · {case.alias}"
            score = matcher.match(label)
            if score > 0:
                scored.append((score, case, label))
        scored.sort(key=lambda item: -item[0])
        for score, case, label in scored[:MAX_HITS]:
            closed = "" if case.active else " " + _("(closed)")
            yield Hit(score, Content.assemble(prefix, highlight(matcher, label), closed),
                      partial(self._open, case.id), text=prefix + label,
                      help=_("Open this case"))
