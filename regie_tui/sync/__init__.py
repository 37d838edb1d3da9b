"""Taking cases along on a laptop and synchronising them with the team store (issue 18).

``take`` makes a copy (an encrypted store file) of the consultant's own and duo
cases; commands on the copy are recorded in its outbox (``data.outbox``);
``push_pull.synchronise`` replays the outbox on the team store exactly once
(``push``), then brings the server's changes to the copy (``pull``). Conflicts
and refusals are kept (``conflicts``) until the consultant resolves them.
No Textual here: the CLI and the screens both use it.
"""
