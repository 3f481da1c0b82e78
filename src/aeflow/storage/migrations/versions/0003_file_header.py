"""Each version keeps the comment block its project file started with (``aeflow export`` writes it back).

Revision ID: 0003_file_header
Revises: 0002_accounts
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_file_header"
down_revision: str | None = "0002_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("project_versions") as batch:
        batch.add_column(sa.Column("file_header", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("project_versions") as batch:
        batch.drop_column("file_header")
