"""partial indexes for the facts loader's meeting queries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied, not imported from data.tables: a revision must keep building the
# schema of its day when the tables change later.
EVALUATION_WHERE = "kind IN ('mdo', 'evaluation')"
START_OR_PLANNED_WHERE = "kind IN ('start_meeting', 'ovv') OR held_on IS NULL"


def upgrade() -> None:
    # Loading all facts reads each case's latest evaluation and every start
    # meeting, OVV and planned meeting; these indexes hold just those rows.
    op.create_index("ix_meeting_case_held_evaluation", "meeting", ["case_id", "held_on", "kind"],
                    sqlite_where=sa.text(EVALUATION_WHERE),
                    postgresql_where=sa.text(EVALUATION_WHERE))
    op.create_index("ix_meeting_case_start_or_planned", "meeting", ["case_id"],
                    sqlite_where=sa.text(START_OR_PLANNED_WHERE),
                    postgresql_where=sa.text(START_OR_PLANNED_WHERE))


def downgrade() -> None:
    op.drop_index("ix_meeting_case_start_or_planned", table_name="meeting")
    op.drop_index("ix_meeting_case_held_evaluation", table_name="meeting")
