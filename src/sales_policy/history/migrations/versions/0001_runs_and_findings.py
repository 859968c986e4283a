"""The first schema: runs and their findings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "identity",
            sa.String(64),
            nullable=False,
            unique=True,
            comment="sha256 of policy identity, as-of, period start and records digest",
        ),
        sa.Column("policy_id", sa.String(100), nullable=False),
        sa.Column("policy_version", sa.String(40), nullable=False),
        sa.Column("policy_sha256", sa.String(64), nullable=False),
        sa.Column("overlays", sa.Text, nullable=False, comment="JSON: [{id, sha256}]"),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("records_digest", sa.String(64), nullable=False),
        sa.Column("records", sa.Text, nullable=False, comment="JSON: the result's `records`"),
        sa.Column("counts", sa.Text, nullable=False, comment="JSON: findings by status"),
        sa.Column("teams", sa.Text, nullable=False, comment="JSON: staff id -> team"),
        sa.Column("tool_version", sa.String(40), nullable=False),
    )
    op.create_table(
        "findings",
        sa.Column(
            "run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("rule", sa.String(100), primary_key=True),
        sa.Column("subject_type", sa.String(40), primary_key=True),
        sa.Column("subject_id", sa.String(200), primary_key=True),
        sa.Column("part", sa.String(200), primary_key=True, comment="'' when the finding has none"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("owner_staff", sa.String(200)),
        sa.Column("action_staff", sa.String(200)),
        sa.Column("team", sa.String(200), comment="the owner's team"),
        sa.Column("action_team", sa.String(200), comment="the team of who must act"),
        sa.Column("data", sa.Text, nullable=False, comment="JSON: the finding as in the result"),
    )
    op.create_index("findings_by_key", "findings", ["rule", "subject_type", "subject_id"])


def downgrade() -> None:
    op.drop_index("findings_by_key", "findings")
    op.drop_table("findings")
    op.drop_table("runs")
