"""A command-palette provider whose hits are a short list that depends on the screen."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ListedCommands(Provider):
    """Subclasses say which commands apply now: ``_commands()`` gives (title, help,
    callback) triples; this class lists them and matches them against what is typed."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, text=title, help=help_text)
