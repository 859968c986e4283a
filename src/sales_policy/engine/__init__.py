"""Running a compiled policy over records: the audit driver and the decision table's two
backends (``native``, and ``durable`` in one module)."""

from sales_policy.engine.audit import BackendName, Engine, audit, audit_period

__all__ = ["BackendName", "Engine", "audit", "audit_period"]
