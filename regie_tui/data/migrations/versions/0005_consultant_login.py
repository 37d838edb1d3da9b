"""a consultant's database login (team store)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # On a team store the user is the database login; this maps it to the consultant.
    # Empty on a one-laptop SQLite store.
    with op.batch_alter_table("consultant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login", sa.String(length=63), nullable=True))
        batch_op.create_index("ix_consultant_login", ["login"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("consultant", schema=None) as batch_op:
        batch_op.drop_index("ix_consultant_login")
        batch_op.drop_column("login")
