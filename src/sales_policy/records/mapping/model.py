"""The mapping file's model: what a YAML mapping from another system's tables to the
interchange format may say. The JSON Schema in ``schemas/`` and the reference in
``docs/integrating.md`` are generated from these classes and their descriptions."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

Scalar = StrictStr | StrictBool | StrictInt | Decimal
"""A value a field may be given: text, true or false, a whole or decimal number."""


class FieldMap(BaseModel):
    """How one field of a record is filled from a row: from a column (its cell, through a
    value map, a date format or a split), or a constant."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="field")

    column: StrictStr | None = Field(
        None,
        description="The column whose cell fills the field: its header text, in any "
        "language (`客户编号`); in JSON Lines, the key. An empty cell leaves the field "
        "out, unless `default` says.",
    )
    value: Scalar | None = Field(
        None,
        description="A constant: every row's field is this value (`currency: {value: CNY}`). "
        "Instead of `column`.",
    )
    default: Scalar | None = Field(
        None, description="The field's value when its cell is empty. With `column`."
    )
    values: dict[StrictStr, Scalar] | None = Field(
        None,
        description="A value map from the cell's text to the field's value "
        "(`电话拜访: visit`). A cell that is not in it rejects its row (`unmapped-value`); "
        "for a list field, each item is mapped.",
    )
    format: StrictStr | Annotated[list[StrictStr], Field(min_length=1)] | None = Field(
        None,
        description="For a date or timestamp field written as text: its format in "
        "`strftime` codes (`%Y/%m/%d`, `%Y年%m月%d日`, `%Y-%m-%d %H:%M`), or a list of "
        "them, tried in order. A date cell of a workbook needs none.",
    )
    split: StrictStr | None = Field(
        None,
        description="For a list field: the text between the items of a cell "
        "(`、`, `,`); by default `;`.",
    )


class Table(BaseModel):
    """One source table: a CSV file, a sheet of a workbook or a JSON Lines file (its
    objects' keys are the columns), and the collection its rows fill, one record per row
    (or, with `items_of`, one item of a record per row)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="table")

    file: StrictStr = Field(
        description="The name of the file (not its folder): `accounts.csv`, `crm.xlsx`, "
        "`calls.jsonl`; "
        "`*` and `?` match any text (`活动_*.csv`). A file no table names loads as the "
        "interchange format."
    )
    sheet: StrictStr | None = Field(
        None, description="The sheet of a workbook (`.xlsx`): required there, only there."
    )
    collection: StrictStr = Field(
        description="The collection the rows fill: `staff`, `customers`, `contracts`, "
        "`receivables`, `activities`, `market_reports`, `sales_plans`, `training_plans`."
    )
    items_of: StrictStr | None = Field(
        None,
        description="A list field of records (`payments` of `receivables`): each row is one "
        "item of it, joined to the record whose `id` the row's `id` field names. The "
        "`fields` are then the item's (`paid_on`, `amount`, ...) and `id`.",
    )
    extends: StrictBool = Field(
        False,
        description="Each row adds its fields to the record whose `id` its `id` field names, "
        "read from another table (an account's main contact, from a contacts sheet): "
        "`fields` are then `id` and the fields this table alone gives. A second row for "
        "one record is rejected (`duplicate-join`).",
    )
    fields: dict[StrictStr, StrictStr | FieldMap] = Field(
        description="Field of the record (`owner_id`; a nested one as `terms.price`) -> "
        "its column's header text, or a `field` mapping. Every field the collection "
        "requires must be given."
    )


class MappingFile(BaseModel):
    """A mapping file: how another system's export becomes records of the interchange
    format (`--mapping FILE`, `load_records(..., mapping=...)`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="sales-policy mapping")

    tables: Annotated[list[Table], Field(min_length=1)] = Field(
        description="The source tables, each mapped on its own."
    )
