"""Modal forms: one module per form, each one store command (see ``base``)."""
