"""Value types of the interchange format: ISO dates, timestamps, decimal amounts, periods.

Each is a pydantic ``Annotated`` type whose validator raises a coded error
(the code becomes the rejection's ``code``). Dates are plain ``datetime.date``;
a timestamp is reduced to its calendar date in the policy's time zone, which the
loader passes as validation context (``{"time_zone": "Asia/Shanghai"}``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar, overload

import pendulum
from pydantic import BeforeValidator, Field, PlainSerializer, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

DEFAULT_TIME_ZONE = "Asia/Shanghai"

_In = TypeVar("_In", contravariant=True)  # noqa: PLC0105 - the names say given and held
_Out = TypeVar("_Out", covariant=True)  # noqa: PLC0105
_Default = TypeVar("_Default")

if TYPE_CHECKING:

    class Accepts(Generic[_In, _Out]):
        """For type checkers only: a record field that is given an ``_In`` and holds an
        ``_Out``. As a descriptor, it makes a record's constructor take what validation
        accepts (``"2026-01-01"`` for a date) while the attribute keeps its precise type.
        At run time the field's annotation is the plain type pydantic validates."""

        @overload
        def __get__(self, record: None, owner: Any, /) -> Accepts[_In, _Out]: ...
        @overload
        def __get__(self, record: object, owner: Any, /) -> _Out: ...
        def __get__(self, record: object, owner: Any, /) -> Accepts[_In, _Out] | _Out: ...
        def __set__(self, record: object, value: _In, /) -> None: ...

    def default(value: _Default, /) -> Accepts[Any, _Default]:
        """The default of an ``Accepts`` field, checked against the type it holds."""

else:

    def default(value: Any, /) -> Any:
        """The default of a field: the value itself (typed for type checkers alone)."""
        return value


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_PERIOD_RE = re.compile(r"(?P<year>\d{4})-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4]))")


def describe(value: Any) -> str:
    """How a value reads in an error message: `a string`, `an integer`, ..."""
    kind = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        Decimal: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
        type(None): "null",
    }
    return kind.get(type(value), type(value).__name__)


_DATES: dict[str, dt.date] = {}
"""Dates already read, by their text: a million records share a few thousand dates, and
sharing one object per date keeps them small."""


def _parse_date(value: Any) -> dt.date:
    if type(value) is str:
        known = _DATES.get(value)
        if known is not None:
            return known
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("wrong-type", "expected a date (YYYY-MM-DD), got a datetime")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if _DATE_RE.fullmatch(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = None
            if day is not None:
                if len(_DATES) < 100_000:
                    _DATES[value] = day
                return day
        raise PydanticCustomError(
            "invalid-date", "`{value}` is not a valid date (YYYY-MM-DD)", {"value": str(value)}
        )
    raise PydanticCustomError(
        "wrong-type", "expected a date (YYYY-MM-DD), got {kind}", {"kind": describe(value)}
    )


@lru_cache(maxsize=64)
def _zone(name: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    return pendulum.timezone(name)


def check_time_zone(name: str) -> None:
    """Raise ``ValueError`` unless ``name`` is a time zone (``Asia/Shanghai``)."""
    try:
        _zone(name)
    except (ValueError, KeyError) as error:  # InvalidTimezone is a ValueError
        raise ValueError(f"unknown time zone `{name}`") from error


def _parse_timestamp(value: Any, info: ValidationInfo) -> dt.date:
    if type(value) is str and len(value) == 10:
        return _parse_date(value)
    zone_name = (info.context or _NO_CONTEXT).get("time_zone", DEFAULT_TIME_ZONE)
    if type(value) is str:
        known = _MOMENTS.get((value, zone_name))
        if known is not None:
            return known
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return value
    elif isinstance(value, str) and len(value) > 10 and _DATE_RE.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "invalid-date",
                "`{value}` is not a valid date or datetime"
                " (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+08:00)",
                {"value": value},
            ) from None
    else:
        return _parse_date(value)
    day = moment.date() if moment.tzinfo is None else moment.astimezone(_zone(zone_name)).date()
    if type(value) is str and len(_MOMENTS) < 100_000:
        _MOMENTS[value, zone_name] = _DATES.setdefault(day.isoformat(), day)
    return day


_NO_CONTEXT: dict[str, str] = {}
_MOMENTS: dict[tuple[str, str], dt.date] = {}
"""Timestamps already read, by their text and the time zone: exports often repeat a time
(a meeting on the hour), and one shared object per date keeps records small."""


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str) and _DECIMAL_RE.fullmatch(value.strip()):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid text
            number = Decimal("NaN")
    else:
        raise PydanticCustomError(
            "wrong-type", "expected a decimal number, got {kind}", {"kind": describe(value)}
        )
    if not number.is_finite():
        raise PydanticCustomError("wrong-type", "expected a finite decimal number")
    return number


def _refuse_bool(value: Any) -> Any:
    if isinstance(value, bool):  # Python counts it as an int; the format does not
        raise PydanticCustomError("wrong-type", "expected an integer, got a boolean")
    return value


def _only_bool(value: Any) -> Any:
    if type(value) is bool or value is None:
        return value
    raise PydanticCustomError(
        "wrong-type", "expected `true` or `false`, got {got}", {"got": describe(value)}
    )


def _parse_period(value: Any) -> str:
    if isinstance(value, str) and _PERIOD_RE.fullmatch(value):
        return value
    raise PydanticCustomError(
        "invalid-period",
        "`{value}` is not a period: write a month (`2026-10`) or a quarter (`2026-Q3`)",
        {"value": str(value)},
    )


def _parse_quarter(value: Any) -> str:
    period = _parse_period(value)
    if "Q" not in period:
        raise PydanticCustomError(
            "invalid-period", "`{value}` is not a quarter: write it as `2026-Q4`", {"value": period}
        )
    return period


def _date_text(value: dt.date) -> str:
    return value.isoformat()


def _decimal_text(value: Decimal) -> str:
    return str(value)


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    PlainSerializer(_date_text, return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""An ISO 8601 calendar date; YAML's unquoted dates and strings are both accepted."""

Timestamp = Annotated[
    dt.date,
    BeforeValidator(_parse_timestamp),
    PlainSerializer(_date_text, return_type=str),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]
"""A date or datetime; a datetime with an offset becomes its date in the policy's time zone."""

DecimalNumber = Annotated[
    Decimal,
    BeforeValidator(_parse_decimal),
    PlainSerializer(_decimal_text, return_type=str),
    WithJsonSchema(
        {"anyOf": [{"type": "number"}, {"type": "string", "pattern": _DECIMAL_RE.pattern}]}
    ),
]
"""A decimal read from its text (never through binary floating point)."""

Integer = Annotated[int, BeforeValidator(_refuse_bool)]
"""A whole number; ``true`` is not one."""

Boolean = Annotated[bool, BeforeValidator(_only_bool)]
"""``true`` or ``false``: not ``"yes"``, ``"1"`` or ``1``, which a lax reading would take
for true without a word (a CSV or XLSX cell's text ``TRUE`` is read as its value first)."""

Amount = Annotated[DecimalNumber, Field(gt=0)]
"""A money amount, strictly positive."""

Period = Annotated[
    str,
    BeforeValidator(_parse_period),
    WithJsonSchema({"type": "string", "pattern": _PERIOD_RE.pattern}),
]
"""A reporting period: a month ``2026-10`` or a quarter ``2026-Q3``."""

Quarter = Annotated[
    str,
    BeforeValidator(_parse_quarter),
    WithJsonSchema({"type": "string", "pattern": r"\d{4}-Q[1-4]"}),
]
"""A calendar quarter ``2026-Q4``."""
