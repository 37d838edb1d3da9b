"""Headless sub-commands of ``regie-tui``: one module each, listed in ``cli.SUBCOMMANDS``."""
