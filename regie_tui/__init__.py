"""Regie: process direction for municipal youth consultants."""

__version__ = "0.1.0"
