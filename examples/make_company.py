"""Write the example company's activities and staff duties (``examples/company/``).

``staff.yaml``, ``customers.yaml``, ``contracts.yaml`` and ``receivables.yaml`` are
written by hand; this script writes ``activities.yaml`` and ``duties.yaml`` from the
story below (``examples/company/README.md`` tells it in prose), then loads the whole
folder and checks that every record loads and that the story is in a sensible order:
nobody acts outside their employment, a customer is contacted before a visit is
booked, booked before visited, and nothing happens to a contract before it is signed.

Deterministic: no randomness, no clock. Run it from anywhere:

    python examples/make_company.py          # rewrite the two files, then check
    python examples/make_company.py --check  # only check the files as they are
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

COMPANY = Path(__file__).resolve().parent / "company"
AS_OF = dt.date(2026, 11, 26)
"""The audit date the story is told for (README.md)."""

ALL_DEPARTMENTS = ["marketing", "customer_service", "technical", "finance"]
ALL_MATERIALS = ["company_profile", "product_material", "case_study"]
CONTRACT_STEPS = frozenset(
    {
        "handover",
        "order_placed",
        "shipped",
        "logistics_update",
        "delivered",
        "issue_reported",
        "issue_resolved",
        "after_sales_follow_up",
    }
)
COLLECTION_STEPS = frozenset(
    {
        "payment_reminder",
        "collection_notice",
        "overdue_cause",
        "collection_call",
        "collection_email",
        "collection_visit",
    }
)


@dataclass(frozen=True)
class Label:
    """Stands for the id of the activity added with this label (``issue_id``)."""

    name: str


@dataclass
class Step:
    at: str
    type: str
    staff: str
    refs: dict[str, str]
    fields: dict[str, Any]
    label: str | None
    order: int

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.at[:10])


class Story:
    """Activities grouped in sections (one per customer), each kept in date order."""

    def __init__(self) -> None:
        self.sections: list[tuple[str, list[Step]]] = []
        self._count = 0

    def section(self, title: str) -> None:
        self.sections.append((title, []))

    def add(
        self,
        at: str,
        kind: str,
        staff: str,
        *,
        customer: str | None = None,
        contract: str | None = None,
        receivable: str | None = None,
        label: str | None = None,
        **fields: Any,
    ) -> None:
        refs = {
            name: value
            for name, value in (
                ("customer_id", customer),
                ("contract_id", contract),
                ("receivable_id", receivable),
            )
            if value is not None
        }
        self._count += 1
        self.sections[-1][1].append(Step(at, kind, staff, refs, fields, label, self._count))

    def numbered(self) -> Iterator[tuple[str, list[tuple[str, Step]]]]:
        """Sections with their steps sorted by date and numbered A-0001, A-0002, ..."""
        number = 0
        for title, steps in self.sections:
            numbered = []
            for step in sorted(steps, key=lambda s: (s.at[:10], s.order)):
                number += 1
                numbered.append((f"A-{number:04d}", step))
            yield title, numbered


def story() -> Story:  # noqa: PLR0915 - one long story, told in order
    s = Story()
    # ------------------------------------------------------------------ East
    s.section("CU-01 上海恒通机械 (grade A) — Zhang Wei S-04: by the book")
    rep = "S-04"
    s.add(
        "2025-10-21 10:30",
        "first_contact",
        rep,
        customer="CU-01",
        needs="五轴加工中心产线升级，年底前完成选型",
    )
    s.add("2025-10-23", "follow_up", rep, customer="CU-01")
    s.add(
        "2025-10-24",
        "visit_booked",
        rep,
        customer="CU-01",
        visit_on="2025-10-30",
        materials=ALL_MATERIALS,
    )
    s.add(
        "2025-10-30 14:00",
        "visit",
        rep,
        customer="CU-01",
        procurement_process="设备部提需求，采购部三家比价，总经理审批",
        decision_mechanism="总经理陈志强拍板，技术总监有否决权",
        competitors="德玛吉、海天精工",
        feedback="最关心交期和售后响应速度",
    )
    s.add(
        "2025-11-10",
        "solution_proposed",
        rep,
        customer="CU-01",
        summary="两台五轴加工中心 + 自动上下料单元，含安装调试和操作培训",
    )
    s.add("2025-11-17", "follow_up", rep, customer="CU-01")
    s.add("2025-11-20", "solution_accepted", rep, customer="CU-01")
    s.add("2025-11-25 09:30", "negotiation", rep, customer="CU-01")
    s.add("2025-12-02 15:00", "negotiation", rep, customer="CU-01")
    # CT-01 signed 2025-12-10
    s.add(
        "2025-12-11", "handover", rep, contract="CT-01", departments=ALL_DEPARTMENTS, briefed=True
    )
    s.add("2025-12-12", "order_placed", rep, contract="CT-01")
    s.add("2025-12-15", "payment_reminder", rep, receivable="RV-01")
    s.add("2026-01-12", "shipped", rep, contract="CT-01", tracking_no="SF1402 7788 2301")
    s.add("2026-01-13", "logistics_update", rep, contract="CT-01")
    s.add("2026-01-15", "logistics_update", rep, contract="CT-01")
    s.add("2026-01-16", "delivered", rep, contract="CT-01")
    s.add("2026-01-21", "after_sales_follow_up", rep, contract="CT-01")
    s.add("2026-02-09", "payment_reminder", rep, receivable="RV-02")
    revisits = [
        ("2026-01-08", 5, "设备到货前确认场地和电源"),
        ("2026-02-05", 5, "安装调试顺利，操作工已培训"),
        ("2026-03-05", 4, "希望缩短备件交期"),
        ("2026-04-02", 5, "产能提升约 30%"),
        ("2026-04-30", 5, "提到第二条产线的计划"),
        ("2026-05-28", 4, "第二条产线方案在内部评审"),
        ("2026-06-25", 5, "新合同执行顺利"),
        ("2026-07-23", 5, "一切正常"),
        ("2026-09-17", 4, "主轴报警已解决，满意处理速度"),
        ("2026-10-15", 4, "资金偏紧，尾款可能分两次付"),
        ("2026-11-12", 5, "尾款余额月内付清"),
    ]
    for day, score, note in revisits:
        s.add(day, "revisit", rep, customer="CU-01", satisfaction=score, feedback=note)
    # One revisit logged against the contract rather than the customer.
    s.add("2026-08-20", "revisit", rep, contract="CT-02", satisfaction=5, feedback="新设备已投产")
    s.add(
        "2026-05-12",
        "solution_proposed",
        rep,
        customer="CU-01",
        summary="第二条产线：一台五轴加工中心 + 在线检测",
    )
    s.add("2026-05-26", "follow_up", rep, customer="CU-01")
    s.add("2025-11-03", "follow_up", rep, customer="CU-01")
    s.add("2026-05-19", "follow_up", rep, customer="CU-01")
    s.add("2026-06-12", "negotiation", rep, customer="CU-01")
    s.add("2026-06-02", "solution_accepted", rep, customer="CU-01")
    s.add("2026-06-09 10:00", "negotiation", rep, customer="CU-01")
    s.add("2026-06-15 14:30", "negotiation", rep, customer="CU-01")
    # CT-02 signed 2026-06-18
    s.add(
        "2026-06-19", "handover", rep, contract="CT-02", departments=ALL_DEPARTMENTS, briefed=True
    )
    s.add("2026-06-22", "order_placed", rep, contract="CT-02")
    s.add("2026-06-22", "payment_reminder", rep, receivable="RV-03")
    s.add("2026-07-28", "shipped", rep, contract="CT-02", tracking_no="SF1402 9012 5566")
    s.add("2026-07-29", "logistics_update", rep, contract="CT-02")
    s.add("2026-07-31", "logistics_update", rep, contract="CT-02")
    s.add("2026-08-03", "delivered", rep, contract="CT-02")
    s.add("2026-08-07", "after_sales_follow_up", rep, contract="CT-02")
    s.add(
        "2026-09-03",
        "issue_reported",
        rep,
        contract="CT-02",
        label="ct02-spindle",
        issue="主轴温升报警，连续加工两小时后停机",
    )
    s.add("2026-09-06", "issue_resolved", rep, contract="CT-02", issue_id=Label("ct02-spindle"))
    s.add("2026-10-24", "payment_reminder", rep, receivable="RV-04")
    s.add("2026-11-01", "collection_notice", rep, receivable="RV-04", states_consequences=True)
    s.add(
        "2026-11-03",
        "overdue_cause",
        rep,
        receivable="RV-04",
        cause="客户下游回款延迟，资金周转紧张",
        plan="10 月 28 日已付一半，余款 11 月 20 日前付清",
    )
    s.add("2026-11-07 10:00", "collection_call", rep, receivable="RV-04")
    s.add("2026-11-15", "collection_email", rep, receivable="RV-04")

    s.section("CU-02 杭州绿源食品 (grade B) — Liu Yang S-05: late at every step")
    rep = "S-05"
    s.add("2026-02-20 16:00", "first_contact", rep, customer="CU-02", needs="冷链包装线自动化改造")
    s.add(
        "2026-02-25",
        "visit_booked",
        rep,
        customer="CU-02",
        visit_on="2026-03-04",
        materials=["product_material"],
    )
    s.add(
        "2026-03-04 10:00",
        "visit",
        rep,
        customer="CU-02",
        procurement_process="生产部立项，采购部招标",
        decision_mechanism="厂长和财务总监共同审批",
        feedback="预算有限，希望分期付款",
    )
    s.add("2026-03-12", "follow_up", rep, customer="CU-02")
    s.add(
        "2026-03-20",
        "solution_proposed",
        rep,
        customer="CU-02",
        summary="一条半自动包装线，分两期交付",
    )
    s.add("2026-03-27", "follow_up", rep, customer="CU-02")
    s.add("2026-03-06", "follow_up", rep, customer="CU-02")
    s.add("2026-04-28", "follow_up", rep, customer="CU-02")
    s.add("2026-04-02", "solution_accepted", rep, customer="CU-02")
    s.add("2026-04-08", "negotiation", rep, customer="CU-02")
    s.add("2026-04-13", "negotiation", rep, customer="CU-02")
    # CT-03 signed 2026-04-15
    s.add("2026-04-19", "order_placed", rep, contract="CT-03")
    s.add(
        "2026-04-21",
        "handover",
        rep,
        contract="CT-03",
        departments=["marketing", "technical", "finance"],
        briefed=False,
    )
    s.add("2026-06-08", "shipped", rep, contract="CT-03", tracking_no="YTO 8820 1145 6630")
    s.add("2026-06-12", "logistics_update", rep, contract="CT-03")
    s.add("2026-06-15", "delivered", rep, contract="CT-03")
    s.add("2026-06-30", "after_sales_follow_up", rep, contract="CT-03")
    s.add(
        "2026-07-02",
        "issue_reported",
        rep,
        contract="CT-03",
        label="ct03-seal",
        issue="部分包装膜封口漏气",
    )
    s.add("2026-07-10", "issue_resolved", rep, contract="CT-03", issue_id=Label("ct03-seal"))
    s.add("2026-07-20", "collection_notice", rep, receivable="RV-06", states_consequences=False)
    s.add(
        "2026-07-21",
        "overdue_cause",
        rep,
        receivable="RV-06",
        cause="客户财务负责人离职，付款审批中断",
        plan="8 月中旬前分两笔付清",
    )
    s.add("2026-07-25 11:00", "collection_call", rep, receivable="RV-06")
    s.add("2026-08-05", "collection_email", rep, receivable="RV-06")
    s.add(
        "2026-07-20",
        "revisit",
        rep,
        customer="CU-02",
        satisfaction=3,
        feedback="对交货延迟不满，封口问题已解决",
    )
    s.add("2026-10-16", "revisit", rep, customer="CU-02", satisfaction=4, feedback="生产线运行稳定")

    s.section("CU-03 苏州博瑞电子 (grade B, prospect) — Zhang Wei S-04: in the pipeline")
    rep = "S-04"
    s.add(
        "2026-10-13 09:30",
        "first_contact",
        rep,
        customer="CU-03",
        needs="传感器外壳精密加工，寻找第二供应商",
    )
    s.add(
        "2026-10-16",
        "visit_booked",
        rep,
        customer="CU-03",
        visit_on="2026-10-22",
        materials=ALL_MATERIALS,
    )
    s.add(
        "2026-10-22 14:00",
        "visit",
        rep,
        customer="CU-03",
        procurement_process="年度框架招标，季度下单",
        decision_mechanism="采购经理初选，供应链副总批准",
        competitors="本地两家小型加工厂",
        feedback="对价格敏感，看重良率",
    )
    s.add("2026-11-02", "follow_up", rep, customer="CU-03")
    s.add("2026-10-27", "follow_up", rep, customer="CU-03")
    s.add(
        "2026-11-10",
        "solution_proposed",
        rep,
        customer="CU-03",
        summary="试制 500 件，合格后签年度框架",
    )
    s.add("2026-11-18", "follow_up", rep, customer="CU-03")
    s.add(
        "2026-11-20",
        "visit_booked",
        rep,
        customer="CU-03",
        visit_on="2026-11-30",
        materials=["case_study"],
    )

    s.section("CU-05 南京华信物流 (grade C, lost) — Liu Yang S-05: a visit that never happened")
    rep = "S-05"
    s.add("2026-03-05 10:00", "first_contact", rep, customer="CU-05", needs="自动化立体仓库货架")
    s.add(
        "2026-03-10",
        "visit_booked",
        rep,
        customer="CU-05",
        visit_on="2026-03-18",
        materials=["company_profile"],
    )
    s.add("2026-03-24", "follow_up", rep, customer="CU-05")
    s.add(
        "2026-04-10",
        "solution_proposed",
        rep,
        customer="CU-05",
        summary="两排重型货架 + 堆垛机改造",
    )
    s.add("2026-04-20", "negotiation", rep, customer="CU-05")
    s.add("2026-05-06", "follow_up", rep, customer="CU-05")
    s.add("2026-04-14", "follow_up", rep, customer="CU-05")
    s.add("2026-04-28", "negotiation", rep, customer="CU-05")

    s.section("CU-06 Jiangsu Evergreen Textiles (grade B) — Li Mei S-02: the supervisor's account")
    rep = "S-02"
    s.add(
        "2025-08-05 10:00",
        "first_contact",
        rep,
        customer="CU-06",
        needs="Cutting and lamination line for non-woven fabric",
    )
    s.add(
        "2025-08-08",
        "visit_booked",
        rep,
        customer="CU-06",
        visit_on="2025-08-14",
        materials=["company_profile", "case_study"],
    )
    s.add(
        "2025-08-14 14:00",
        "visit",
        rep,
        customer="CU-06",
        procurement_process="Plant manager specifies, group purchasing negotiates",
        decision_mechanism="Group purchasing committee, monthly meeting",
        competitors="Two German suppliers",
        feedback="Wants a local service team",
    )
    s.add(
        "2025-08-22",
        "solution_proposed",
        rep,
        customer="CU-06",
        summary="One lamination line with ultrasonic cutting",
    )
    s.add("2025-09-01", "solution_accepted", rep, customer="CU-06")
    s.add("2025-09-04", "negotiation", rep, customer="CU-06")
    s.add("2025-08-28", "follow_up", rep, customer="CU-06")
    s.add("2026-10-16", "negotiation", rep, customer="CU-06")
    # CT-06 signed 2025-09-10
    s.add(
        "2025-09-11", "handover", rep, contract="CT-06", departments=ALL_DEPARTMENTS, briefed=True
    )
    s.add("2025-09-12", "order_placed", rep, contract="CT-06")
    s.add("2025-10-05", "payment_reminder", rep, receivable="RV-08")
    s.add("2025-10-20", "shipped", rep, contract="CT-06", tracking_no="DBL 5566 0021 7")
    s.add("2025-10-21", "logistics_update", rep, contract="CT-06")
    s.add("2025-10-28", "delivered", rep, contract="CT-06")
    s.add("2025-11-03", "after_sales_follow_up", rep, contract="CT-06")
    for day, score, note in [
        ("2025-12-02", 4, "Line running, some operator questions"),
        ("2026-02-25", 5, "Output up, asks about a second line"),
        ("2026-05-21", 5, "Second line budgeted for Q4"),
        ("2026-08-13", 4, "Wants faster spare parts"),
        ("2026-11-05", 5, "Second order under way"),
    ]:
        s.add(day, "revisit", rep, customer="CU-06", satisfaction=score, feedback=note)
    s.add(
        "2026-09-15",
        "solution_proposed",
        rep,
        customer="CU-06",
        summary="Second lamination line with inline inspection",
    )
    s.add("2026-09-28", "follow_up", rep, customer="CU-06")
    s.add("2026-10-09", "solution_accepted", rep, customer="CU-06")
    s.add("2026-10-13", "negotiation", rep, customer="CU-06")
    # CT-07 signed 2026-10-20
    s.add(
        "2026-10-21", "handover", rep, contract="CT-07", departments=ALL_DEPARTMENTS, briefed=True
    )
    s.add("2026-10-23", "order_placed", rep, contract="CT-07")
    s.add("2026-10-30", "payment_reminder", rep, receivable="RV-09")
    s.add("2026-11-10", "shipped", rep, contract="CT-07", tracking_no="DBL 5566 0388 2")
    s.add("2026-11-11", "logistics_update", rep, contract="CT-07")
    s.add("2026-11-18", "logistics_update", rep, contract="CT-07")
    s.add("2026-11-24", "logistics_update", rep, contract="CT-07")

    # ----------------------------------------------------------------- South
    s.section("CU-07 Pearl River Components (grade A) — Emily Wong S-07: the unpaid milestone")
    rep = "S-07"
    s.add(
        "2026-01-13 11:00",
        "first_contact",
        rep,
        customer="CU-07",
        needs="Second source for stamping presses, start of production in Q2",
    )
    s.add(
        "2026-01-20",
        "visit_booked",
        rep,
        customer="CU-07",
        visit_on="2026-01-27",
        materials=ALL_MATERIALS,
    )
    s.add(
        "2026-01-27 15:00",
        "visit",
        rep,
        customer="CU-07",
        procurement_process="Engineering RFQ, then a sourcing board in Hong Kong",
        decision_mechanism="Sourcing board; the parent company signs off above HKD 2M",
        competitors="Aida, a Taiwanese press maker",
        feedback="Impressed by the case study; worried about lead time",
    )
    s.add(
        "2026-02-10",
        "solution_proposed",
        rep,
        customer="CU-07",
        summary="Two servo presses with die-change carts",
    )
    s.add("2026-02-24", "follow_up", rep, customer="CU-07")
    s.add("2026-01-30", "follow_up", rep, customer="CU-07")
    s.add("2026-03-16 11:00", "negotiation", rep, customer="CU-07")
    s.add("2026-03-05", "solution_accepted", rep, customer="CU-07")
    s.add("2026-03-10 10:00", "negotiation", rep, customer="CU-07")
    s.add("2026-03-13 16:00", "negotiation", rep, customer="CU-07")
    # CT-08 signed 2026-03-18
    s.add(
        "2026-03-19", "handover", rep, contract="CT-08", departments=ALL_DEPARTMENTS, briefed=True
    )
    s.add("2026-03-20", "order_placed", rep, contract="CT-08")
    s.add("2026-03-23", "payment_reminder", rep, receivable="RV-11")
    s.add("2026-04-20", "shipped", rep, contract="CT-08", tracking_no="KERRY HK 7710 2291")
    s.add("2026-04-21", "logistics_update", rep, contract="CT-08")
    s.add("2026-04-23", "logistics_update", rep, contract="CT-08")
    s.add(
        "2026-06-15",
        "issue_reported",
        rep,
        contract="CT-08",
        label="ct08-cart",
        issue="Die-change cart jams on the second press",
    )
    s.add("2026-06-18", "issue_resolved", rep, contract="CT-08", issue_id=Label("ct08-cart"))
    s.add("2026-04-24", "delivered", rep, contract="CT-08")
    s.add("2026-04-29", "after_sales_follow_up", rep, contract="CT-08")
    for day, score, note in [
        ("2026-04-16", 4, "Site ready for installation"),
        ("2026-05-14", 5, "Presses in production"),
        ("2026-06-11", 5, "Cycle time better than quoted"),
        ("2026-07-09", 4, "Asks for a second die-change cart"),
        ("2026-08-06", 4, "Group audit announced at the parent company"),
        ("2026-09-03", 4, "Payment approval may be delayed by the audit"),
        ("2026-10-01", 3, "Payments frozen until the audit closes"),
        ("2026-10-29", 3, "Audit extended; no payment date yet"),
    ]:
        s.add(day, "revisit", rep, customer="CU-07", satisfaction=score, feedback=note)
    s.add("2026-09-09", "payment_reminder", rep, receivable="RV-12")
    s.add("2026-09-16", "collection_notice", rep, receivable="RV-12", states_consequences=True)
    s.add(
        "2026-09-18",
        "overdue_cause",
        rep,
        receivable="RV-12",
        cause="Parent company froze supplier payments pending a group audit",
        plan="Grace Lau to confirm a payment date when the audit closes, expected end of October",
    )
    s.add("2026-09-23 10:30", "collection_call", rep, receivable="RV-12")
    s.add("2026-10-01", "collection_email", rep, receivable="RV-12")
    s.add("2026-10-16 14:00", "collection_visit", rep, receivable="RV-12")
    s.add("2026-11-10 10:00", "collection_call", rep, receivable="RV-12")
    s.add("2026-11-20", "collection_email", rep, receivable="RV-12")

    s.section("CU-08 广州美华化妆品 (grade B) — Zhao Min S-06, left 2026-08-31, never reassigned")
    rep = "S-06"
    s.add(
        "2025-11-18 10:00",
        "first_contact",
        rep,
        customer="CU-08",
        needs="灌装线扩产，明年一季度投产",
    )
    s.add(
        "2025-11-24",
        "visit_booked",
        rep,
        customer="CU-08",
        visit_on="2025-12-02",
        materials=["product_material", "case_study"],
    )
    s.add(
        "2025-12-02 14:00",
        "visit",
        rep,
        customer="CU-08",
        procurement_process="工厂提需求，老板直接决定",
        decision_mechanism="老板一人决策",
        competitors="一家意大利灌装设备商",
        feedback="要求春节前给方案",
    )
    s.add("2026-01-15", "solution_proposed", rep, customer="CU-08", summary="一条 12 头灌装旋盖线")
    s.add("2026-02-10", "negotiation", rep, customer="CU-08")
    s.add("2026-02-20", "negotiation", rep, customer="CU-08")
    # CT-09 signed 2026-02-26 (no solution_accepted was ever logged)
    s.add(
        "2026-02-27", "handover", rep, contract="CT-09", departments=ALL_DEPARTMENTS, briefed=True
    )
    s.add("2026-03-02", "order_placed", rep, contract="CT-09")
    s.add("2026-03-04", "payment_reminder", rep, receivable="RV-13")
    s.add("2026-04-08", "shipped", rep, contract="CT-09", tracking_no="SF1402 6655 8810")
    s.add("2026-04-13", "delivered", rep, contract="CT-09")
    s.add("2026-04-17", "after_sales_follow_up", rep, contract="CT-09")
    s.add("2026-05-20", "revisit", rep, customer="CU-08", satisfaction=4, feedback="产线稳定")
    s.add("2026-06-24", "payment_reminder", rep, receivable="RV-14")
    s.add("2026-07-02", "collection_notice", rep, receivable="RV-14", states_consequences=True)
    s.add(
        "2026-07-03",
        "overdue_cause",
        rep,
        receivable="RV-14",
        cause="客户称第二批包材有 17,000 元的运输破损",
        plan="先付无争议部分，破损部分由质检复核",
    )
    s.add("2026-07-08 10:00", "collection_call", rep, receivable="RV-14")
    s.add("2026-07-22", "collection_email", rep, receivable="RV-14")
    s.add("2026-07-31 15:00", "collection_visit", rep, receivable="RV-14")
    s.add(
        "2026-08-14",
        "revisit",
        rep,
        customer="CU-08",
        satisfaction=3,
        feedback="破损争议未解决，客户不满",
    )

    s.section("CU-09 深圳智联科技 (grade A) — Zhao Min S-06, then Sun Hao S-08 from 2026-09-10")
    rep = "S-06"
    s.add(
        "2026-01-21 10:00",
        "first_contact",
        rep,
        customer="CU-09",
        needs="仓储机器人外壳和底盘的精密加工",
    )
    s.add(
        "2026-01-28",
        "visit_booked",
        rep,
        customer="CU-09",
        visit_on="2026-02-04",
        materials=ALL_MATERIALS,
    )
    s.add(
        "2026-02-04 14:30",
        "visit",
        rep,
        customer="CU-09",
        procurement_process="研发定型后，供应链部招标",
        decision_mechanism="供应链总监与研发 VP 联合决策",
        competitors="东莞两家钣金厂",
        feedback="要求提供小批量试制",
    )
    s.add(
        "2026-03-10",
        "solution_proposed",
        rep,
        customer="CU-09",
        summary="专用加工单元一套，含夹具和试制 200 件",
    )
    s.add("2026-03-24", "follow_up", rep, customer="CU-09")
    s.add("2026-04-08", "follow_up", rep, customer="CU-09")
    s.add("2026-05-09", "follow_up", rep, customer="CU-09")
    s.add("2026-04-20", "solution_accepted", rep, customer="CU-09")
    s.add("2026-04-28", "negotiation", rep, customer="CU-09")
    s.add("2026-05-06", "negotiation", rep, customer="CU-09")
    # CT-10 signed 2026-05-12
    s.add(
        "2026-05-13", "handover", rep, contract="CT-10", departments=ALL_DEPARTMENTS, briefed=True
    )
    s.add("2026-05-15", "order_placed", rep, contract="CT-10")
    s.add("2026-05-18", "payment_reminder", rep, receivable="RV-15")
    s.add("2026-06-15", "shipped", rep, contract="CT-10", tracking_no="SF1402 3390 4471")
    s.add("2026-06-16", "logistics_update", rep, contract="CT-10")
    s.add("2026-06-18", "logistics_update", rep, contract="CT-10")
    s.add("2026-06-19", "delivered", rep, contract="CT-10")
    s.add("2026-06-24", "after_sales_follow_up", rep, contract="CT-10")
    s.add(
        "2026-07-14",
        "issue_reported",
        rep,
        contract="CT-10",
        label="ct10-drift",
        issue="两台机器人底盘导航偏移",
    )
    s.add("2026-07-17", "issue_resolved", rep, contract="CT-10", issue_id=Label("ct10-drift"))
    for day, score, note in [
        ("2026-06-10", 4, "设备到货前确认安装方案"),
        ("2026-07-08", 4, "导航偏移问题已上报"),
        ("2026-08-05", 5, "问题解决，准备追加订单"),
    ]:
        s.add(day, "revisit", rep, customer="CU-09", satisfaction=score, feedback=note)
    rep = "S-08"
    for day, score, note in [
        ("2026-09-10", 4, "新客户经理首次拜访，交接情况说明"),
        ("2026-10-09", 5, "尾款按期安排"),
        ("2026-11-06", 5, "讨论明年追加订单"),
    ]:
        s.add(day, "revisit", rep, customer="CU-09", satisfaction=score, feedback=note)
    s.add("2026-10-14", "payment_reminder", rep, receivable="RV-16")

    s.section("CU-10 Lion City Packaging (grade C, prospect) — Zhao Min S-06, never reassigned")
    rep = "S-06"
    s.add(
        "2026-07-08 09:00",
        "first_contact",
        rep,
        customer="CU-10",
        needs="Food-grade corrugated line; budget approval expected in Q4",
    )
    s.add("2026-08-10", "follow_up", rep, customer="CU-10")
    s.add("2026-07-22", "follow_up", rep, customer="CU-10")
    s.add(
        "2026-08-20",
        "visit_booked",
        rep,
        customer="CU-10",
        visit_on="2026-09-02",
        materials=["company_profile", "product_material"],
    )

    s.section("CU-11 佛山顺达陶瓷 (grade C, lost) — Zhao Min S-06")
    s.add("2026-04-09 10:00", "first_contact", rep, customer="CU-11", needs="窑炉自动上下料")
    s.add("2026-05-06", "follow_up", rep, customer="CU-11")
    s.add("2026-04-21", "follow_up", rep, customer="CU-11")

    s.section("CU-12 Shenzhen Brightway Medical (grade B) — Sun Hao S-08: the new hire")
    rep = "S-08"
    s.add(
        "2026-07-16 10:00",
        "first_contact",
        rep,
        customer="CU-12",
        needs="Automated assembly cell for patient monitors",
    )
    s.add(
        "2026-07-24 11:00",
        "visit",
        rep,
        customer="CU-12",
        procurement_process="Tender through the group's purchasing platform",
        decision_mechanism="Plant director with the quality manager's sign-off",
        competitors="A Suzhou integrator",
        feedback="Dropped in unannounced; they asked for a formal presentation",
    )
    s.add("2026-08-03", "visit_booked", rep, customer="CU-12", visit_on="2026-08-06", materials=[])
    s.add(
        "2026-08-06 14:00",
        "visit",
        rep,
        customer="CU-12",
        procurement_process="Tender through the group's purchasing platform",
        decision_mechanism="Plant director with the quality manager's sign-off",
        competitors="A Suzhou integrator; an in-house automation team",
        feedback="Needs ISO 13485 documentation for every station",
    )
    s.add(
        "2026-08-20",
        "solution_proposed",
        rep,
        customer="CU-12",
        summary="Four-station assembly cell with vision inspection",
    )
    s.add("2026-09-01", "solution_accepted", rep, customer="CU-12")
    s.add("2026-09-08", "negotiation", rep, customer="CU-12")
    s.add("2026-09-15", "negotiation", rep, customer="CU-12")
    # CT-11 signed 2026-09-25
    s.add(
        "2026-09-27", "handover", rep, contract="CT-11", departments=ALL_DEPARTMENTS, briefed=True
    )
    s.add("2026-09-29", "order_placed", rep, contract="CT-11")
    s.add("2026-09-29", "payment_reminder", rep, receivable="RV-17")
    s.add("2026-10-20", "shipped", rep, contract="CT-11", tracking_no="SF1402 7001 3329")
    s.add("2026-10-21", "logistics_update", rep, contract="CT-11")
    s.add("2026-10-23", "logistics_update", rep, contract="CT-11")
    s.add("2026-07-20", "follow_up", rep, customer="CU-12")
    s.add("2026-08-12", "follow_up", rep, customer="CU-12")
    s.add("2026-08-27", "follow_up", rep, customer="CU-12")
    s.add("2026-10-26", "delivered", rep, contract="CT-11")
    s.add("2026-10-30", "after_sales_follow_up", rep, contract="CT-11")
    s.add(
        "2026-11-02",
        "issue_reported",
        rep,
        contract="CT-11",
        issue="Two monitors fail SpO2 calibration",
    )
    return s


# ------------------------------------------------------------------ staff duties

MONTHS = [f"2025-{m:02d}" for m in (12,)] + [f"2026-{m:02d}" for m in range(1, 11)]
"""The monthly market reports the audit of 2026 judges: December 2025 (due 2026-01-10)
to October 2026 (due 2026-11-10)."""

ON_TIME_DAY = {"S-02": 4, "S-03": 6, "S-04": 3, "S-05": 8, "S-06": 7, "S-07": 5, "S-08": 6}
"""The day of the following month on which each person usually submits a market report."""

REPORT_EXCEPTIONS: dict[tuple[str, str], str | None] = {
    # Liu Yang: late half of the time, and October's report never came.
    ("S-05", "2026-02"): "2026-03-13",
    ("S-05", "2026-03"): "2026-04-16",
    ("S-05", "2026-05"): "2026-06-12",
    ("S-05", "2026-07"): "2026-08-14",
    ("S-05", "2026-08"): "2026-09-10",
    ("S-05", "2026-09"): "2026-10-15",
    ("S-05", "2026-10"): None,
    # Zhao Min handed in August's report on her last day.
    ("S-06", "2026-08"): "2026-08-31",
    # Emily Wong missed June (she was at the customer's site for the installation).
    ("S-07", "2026-06"): None,
    # Sun Hao was late once.
    ("S-08", "2026-09"): "2026-10-13",
}
"""(author, month) -> the day submitted, or None when never submitted."""

REPORTERS = {
    "S-02": MONTHS,
    "S-03": MONTHS,
    "S-04": MONTHS,
    "S-05": MONTHS,
    "S-06": MONTHS[: MONTHS.index("2026-08") + 1],
    "S-07": MONTHS,
    "S-08": MONTHS[MONTHS.index("2026-07") :],
}

QUARTER_DUE = {
    "2025-Q4": "2025-10-09",
    "2026-Q1": "2026-01-06",
    "2026-Q2": "2026-04-03",
    "2026-Q3": "2026-07-06",
    "2026-Q4": "2026-10-08",
}
"""The usual submission day of each quarter's plan (due on the 11th of its first month)."""

SALES_PLANS: dict[str, dict[str, str | None]] = {
    # staff -> quarter -> target amount (None: never submitted)
    "S-01": dict.fromkeys(QUARTER_DUE, "6000000"),
    "S-02": dict.fromkeys(QUARTER_DUE, "2800000"),
    "S-03": dict.fromkeys(QUARTER_DUE, "2600000"),
    "S-04": dict.fromkeys(QUARTER_DUE, "1200000"),
    "S-05": {**dict.fromkeys(QUARTER_DUE, "800000"), "2026-Q4": None},
    "S-06": dict.fromkeys(list(QUARTER_DUE)[:4], "900000"),
    "S-07": dict.fromkeys(QUARTER_DUE, "1000000"),
    "S-08": {"2026-Q3": "500000", "2026-Q4": "700000"},
}
PLAN_EXCEPTIONS = {("S-05", "2026-Q2"): "2026-04-15", ("S-08", "2026-Q3"): "2026-07-10"}

TRAINING_PLANS: list[dict[str, Any]] = [
    {
        "id": "TP-2025",
        "year": 2025,
        "goals": ["每位销售代表掌握新产品线的技术卖点", "新人三个月内独立完成客户拜访"],
        "content": ["五轴加工中心产品培训", "商务谈判与合同条款", "应收账款催收流程"],
        "methods": ["集中授课", "老带新陪访", "案例复盘"],
        "schedule": ["3 月 产品培训", "6 月 谈判培训", "9 月 催收流程培训"],
        "trainers": ["王建国", "技术部 周工", "财务部 钱会计"],
        "approved_on": "2025-01-22",
    },
    {
        # Approved in time, but no trainer was ever named.
        "id": "TP-2026",
        "year": 2026,
        "goals": ["全员熟悉新版销售人员管理制度", "回款逾期率降到 5% 以下"],
        "content": ["销售人员管理制度宣贯", "客户分级与回访", "合同评审要点"],
        "methods": ["集中授课", "线上测验"],
        "schedule": ["3 月 制度宣贯", "5 月 客户分级", "9 月 合同评审"],
        "trainers": [],
        "approved_on": "2026-01-28",
    },
]


def next_month(month: str) -> tuple[int, int]:
    year, number = int(month[:4]), int(month[5:])
    return (year + 1, 1) if number == 12 else (year, number + 1)


def market_reports() -> list[dict[str, Any]]:
    reports: list[dict[str, Any]] = []
    for author, months in REPORTERS.items():
        for month in months:
            if (author, month) in REPORT_EXCEPTIONS:
                submitted = REPORT_EXCEPTIONS[author, month]
            else:
                year, number = next_month(month)
                submitted = f"{year}-{number:02d}-{ON_TIME_DAY[author]:02d}"
            if submitted is not None:
                reports.append({"author_id": author, "period": month, "submitted_on": submitted})
    # The manager's own quarterly summary: not owed (managers write no monthly
    # reports), shown for the quarter form of `period`.
    reports.append({"author_id": "S-01", "period": "2026-Q3", "submitted_on": "2026-10-12"})
    return [{"id": f"MR-{n:03d}", **report} for n, report in enumerate(reports, start=1)]


def sales_plans() -> list[dict[str, Any]]:
    plans: list[dict[str, Any]] = []
    for person, quarters in SALES_PLANS.items():
        for quarter, target in quarters.items():
            if target is None:
                continue
            submitted = PLAN_EXCEPTIONS.get((person, quarter), QUARTER_DUE[quarter])
            plans.append(
                {
                    "staff_id": person,
                    "period": quarter,
                    "target_amount": int(target),
                    "submitted_on": submitted,
                }
            )
    return [{"id": f"SP-{n:02d}", **plan} for n, plan in enumerate(plans, start=1)]


# ------------------------------------------------------------------------ output

ACTIVITIES_HEADER = """\
# Activities 工作记录: every workflow step, one section per customer, in date order.
# Written by examples/make_company.py from the story in README.md: edit the script,
# then run `python examples/make_company.py`.
"""

DUTIES_HEADER = """\
# Staff duties: monthly market reports (§2.1.b), quarterly sales plans (§2.3.a) and
# the yearly training plan (§4.1). Written by examples/make_company.py.
"""

_DATE_TIME = "T{}:00+08:00"


def scalar(value: Any) -> str:
    """One value as YAML: dates plain, text quoted only where YAML needs it, lists in
    flow style (``[a, b]``)."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return value  # a date: plain, as YAML reads it
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10_000, default_flow_style=True)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def timestamp(at: str) -> str:
    """``2026-03-04`` stays a date; ``2026-03-04 10:00`` becomes a datetime in +08:00."""
    if " " not in at:
        return at
    day, clock = at.split(" ")
    return day + _DATE_TIME.format(clock)


def activities_yaml(s: Story) -> str:
    numbered = list(s.numbered())
    ids = {step.label: number for _, steps in numbered for number, step in steps if step.label}
    lines = [ACTIVITIES_HEADER, "activities:"]
    for title, steps in numbered:
        lines.append("")
        lines.append(f"  # --- {title}")
        for number, step in steps:
            lines.append(f"  - id: {number}")
            lines.append(f"    type: {step.type}")
            lines.append(f"    staff_id: {step.staff}")
            lines.append(f"    at: {timestamp(step.at)}")
            for name, value in step.refs.items():
                lines.append(f"    {name}: {value}")
            for name, value in step.fields.items():
                shown = ids[value.name] if isinstance(value, Label) else value
                lines.append(f"    {name}: {scalar(shown)}")
    return "\n".join(lines) + "\n"


NAMES = {
    "S-01": "Wang Jianguo, sales manager",
    "S-02": "Li Mei, supervisor East",
    "S-03": "David Chen, supervisor South",
    "S-04": "Zhang Wei, East",
    "S-05": "Liu Yang, East",
    "S-06": "Zhao Min, South, left 2026-08-31",
    "S-07": "Emily Wong, South",
    "S-08": "Sun Hao, South, hired 2026-07-01",
}


def records_yaml(collections: dict[str, list[dict[str, Any]]], header: str) -> str:
    """Collections as YAML, with a comment line wherever the person changes."""
    lines = [header.rstrip("\n")]
    for name, records in collections.items():
        lines += ["", f"{name}:"]
        person = None
        for record in records:
            who = record.get("author_id", record.get("staff_id"))
            if who is not None and who != person:
                lines.append(f"  # {who} {NAMES[who]}")
                person = who
            first = True
            for key, value in record.items():
                lines.append(f"  {'- ' if first else '  '}{key}: {scalar(value)}")
                first = False
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------ checks


def check(folder: Path) -> list[str]:
    """Problems with the company's files: what does not load, and what is out of order."""
    from sales_policy import load_records  # noqa: PLC0415 - only the check needs the package

    result = load_records([folder])
    problems = [str(p) for p in (*result.file_errors, *result.rejected, *result.warnings)]
    records = result.records
    day_of: dict[str, dt.date] = {}
    for activity in records.activities.values():
        day_of[activity.id] = activity.at
        person = records.staff[activity.staff_id]
        if activity.at < person.hired_on or (person.left_on and activity.at > person.left_on):
            problems.append(f"{activity.id}: {person.id} was not employed on {activity.at}")
        if activity.at.year > 2026:
            problems.append(f"{activity.id}: dated after 2026")
        contract_id = records.contract_of(activity)
        if activity.type.value in CONTRACT_STEPS | COLLECTION_STEPS and contract_id:
            contract = records.contracts[contract_id]
            if contract.signed_on is None or activity.at < contract.signed_on:
                problems.append(f"{activity.id}: {activity.type} before {contract_id} was signed")
    for activity in records.activities.values():
        customer_id = records.customer_of(activity)
        contacts = [
            a.at
            for a in records.activities.values()
            if a.customer_id == customer_id and a.type.value == "first_contact"
        ]
        if activity.type.value in ("visit_booked", "visit") and not (
            contacts and min(contacts) <= activity.at
        ):
            problems.append(f"{activity.id}: {activity.type} before the first contact")
        visit_on = getattr(activity, "visit_on", None)
        if visit_on is not None and visit_on < activity.at:
            problems.append(f"{activity.id}: a visit booked for a day already past")
    for receivable in records.receivables.values():
        contract = records.contracts[receivable.contract_id]
        for payment in receivable.payments:
            if contract.signed_on is None or payment.paid_on < contract.signed_on:
                problems.append(f"{receivable.id}: a payment before its contract was signed")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    if not args.check:
        s = story()
        (COMPANY / "activities.yaml").write_text(activities_yaml(s), encoding="utf-8")
        duties = {
            "market_reports": market_reports(),
            "sales_plans": sales_plans(),
            "training_plans": TRAINING_PLANS,
        }
        (COMPANY / "duties.yaml").write_text(records_yaml(duties, DUTIES_HEADER), encoding="utf-8")
    problems = check(COMPANY)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
