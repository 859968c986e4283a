"""Law: the durable_rules backend and the native one agree on every record set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sales_policy.engine import Engine
from sales_policy.findings import AuditResult
from sales_policy.records import RecordSet
from sales_policy.testing import as_of_dates, record_sets

AUDITS = record_sets().flatmap(lambda records: st.tuples(st.just(records), as_of_dates(records)))
"""An organisation, and a day to audit it on near its dates."""


@settings(deadline=None)
@given(case=AUDITS, include_pass=st.booleans())
def test_durable_and_native_agree(
    native: Engine,
    durable: Engine,
    keyed: Callable[[AuditResult], dict[str, Any]],
    case: tuple[RecordSet, dt.date],
    include_pass: bool,
) -> None:
    records, as_of = case
    want = native.audit(records, as_of=as_of, include_pass=include_pass)
    got = durable.audit(records, as_of=as_of, include_pass=include_pass)
    assert keyed(got) == keyed(want)
    assert got.to_json() == want.to_json()
