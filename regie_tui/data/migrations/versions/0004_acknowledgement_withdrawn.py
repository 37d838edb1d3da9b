"""an acknowledgement can be withdrawn

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A withdrawn acknowledgement stays on record (who muted what, and who
    # un-muted it when); from the day it is withdrawn it mutes nothing.
    with op.batch_alter_table("acknowledgement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_acknowledgement_withdrawn_by", "consultant",
                                    ["withdrawn_by_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("acknowledgement", schema=None) as batch_op:
        batch_op.drop_constraint("fk_acknowledgement_withdrawn_by", type_="foreignkey")
        batch_op.drop_column("withdrawn_by_id")
        batch_op.drop_column("withdrawn_on")
