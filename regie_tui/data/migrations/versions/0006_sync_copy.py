"""a copy of the team store on a laptop: its state, outbox, conflicts and id map

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Used only on a copy of a team store (issue 18, regie_tui/sync): empty and
    # harmless on a store file and on the team store itself. A store is a copy
    # when sync_state holds its team_url.
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=64), primary_key=True),
        sa.Column("value", sa.String(length=4000), nullable=False),
    )
    # One row per command run on the copy, written in the command's own
    # transaction; kept until the server's outcome is known, and after.
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("command", sa.String(length=64), nullable=False),
        sa.Column("command_version", sa.Integer(), nullable=False),
        sa.Column("args", sa.Text(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("base_fields", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("device", sa.String(length=200), nullable=False),
        sa.Column("made_at", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sync_outbox_op_id", "sync_outbox", ["op_id"], unique=True)
    op.create_index("ix_sync_outbox_status", "sync_outbox", ["status"])
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("case_code", sa.String(length=40), nullable=True),
        sa.Column("command", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.Text(), nullable=True),
        sa.Column("message", sa.String(length=4000), nullable=True),
        sa.Column("server_login", sa.String(length=120), nullable=True),
        sa.Column("server_changed_at", sa.String(length=40), nullable=True),
        sa.Column("made_at", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("resolved_at", sa.String(length=40), nullable=True),
    )
    op.create_index("ix_sync_conflict_op_id", "sync_conflict", ["op_id"], unique=True)
    op.create_index("ix_sync_conflict_case_status", "sync_conflict", ["case_id", "status"])
    op.create_table(
        "sync_id_map",
        sa.Column("table_name", sa.String(length=64), primary_key=True),
        sa.Column("local_id", sa.BigInteger(), primary_key=True),
        sa.Column("server_id", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_id_map")
    op.drop_index("ix_sync_conflict_case_status", table_name="sync_conflict")
    op.drop_index("ix_sync_conflict_op_id", table_name="sync_conflict")
    op.drop_table("sync_conflict")
    op.drop_index("ix_sync_outbox_status", table_name="sync_outbox")
    op.drop_index("ix_sync_outbox_op_id", table_name="sync_outbox")
    op.drop_table("sync_outbox")
    op.drop_table("sync_state")
