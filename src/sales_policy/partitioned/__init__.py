"""Partitioned audits: the record files split by customer in one pass, the partitions
audited in worker processes or on a Dask cluster, and the partial results merged into
the whole audit's result (``docs/scaling.md``)."""

from sales_policy.partitioned.merge import Merged
from sales_policy.partitioned.plan import Plan
from sales_policy.partitioned.run import PartitionError, Progress, audit_files

__all__ = ["Merged", "PartitionError", "Plan", "Progress", "audit_files"]
