"""Translation: English source strings, Dutch catalog.

``_`` looks up the active catalog at call time, so strings translated at
display time follow a language switch. Strings defined at import time (the
signal catalogue) are marked with ``N_`` and translated where shown.
"""

from __future__ import annotations

import datetime as dt
import gettext
import locale
import os
from pathlib import Path

DOMAIN = "regie"
LOCALE_DIR = Path(__file__).parent.parent / "locale"
LANGUAGES = ("nl", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a string for extraction without translating it yet."""
    return message


def system_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "nl" if code.lower().startswith("nl") else "en"


def set_language(language: str) -> None:
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _language = language
    if language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def current_language() -> str:
    return _language


def format_date(day: dt.date | None, style: str = "long") -> str:
    """A date as people in the current language write it ("3 januari 2026")."""
    if day is None:
        return "—"
    if style == "short":
        return day.strftime("%d-%m-%Y") if _language == "nl" else day.isoformat()
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="d MMMM y", locale=_language)
