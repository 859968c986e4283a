"""The store's schema, defined once: a run per stored audit, a row per finding.

The migrations in ``migrations/versions`` build exactly these tables (a test compares
them); a change here goes with a new migration.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

runs = sa.Table(
    "runs",
    metadata,
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

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
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

sa.Index("findings_by_key", findings.c.rule, findings.c.subject_type, findings.c.subject_id)
