"""Choice lists shared by several forms, translated when the form opens."""

from __future__ import annotations

from rich.text import Text

from regie_tui.base.i18n import _
from regie_tui.base.safe_text import plain


def vocabulary(mapping: dict) -> list[tuple[str, str]]:
    """(label, code) pairs of a ``rules.vocab`` mapping, labels translated and capitalised."""
    out = []
    for code, msgid in mapping.items():
        text = _(msgid)
        out.append((text[:1].upper() + text[1:], code))
    return out


def consultants(form, exclude: int | None = None) -> list[tuple[Text, int]]:
    # Names as typed: a Select reads a str prompt as markup.
    return [(plain(name), cid) for cid, name, role in form.context.store.consultants()
            if cid != exclude and role == "consultant"]


def today(form):
    """Initial value of a date that is usually today (the day it is recorded)."""
    return form.context.today
