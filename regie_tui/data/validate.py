"""Input checks shared by every store command.

Each check returns the cleaned value or raises ValidationError naming the
field (by its translated label) and the rule, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from regie_tui.base.errors import ValidationError
from regie_tui.base.i18n import _
from regie_tui.base.safe_text import BIDI_CONTROLS

EARLIEST = dt.date(1990, 1, 1)


def _has_control(value: str, multiline: bool) -> bool:
    allowed = {"\n", "\t"} if multiline else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)


def _bidi_control(value: str) -> str | None:
    """The first bidi control in ``value`` (U+202E and its kin), if any.

    They are invisible and reorder what follows: a name or code holding one reads
    differently from what it is ("ab", U+202E, "dc" shows as "abcd").
    """
    return next((ch for ch in value if ch in BIDI_CONTROLS), None)


def _has_surrogate(value: str) -> bool:
    # A lone surrogate (from a broken paste or file) cannot be stored as UTF-8.
    return any(unicodedata.category(ch) == "Cs" for ch in value)


def text(field: str, label: str, value: str | None, *, max_len: int, required: bool = True,
         multiline: bool = False) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(field, _("{label} is not text.").format(label=label))
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError(field, _("{label} is required.").format(label=label))
        return None
    if len(value) > max_len:
        raise ValidationError(field, _("{label} is too long: at most {n} characters.").format(
            label=label, n=max_len))
    if _has_control(value, multiline):
        raise ValidationError(field, _("{label} contains control characters.").format(label=label))
    bidi = _bidi_control(value)
    if bidi is not None:
        raise ValidationError(field, _(
            "{label} contains an invisible direction control (U+{code:04X}) that changes how "
            "the text reads; remove it.").format(label=label, code=ord(bidi)))
    if _has_surrogate(value):
        raise ValidationError(field, _("{label} contains characters that cannot be stored.").format(
            label=label))
    return value


def choice(field: str, label: str, value: str | None, options: dict) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValidationError(field, _("{label}: choose one of the listed options.").format(
            label=label))
    return value


def date(field: str, label: str, value, *, required: bool = True) -> dt.date | None:
    if value is None:
        if required:
            raise ValidationError(field, _("{label} is required.").format(label=label))
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(field, _("{label} is not a date.").format(label=label))
    if value < EARLIEST:
        raise ValidationError(field, _("{label} cannot be before {earliest}.").format(
            label=label, earliest=EARLIEST.strftime("%d-%m-%Y")))
    return value


def happened(field: str, label: str, value, today: dt.date, *, required: bool = True):
    """A date of something that has happened: not in the future."""
    value = date(field, label, value, required=required)
    if value is not None and value > today:
        raise ValidationError(field, _("{label} cannot be in the future.").format(label=label))
    return value


def not_before(field: str, label: str, value: dt.date | None, earlier: dt.date | None,
               earlier_label: str) -> None:
    if value is not None and earlier is not None and value < earlier:
        raise ValidationError(field, _("{label} cannot be before {other}.").format(
            label=label, other=earlier_label))


def birth_year(field: str, label: str, value: int | None, today: dt.date) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not (1900 <= value <= today.year):
        raise ValidationError(field, _("{label} must be a year between 1900 and {year}.").format(
            label=label, year=today.year))
    return value
