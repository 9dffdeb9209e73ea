"""Workshop caps kept exactly: a participant counter and a cap per link, each participant's
leading model stored at submission (klimaorg.storage.workshops).

The counter is raised by one conditional ``UPDATE … WHERE participants < max_participants``
in the transaction that inserts a new participant, so concurrent requests on any number of
workers never admit more than the cap. Existing links get their current count and the cap
they had (200), or their count if it is larger.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_CAP = 200


# Plain ALTER TABLE ADD/DROP COLUMN on both databases (SQLite >= 3.35), never batch mode: a
# batch "move and copy" drops the old workshops table, and with foreign keys on (they are, and
# cannot be switched off inside the migration's transaction) SQLite would delete every
# submission through ON DELETE CASCADE.


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "workshops", sa.Column("participants", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "workshops",
        sa.Column("max_participants", sa.Integer(), nullable=False, server_default="1000"),
    )
    op.add_column(
        "workshop_submissions",
        sa.Column("leading_model", sa.String(length=40), nullable=True),
    )
    op.add_column("workshop_submissions", sa.Column("profile_version", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE workshops SET participants = (SELECT count(*) FROM workshop_submissions s "
        "WHERE s.workshop_id = workshops.id)"
    )
    op.execute(
        f"UPDATE workshops SET max_participants = CASE WHEN participants > {OLD_CAP} "
        f"THEN participants ELSE {OLD_CAP} END"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("workshop_submissions", "profile_version")
    op.drop_column("workshop_submissions", "leading_model")
    op.drop_column("workshops", "max_participants")
    op.drop_column("workshops", "participants")
