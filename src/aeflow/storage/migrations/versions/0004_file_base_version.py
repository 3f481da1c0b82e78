"""Each version imported from a project file keeps the ``base_version`` the file declared, so that a
file imported again is not refused for undoing its own earlier import.

Existing versions get NULL (nothing known about their file): an edit of them is checked as before.

Revision ID: 0004_file_base_version
Revises: 0003_file_header
Create Date: 2026-12-14
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_file_base_version"
down_revision: str | None = "0003_file_header"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("project_versions") as batch:
        batch.add_column(sa.Column("file_base_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("project_versions") as batch:
        batch.drop_column("file_base_version")
