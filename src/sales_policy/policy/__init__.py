"""The policy language: packs of versioned YAML rules, overlays, and their checking."""

from sales_policy.policy.dump import dump_policy
from sales_policy.policy.load import (
    OverlayIdentity,
    Policy,
    PolicyError,
    find_policy,
    load_policy,
    model_problem,
)
from sales_policy.policy.model import Rule
from sales_policy.records.formats.yaml_positions import Positions, read_yaml

__all__ = [
    "OverlayIdentity",
    "Policy",
    "PolicyError",
    "Positions",
    "Rule",
    "dump_policy",
    "find_policy",
    "load_policy",
    "model_problem",
    "read_yaml",
]
