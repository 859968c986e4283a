"""JSON Schemas of the interchange format, generated from the models (``make schemas``
writes them into ``schemas/``; a test fails when the committed ones are stale)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from sales_policy.records.mapping.model import MappingFile
from sales_policy.records.models import (
    RECORD_MODELS,
    Activity,
    Contract,
    Customer,
    MarketReport,
    Receivable,
    SalesPlan,
    Staff,
    TrainingPlan,
)

_BASE = "https://sales-policy.example/schemas/"


class RecordDocument(BaseModel):
    """A YAML or JSON record file: collections of records, any of them absent."""

    model_config = ConfigDict(title="sales-policy records, format v1")

    staff: list[Staff] = []
    customers: list[Customer] = []
    contracts: list[Contract] = []
    receivables: list[Receivable] = []
    activities: list[Activity] = []
    market_reports: list[MarketReport] = []
    sales_plans: list[SalesPlan] = []
    training_plans: list[TrainingPlan] = []


def record_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema: the document form (YAML, JSON) and one JSON Lines record."""
    document = RecordDocument.model_json_schema()
    for definition in document["$defs"].values():
        # The records refuse unknown fields; files may hold them (the loader warns).
        definition.pop("additionalProperties", None)
        kind = definition.get("properties", {}).get("type", {})
        if "const" in kind:
            # An activity's class knows its type, but a file's record must say it.
            del kind["default"]
            definition["required"].insert(1, "type")
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _BASE + "records.schema.json",
        **document,
    }
    line_choices = []
    for name, model in RECORD_MODELS.items():
        items = document["properties"][name]["items"]
        kind = {"properties": {"kind": {"const": model.kind}}, "required": ["kind"]}
        line_choices.append({"allOf": [kind, items]})
    line = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _BASE + "record-line.schema.json",
        "title": "sales-policy record, one line of JSON Lines, format v1",
        "oneOf": line_choices,
        "$defs": document["$defs"],
    }
    return {"records.schema.json": document, "record-line.schema.json": line}


def mapping_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema of a mapping file (``docs/integrating.md``)."""
    schema = MappingFile.model_json_schema()
    return {
        "mapping.schema.json": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": _BASE + "mapping.schema.json",
            **schema,
        }
    }


def dump(schema: dict[str, Any]) -> str:
    """The stable text of a schema file."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
