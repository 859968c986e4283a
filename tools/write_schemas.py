"""Write the generated JSON Schemas into ``schemas/`` (``make schemas``)."""

from __future__ import annotations

from pathlib import Path

from sales_policy.policy.schema import policy_schemas
from sales_policy.records.schema import dump, mapping_schemas, record_schemas

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def main() -> None:
    SCHEMAS.mkdir(exist_ok=True)
    for name, schema in {**record_schemas(), **policy_schemas(), **mapping_schemas()}.items():
        (SCHEMAS / name).write_text(dump(schema), encoding="utf-8")
        print(f"wrote schemas/{name}")


if __name__ == "__main__":
    main()
