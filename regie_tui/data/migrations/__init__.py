"""Alembic migrations. HEAD lets start-up check the schema without importing alembic."""

HEAD = "0006"
