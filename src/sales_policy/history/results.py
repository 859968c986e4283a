"""An audit result read back from its JSON form (``shared/spec/audit-output.md``), as the
``AuditResult`` it was written from, so that results on disk can be compared."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any, cast

import orjson

from sales_policy.bulk import paused_gc
from sales_policy.findings import (
    FORMAT,
    STATUSES,
    Action,
    AuditResult,
    Finding,
    Owner,
    Subject,
    Text,
)
from sales_policy.history.problems import HistoryError


def read_result(path: str | os.PathLike[str]) -> AuditResult:
    """The audit result in the JSON file ``path``; ``HistoryError`` when it is none."""
    place = os.fspath(path)
    try:
        with open(path, "rb") as handle, paused_gc():  # no cycles among a million objects
            data = orjson.loads(handle.read())
    except OSError as error:
        raise HistoryError(place, "unreadable-result", error.strerror or str(error)) from None
    except orjson.JSONDecodeError as error:
        raise HistoryError(place, "unreadable-result", f"not JSON: {error}") from None
    with paused_gc():
        return result_from_data(data, place)


def result_from_data(data: Any, place: str = "<result>") -> AuditResult:
    """The ``AuditResult`` of JSON data as ``AuditResult.to_data()`` gives it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        what = f"its format is `{found}`" if isinstance(found, str) else "it has no `format`"
        raise HistoryError(place, "not-a-result", f"not an audit result ({what}, not `{FORMAT}`)")
    try:
        return AuditResult(
            policy=_mapping(data["policy"]),
            as_of=dt.date.fromisoformat(data["as_of"]),
            period_start=dt.date.fromisoformat(data["period_start"]),
            time_zone=str(data["time_zone"]),
            records=_mapping(data["records"]),
            findings=tuple(finding_from_data(f) for f in data["findings"]),
            retroactive=bool(data.get("retroactive", False)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        detail = f"missing `{error.args[0]}`" if isinstance(error, KeyError) else str(error)
        raise HistoryError(place, "not-a-result", f"a malformed audit result: {detail}") from None


def finding_from_data(data: Mapping[str, Any]) -> Finding:
    """A finding from its JSON data (the inverse of the result's finding form)."""
    status = data["status"]
    if status not in STATUSES:
        raise ValueError(f"unknown status `{status}`")
    action = data["action"]
    return Finding(
        rule=data["rule"],
        clause=data["clause"],
        status=status,
        severity=data["severity"],
        subject=Subject(data["subject"]["type"], data["subject"]["id"]),
        part=data["part"],
        owner=_owner(data["owner"]),
        message=_text(data["message"]),
        evidence=_mapping(data["evidence"]),
        action=None
        if action is None
        else Action(
            code=action["code"],
            due_on=None if action["due_on"] is None else dt.date.fromisoformat(action["due_on"]),
            owner=_owner(action["owner"]),
            text=_text(action["text"]),
            missing=tuple(action.get("missing", ())),
            overdue_days=int(action.get("overdue_days", 0)),
        ),
        waiver=None if data.get("waiver") is None else _mapping(data["waiver"]),
    )


def _owner(data: Mapping[str, Any]) -> Owner:
    return Owner(data["staff_id"], data["role"], tuple(data.get("holders", ())))


def _text(data: Mapping[str, Any]) -> Text:
    return Text(data["zh"], data["en"])


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, found {type(value).__name__}")
    return cast(Mapping[str, Any], value)
