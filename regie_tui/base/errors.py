"""Errors a user may see. Messages are translated and never contain case content."""

from __future__ import annotations


class RegieError(Exception):
    """Base for errors with a message fit to show a consultant."""


class ValidationError(RegieError):
    """Input refused before anything was written; names the field and the rule."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class ConflictError(RegieError):
    """The record changed since it was read; nothing was written."""


class NotFoundError(RegieError):
    """The record asked for does not exist (any more)."""


class StoreError(RegieError):
    """The store cannot be opened or used as asked."""
