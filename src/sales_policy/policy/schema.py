"""JSON Schemas of policy files, generated from the policy models, so editors can complete
and check them (``# yaml-language-server: $schema=...``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from sales_policy.policy.model import Manifest, Overlay, RuleFile

_BASE = "https://sales-policy.example/schemas/"
_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "policy-manifest.schema.json": (Manifest, "sales-policy pack manifest (policy.yaml)"),
    "policy-rules.schema.json": (RuleFile, "sales-policy rule file"),
    "policy-overlay.schema.json": (Overlay, "sales-policy overlay"),
}


def policy_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema."""
    schemas = {}
    for name, (model, title) in _FILES.items():
        schema = model.model_json_schema(by_alias=True)
        schemas[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": _BASE + name,
            **schema,
            "title": title,
        }
    return schemas
