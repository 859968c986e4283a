"""The committed JSON Schemas are the ones the models generate, and they accept real data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from sales_policy.policy.schema import policy_schemas
from sales_policy.records.schema import dump, mapping_schemas, record_schemas

SCHEMAS = {**record_schemas(), **policy_schemas(), **mapping_schemas()}

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_fresh(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == dump(SCHEMAS[name]), "stale schema: run `make schemas`"


def test_example_company_matches_the_document_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "records.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((ROOT / "examples" / "company").glob("*.yaml"))
    assert files
    for path in files:
        # The schema speaks of JSON: dates and decimals arrive as text there.
        document = json.loads(
            json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str)
        )
        errors = [
            f"{path.name}: {e.json_path}: {e.message}" for e in validator.iter_errors(document)
        ]
        assert errors == []


def test_line_schema_requires_a_known_kind() -> None:
    schema = json.loads((ROOT / "schemas" / "record-line.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    staff = {"id": "S-1", "name": "王伟", "role": "sales_rep", "hired_on": "2026-01-05"}
    assert validator.is_valid({"kind": "staff", **staff})
    assert not validator.is_valid({"kind": "customer", **staff})
    assert not validator.is_valid(staff)


def test_the_example_mapping_matches_the_mapping_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "mapping.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    mapping = yaml.safe_load((ROOT / "examples" / "crm-export" / "mapping.yaml").read_text("utf-8"))
    assert [e.message for e in validator.iter_errors(mapping)] == []
    mapping["tables"][0]["colection"] = "staff"
    assert not validator.is_valid(mapping)
