"""What YAML and JSON documents share: a mapping from collection names to lists of records."""

from __future__ import annotations

from sales_policy.errors import with_suggestion
from sales_policy.records.models import RECORD_MODELS
from sales_policy.records.raw import FieldPath


def collection_problem(name: object) -> tuple[str, str, FieldPath] | None:
    """The problem of a top-level key that is not a collection of the format, if it is not."""
    if isinstance(name, str) and name in RECORD_MODELS:
        return None
    message = with_suggestion(f"unknown collection `{name}`", str(name), RECORD_MODELS)
    return "unknown-collection", message, ()


def not_a_list(name: str, kind: str) -> str:
    return f"collection `{name}` must be a list of records, found {kind}"


TOP_LEVEL = (
    "the document must be a mapping of collection names (`staff`, `customers`, ...) to lists"
)
