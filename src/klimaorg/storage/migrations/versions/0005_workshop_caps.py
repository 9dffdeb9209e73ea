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


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("workshops") as batch:
        batch.add_column(
            sa.Column("participants", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("max_participants", sa.Integer(), nullable=False, server_default="1000")
        )
    with op.batch_alter_table("workshop_submissions") as batch:
        batch.add_column(sa.Column("leading_model", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("profile_version", sa.Integer(), nullable=True))
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
    with op.batch_alter_table("workshop_submissions") as batch:
        batch.drop_column("profile_version")
        batch.drop_column("leading_model")
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("max_participants")
        batch.drop_column("participants")
