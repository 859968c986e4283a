"""The HTML report's aging table, on records built by hand: which receivables count (unpaid,
of contracts signed by the as-of date, not written off), and the bucket edges."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

from sales_policy.findings import AuditResult
from sales_policy.records import Contract, Receivable, RecordSet, Staff
from sales_policy.records.models import parse
from sales_policy.report import html

AS_OF = dt.date(2026, 11, 26)


def staff(record_id: str, team: str | None) -> Staff:
    data = {"id": record_id, "name": f"Name {record_id}", "role": "sales_rep", "team": team}
    return parse(Staff, {**data, "hired_on": "2025-01-01"})


def contract(record_id: str, owner: str, status: str = "signed", **fields: Any) -> Contract:
    signed = {"signed_on": "2026-01-10"} if status == "signed" else {}
    data = {"id": record_id, "customer_id": "C1", "owner_id": owner, "status": status}
    return parse(Contract, {**data, "amount": "100000", **signed, **fields})


def receivable(
    record_id: str, contract_id: str, due: str, on: str, *paid: tuple[str, str], **fields: Any
) -> Receivable:
    payments = [{"paid_on": day, "amount": amount} for day, amount in paid]
    data = {"id": record_id, "contract_id": contract_id, "amount_due": due, "due_on": on}
    return parse(Receivable, {**data, "payments": payments, **fields})


RECORDS = RecordSet(
    [
        staff("S1", "East"),
        staff("S2", None),
        contract("K1", "S1"),
        contract("K2", "S1", status="draft"),
        contract("K3", "S1", status="cancelled"),
        contract("K4", "S1", signed_on="2026-12-01"),  # signed after the as-of date
        contract("K5", "S2", currency="USD"),
        receivable("R01", "K1", "100", "2026-12-10"),  # not yet due: current
        receivable("R02", "K1", "200", "2026-11-26"),  # due today: current
        receivable("R03", "K1", "300", "2026-11-25"),  # 1 day
        receivable("R04", "K1", "400", "2026-10-27"),  # 30 days
        receivable("R05", "K1", "500", "2026-10-26", ("2026-11-01", "120")),  # 31 days, 380 owed
        receivable("R06", "K1", "600", "2026-08-28"),  # 90 days
        receivable("R07", "K1", "700", "2026-08-27"),  # 91 days
        receivable("R08", "K1", "800", "2026-09-01", ("2026-09-01", "300"), ("2026-11-20", "500")),
        receivable("R09", "K1", "900", "2026-09-01", ("2026-11-27", "900")),  # paid too late
        receivable("R10", "K1", "999", "2026-09-01", written_off_on="2026-11-01"),
        receivable("R11", "K2", "999", "2026-09-01"),
        receivable("R12", "K3", "999", "2026-09-01"),
        receivable("R13", "K4", "999", "2026-09-01"),
        receivable("R14", "K5", "50", "2026-11-01"),  # 25 days, in dollars
    ]
)


class _Tables(HTMLParser):
    """The text of each cell of each body row, by table id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id")
            self.tables[str(self._table)] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag == "td" and self._table:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def aging() -> dict[str, list[list[str]]]:
    result = AuditResult(
        policy={"id": "p", "version": "1", "overlays": []},
        as_of=AS_OF,
        period_start=dt.date(2026, 1, 1),
        time_zone="Asia/Shanghai",
        records={"loaded": len(RECORDS), "rejected": 0},
        findings=(),
    )
    parser = _Tables()
    parser.feed(html.render(result, RECORDS))
    return {name: rows[1:] for name, rows in parser.tables.items() if name.startswith("aging")}


def test_aging_by_owner_buckets_what_is_still_owed() -> None:
    assert aging()["aging-by-owner"] == [
        ["S1 Name S1", "CNY", "300.00", "700.00", "380.00", "1,500.00", "700.00", "3,580.00"],
        ["S2 Name S2", "USD", "–", "50.00", "–", "–", "–", "50.00"],
        ["total", "CNY", "300.00", "700.00", "380.00", "1,500.00", "700.00", "3,580.00"],
        ["total", "USD", "–", "50.00", "–", "–", "–", "50.00"],
    ]


def test_aging_by_team() -> None:
    teams = [row[:2] + row[-1:] for row in aging()["aging-by-team"]]
    assert teams == [
        ["(no team)", "USD", "50.00"],
        ["East", "CNY", "3,580.00"],
        ["total", "CNY", "3,580.00"],
        ["total", "USD", "50.00"],
    ]


def test_nothing_owed_says_so() -> None:
    paid = RecordSet([staff("S1", "East"), contract("K1", "S1")])
    result = AuditResult(
        policy={"id": "p", "version": "1"},
        as_of=AS_OF,
        period_start=AS_OF,
        time_zone="Asia/Shanghai",
        records={"loaded": 2, "rejected": 0},
        findings=(),
    )
    page = html.render(result, paid)
    assert page.count('<td colspan="8" class="none">None.</td>') == 2
