"""Generate a large record set of interchange format v1 as JSON Lines, for benchmarks.

    python benchmarks/generate_records.py OUT.jsonl --records 1000000 --seed 1

Writes exactly ``--records`` lines, each one record with its ``kind``
(``shared/spec/records.md``). The same seed gives the same file, byte for byte.
Memory stays constant whatever the size: records are written as they are made,
one customer at a time, and staff members are recomputed from their number rather
than kept.

The file is a whole sales organisation: managers, supervisors and reps (some of
whom left), their monthly market reports, quarterly sales plans and the yearly
training plans; then customers, about 25 records each with their contracts,
receivables and workflow activities. Every reference resolves (a truncated last
customer included: a record only refers to records written before it). Dates lie
in 2025-2026, and each duty of the rule catalog (``shared/spec/rules.md``) is
mostly done in time, sometimes late and sometimes never, so that an audit as of
2026-11-26 finds every rule both passing and failing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

Record = dict[str, Any]

START = dt.date(2025, 1, 1)
END = dt.date(2026, 12, 31)
"""Every date written lies in [START, END]."""
AS_OF = dt.date(2026, 11, 26)
"""The audit date the mix of done, late and missed duties is designed for."""

CUSTOMERS_PER_REP = 50
REPS_PER_SUPERVISOR = 8
SUPERVISORS_PER_MANAGER = 5
RECORDS_PER_CUSTOMER = 25
"""Roughly; used only to size the staff for the number of records asked for."""

DEPARTMENTS = ("marketing", "customer_service", "technical", "finance")
MATERIALS = ("company_profile", "product_material", "case_study")
SOURCES = ("web_search", "trade_show", "referral", "telemarketing", "other")
DISCOUNT_LIMITS = {"sales_rep": 5, "sales_supervisor": 10, "sales_manager": 15}
REVISIT_DAYS = {"A": 30, "B": 90, "C": 180}
LADDER = ((7, "collection_call"), (15, "collection_email"), (30, "collection_visit"))

CITIES = (
    "上海",
    "杭州",
    "苏州",
    "南京",
    "宁波",
    "深圳",
    "广州",
    "佛山",
    "东莞",
    "厦门",
    "青岛",
    "成都",
)
WORDS = (
    "恒通",
    "华信",
    "博瑞",
    "绿源",
    "智联",
    "美华",
    "顺达",
    "金桥",
    "远洋",
    "新锐",
    "中科",
    "天成",
)
TRADES = (
    "机械",
    "电子科技",
    "食品",
    "物流",
    "化妆品",
    "陶瓷",
    "纺织",
    "医疗器械",
    "包装",
    "汽车零部件",
)
EN_PLACES = ("Pearl River", "Lion City", "Evergreen", "Brightway", "Harbour", "Golden Gate", "Jade")
EN_TRADES = ("Components", "Packaging", "Textiles", "Medical Devices", "Logistics", "Foods")
EN_FORMS = ("Ltd.", "Co., Ltd.", "Pte. Ltd.", "Limited")
SURNAMES = (
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
)
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明")
EN_FIRST = ("Grace", "Kevin", "Sarah", "Mark", "Emily", "David", "Tan Wei", "Linda", "Peter")
EN_LAST = ("Lau", "Li", "Zhou", "Thompson", "Wong", "Chen", "Ming", "Ng", "Tan")


class Person(NamedTuple):
    id: str
    name: str
    role: str
    supervisor: int | None
    """Index of the supervisor, or None."""
    hired_on: dt.date
    left_on: dt.date | None


class Organisation:
    """The staff, sized for the number of records, each computed from its index alone."""

    def __init__(self, records: int, seed: int) -> None:
        customers = max(1, records // RECORDS_PER_CUSTOMER)
        self.reps = max(2, -(-customers // CUSTOMERS_PER_REP))
        self.supervisors = max(1, -(-self.reps // REPS_PER_SUPERVISOR))
        self.managers = max(1, -(-self.supervisors // SUPERVISORS_PER_MANAGER))
        self.seed = seed
        self.person = lru_cache(maxsize=4096)(self._person)

    @property
    def size(self) -> int:
        return self.managers + self.supervisors + self.reps

    def first_rep(self) -> int:
        return self.managers + self.supervisors

    def _person(self, index: int) -> Person:
        rng = random.Random(f"{self.seed}:staff:{index}")
        staff_id = f"ST-{index + 1:05d}"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN))
        if index < self.managers:
            hired = _day_between(rng, dt.date(2012, 1, 1), dt.date(2021, 12, 31))
            return Person(staff_id, name, "sales_manager", None, hired, None)
        if index < self.first_rep():
            number = index - self.managers
            # Every 17th supervisor reports to nobody: a chain without a manager.
            manager = None if number % 17 == 16 else number % self.managers
            hired = _day_between(rng, dt.date(2015, 1, 1), dt.date(2023, 12, 31))
            return Person(staff_id, name, "sales_supervisor", manager, hired, None)
        number = index - self.first_rep()
        supervisor = self.managers + number % self.supervisors
        if rng.random() < 0.8:
            hired = _day_between(rng, dt.date(2018, 1, 1), dt.date(2024, 12, 31))
        else:
            hired = _day_between(rng, START, dt.date(2026, 9, 30))
        left = None
        if rng.random() < 0.08:
            left = _day_between(rng, max(hired, START) + dt.timedelta(days=120), AS_OF)
            if left >= AS_OF:
                left = None
        return Person(staff_id, name, "sales_rep", supervisor, hired, left)

    def staff_record(self, person: Person) -> Record:
        record: Record = {"kind": "staff", "id": person.id, "name": person.name}
        record["role"] = person.role
        record["team"] = f"Team {person.id[-2:]}" if person.role != "sales_manager" else "Sales"
        if person.supervisor is not None:
            record["supervisor_id"] = self.person(person.supervisor).id
        record["hired_on"] = person.hired_on.isoformat()
        if person.left_on is not None:
            record["left_on"] = person.left_on.isoformat()
        return record

    def doer(self, owner: int, day: dt.date) -> str:
        """Who acts for ``owner`` on ``day``: the owner while employed, else up the chain."""
        index: int | None = owner
        while index is not None:
            person = self.person(index)
            if person.hired_on <= day and (person.left_on is None or day <= person.left_on):
                return person.id
            index = person.supervisor
        return self.person(0).id

    def approver(self, owner: int, discount: int) -> str | None:
        """Someone up the chain whose discount limit covers ``discount``."""
        index = self.person(owner).supervisor
        while index is not None:
            person = self.person(index)
            if DISCOUNT_LIMITS[person.role] >= discount:
                return person.id
            index = person.supervisor
        return self.person(0).id if discount <= DISCOUNT_LIMITS["sales_manager"] else None


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


class Writer:
    """Makes records in order, and tells the caller when ``limit`` is reached."""

    def __init__(self, rng: random.Random, org: Organisation) -> None:
        self.rng = rng
        self.org = org
        self.counts: dict[str, int] = Counter()

    def next_id(self, prefix: str) -> str:
        self.counts[prefix] += 1
        return f"{prefix}-{self.counts[prefix]:07d}"

    def stamp(self, day: dt.date) -> str:
        """A date, or now and then a datetime on that day in +08:00."""
        if self.rng.random() < 0.3:
            hour, minute = self.rng.randint(8, 19), self.rng.choice((0, 15, 30, 45))
            return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+08:00"
        return day.isoformat()

    def outcome(self, due: dt.date, *, on_time: float = 0.84, late: float = 0.1) -> dt.date | None:
        """When a duty due on ``due`` is done: mostly in time, sometimes late, else never."""
        draw = self.rng.random()
        if draw < on_time:
            return due - _days(self.rng.randint(0, 2))
        if draw < on_time + late:
            return due + _days(self.rng.randint(1, 20))
        return None


# ----------------------------------------------------------------------------- staff


def staff_records(org: Organisation, writer: Writer) -> Iterator[Record]:
    rng = writer.rng
    yield from training_plans(rng)
    for index in range(org.size):
        yield org.staff_record(org.person(index))
    for index in range(org.size):
        person = org.person(index)
        if person.role != "sales_manager":
            yield from market_reports(person, writer)
        yield from sales_plans(person, writer)


def training_plans(rng: random.Random) -> Iterator[Record]:
    full = {
        "goals": ["新产品线培训全覆盖", "新人三个月内独立拜访客户"],
        "content": ["产品知识", "商务谈判", "回款管理"],
        "methods": ["集中授课", "老带新陪访"],
        "schedule": ["3 月 产品", "6 月 谈判", "9 月 回款"],
        "trainers": ["销售经理", "技术部"],
    }
    yield {
        "kind": "training_plan",
        "id": "TP-2025",
        "year": 2025,
        **full,
        "approved_on": "2025-01-20",
    }
    # 2026's plan (the one an audit of 2026 judges): in time, late, or without trainers.
    plan: Record = {"kind": "training_plan", "id": "TP-2026", "year": 2026, **full}
    draw = rng.random()
    plan["approved_on"] = "2026-01-26" if draw < 0.67 else "2026-02-09"
    if draw < 0.33:
        plan["trainers"] = []
    yield plan


def _employed_on(person: Person, day: dt.date) -> bool:
    return person.hired_on <= day and (person.left_on is None or day <= person.left_on)


def market_reports(person: Person, writer: Writer) -> Iterator[Record]:
    for year, month in ((y, m) for y in (2025, 2026) for m in range(1, 13)):
        first = dt.date(year, month, 1)
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        last = after - _days(1)
        if after > AS_OF or not _employed_on(person, first) or not _employed_on(person, last):
            continue
        submitted = writer.outcome(after + _days(9), on_time=0.82, late=0.12)
        if submitted is None or submitted > END:
            continue
        yield {
            "kind": "market_report",
            "id": writer.next_id("MR"),
            "author_id": person.id,
            "period": f"{year}-{month:02d}",
            "submitted_on": max(submitted, first).isoformat(),
        }


def sales_plans(person: Person, writer: Writer) -> Iterator[Record]:
    for year, quarter in ((y, q) for y in (2025, 2026) for q in range(1, 5)):
        first = dt.date(year, 3 * quarter - 2, 1)
        if not _employed_on(person, first):
            continue
        submitted = writer.outcome(first + _days(10), on_time=0.85, late=0.1)
        if submitted is None or submitted > END:
            continue
        yield {
            "kind": "sales_plan",
            "id": writer.next_id("SP"),
            "staff_id": person.id,
            "period": f"{year}-Q{quarter}",
            "target_amount": writer.rng.randrange(300_000, 3_000_000, 50_000),
            "submitted_on": submitted.isoformat(),
        }


# ------------------------------------------------------------------------- customers


class Customer:
    """One customer's records, made in the order they may refer to each other."""

    def __init__(self, writer: Writer, owner: int) -> None:
        self.w = writer
        self.rng = writer.rng
        self.org = writer.org
        self.owner = owner
        self.records: list[Record] = []
        self.id = writer.next_id("CU")

    def act(self, kind: str, day: dt.date, ref: tuple[str, str], **fields: Any) -> str | None:
        """Record an activity (unless dated after END); its id."""
        if day > END:
            return None
        activity_id = self.w.next_id("A")
        record: Record = {"kind": "activity", "id": activity_id, "type": kind}
        record["staff_id"] = self.org.doer(self.owner, day)
        record["at"] = self.w.stamp(day)
        record[ref[0]] = ref[1]
        record.update(fields)
        self.records.append(record)
        return activity_id

    def make(self) -> list[Record]:
        rng, person = self.rng, self.org.person(self.owner)
        window_end = min(person.left_on or AS_OF, AS_OF - _days(5))
        created = _day_between(rng, max(person.hired_on, START), window_end)
        fate = rng.random()
        status = "prospect" if fate < 0.22 else "lost" if fate < 0.3 else "active"
        grade = rng.choices(("A", "B", "C", None), (20, 50, 25, 5))[0]
        owner_id = person.id
        if person.left_on is not None and rng.random() < 0.5:
            # Reassigned after the owner left: the supervisor took the customer over.
            owner_id = self.org.person(person.supervisor or 0).id
        self.records.append(self.customer_record(created, status, grade, owner_id))
        ref = ("customer_id", self.id)
        contacted = self.development(created, ref)
        if contacted is None or status != "active":
            if status == "active":  # never contacted, so nothing was signed
                self.records[0]["status"] = "prospect"
            drafted = (contacted or created) + _days(rng.randint(20, 60))
            if status != "active" and drafted <= END - _days(60) and rng.random() < 0.3:
                self.contract(drafted, "draft_or_cancelled")
            return self.records
        day, signed_any = contacted, False
        for _ in range(1 if rng.random() < 0.65 else 2):
            signed = self.selling(day, ref)
            if signed is None:
                break
            signed_any = True
            day = self.contract(signed, "signed") or signed
            day += _days(rng.randint(30, 120))
        if not signed_any:  # nothing signed (yet): still a prospect
            self.records[0]["status"] = "prospect"
        self.revisits(ref, grade)
        return self.records

    def customer_record(
        self, created: dt.date, status: str, grade: str | None, owner: str
    ) -> Record:
        rng = self.rng
        if rng.random() < 0.6:
            company = rng.choice(CITIES) + rng.choice(WORDS) + rng.choice(TRADES) + "有限公司"
            contact = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN))
            scope = rng.choice(TRADES) + "的研发、生产与销售"
        else:
            place, trade = rng.choice(EN_PLACES), rng.choice(EN_TRADES)
            company = f"{place} {trade} {rng.choice(EN_FORMS)}"
            contact = f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"
            scope = f"{trade} manufacturing and distribution"
        record: Record = {"kind": "customer", "id": self.id, "company_name": company}
        record["contact_name"] = contact
        if rng.random() < 0.8:
            record["contact_phone"] = (
                f"+86 {rng.randint(10, 999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
            )
        if rng.random() < 0.6 or "contact_phone" not in record:
            record["contact_email"] = f"contact{self.id[3:]}@example.cn"
        record["business_scope"] = scope
        record["source"] = rng.choice(SOURCES)
        if rng.random() < 0.08:  # an incomplete file (CUST-FILE)
            for name in rng.sample(
                ("company_name", "contact_name", "business_scope", "contact"), 2
            ):
                if name == "contact":
                    record.pop("contact_phone", None)
                    record.pop("contact_email", None)
                else:
                    del record[name]
        record["owner_id"] = owner
        record["created_on"] = created.isoformat()
        record["status"] = status
        if grade is not None:
            record["grade"] = grade
        return record

    def development(self, created: dt.date, ref: tuple[str, str]) -> dt.date | None:
        """First contact, follow-ups, a booked visit and the visit; the last day of them."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.88:
            contacted = created + _days(rng.randint(-3, 6))
        elif draw < 0.95:
            contacted = created + _days(rng.randint(8, 25))
        else:
            return None  # never contacted (CUST-FOLLOW-UP)
        contacted = max(contacted, START)
        self.act("first_contact", contacted, ref, needs="产线升级与自动化改造")
        day = contacted
        for _ in range(rng.randint(1, 5)):
            day += _days(rng.randint(2, 12))
            self.act("follow_up", day, ref)
        if rng.random() < 0.04:  # dropped in without a booking (VISIT-BOOKED)
            day += _days(rng.randint(2, 10))
            self.act("visit", day, ref, **self.visit_fields())
        if rng.random() < 0.08:
            return day
        day += _days(rng.randint(1, 8))
        visit_on = day + _days(rng.randint(2, 9))
        materials = rng.sample(MATERIALS, rng.randint(1, 3)) if rng.random() < 0.95 else []
        self.act("visit_booked", day, ref, visit_on=visit_on.isoformat(), materials=materials)
        if rng.random() < 0.9:
            self.act("visit", visit_on, ref, **self.visit_fields())
        return visit_on  # not kept (VISIT-KEPT) in one case in ten

    def visit_fields(self) -> dict[str, str]:
        fields = {
            "procurement_process": "需求部门立项，采购部比价，总经理审批",
            "decision_mechanism": "总经理拍板",
            "competitors": "两家本地供应商",
            "feedback": "关注交期与售后",
        }
        if self.rng.random() < 0.1:  # an incomplete visit record (VISIT-RECORD)
            del fields[self.rng.choice(tuple(fields))]
        return fields

    def selling(self, day: dt.date, ref: tuple[str, str]) -> dt.date | None:
        """Solution proposed and accepted, negotiation; the day the contract is signed."""
        rng = self.rng
        day += _days(rng.randint(3, 20))
        self.act("solution_proposed", day, ref, summary="定制化设备方案，含安装调试")
        if rng.random() < 0.93:  # else signed without acceptance (CONTRACT-SOLUTION)
            day += _days(rng.randint(3, 20))
            self.act("solution_accepted", day, ref)
        for _ in range(rng.randint(1, 4)):
            day += _days(rng.randint(2, 10))
            self.act("negotiation", day, ref)
        signed = day + _days(rng.randint(2, 10))
        return signed if signed <= END else None

    def contract(self, signed: dt.date, status: str) -> dt.date | None:
        """A contract, with its execution and receivables when signed; the last day of it."""
        rng, org = self.rng, self.org
        if status != "signed":
            status = "draft" if rng.random() < 0.6 else "cancelled"
        contract_id = self.w.next_id("CT")
        owner = self.org.person(self.owner)
        amount = Decimal(rng.randrange(20_000, 2_000_000, 100))
        record: Record = {"kind": "contract", "id": contract_id, "customer_id": self.id}
        record["owner_id"] = (
            owner.id if _employed_on(owner, signed) else org.doer(self.owner, signed)
        )
        record["status"] = status
        record["amount"] = _money(amount)
        draw = rng.random()
        discount = 0 if draw < 0.7 else rng.randint(1, 5) if draw < 0.9 else rng.randint(6, 14)
        if discount:
            record["discount_pct"] = discount
            if discount > DISCOUNT_LIMITS["sales_rep"] and rng.random() < 0.75:
                approver = org.approver(self.owner, discount)
                if approver is not None:
                    record["discount_approved_by"] = approver
        delivery = signed + _days(rng.randint(20, 60))
        terms: Record = {
            "price": _money(amount),
            "delivery_date": delivery.isoformat(),
            "payment_terms": "30% within 10 days of signing, 70% net 30 after delivery",
            "after_sales": "12-month warranty",
        }
        if status == "signed" and rng.random() < 0.1:  # missing terms (CONTRACT-TERMS)
            del terms[rng.choice(tuple(terms))]
        record["terms"] = terms
        if status != "signed":
            self.records.append(record)
            return None
        company = signed - _days(rng.randint(1, 6))
        customer = signed - _days(rng.randint(0, 3))
        draw = rng.random()
        if draw < 0.92:
            record["reviewed_by_company_on"] = company.isoformat()
            record["reviewed_by_customer_on"] = customer.isoformat()
        elif draw < 0.96:  # one review missing (CONTRACT-REVIEW)
            record["reviewed_by_company_on"] = company.isoformat()
        else:  # reviewed only after signing
            record["reviewed_by_company_on"] = (signed + _days(2)).isoformat()
            record["reviewed_by_customer_on"] = customer.isoformat()
        record["signed_on"] = signed.isoformat()
        self.records.append(record)
        ref = ("contract_id", contract_id)
        delivered = self.execution(ref, signed, delivery if "delivery_date" in terms else None)
        self.receivables(contract_id, amount, signed, delivered or delivery)
        return delivered

    def execution(
        self, ref: tuple[str, str], signed: dt.date, delivery: dt.date | None
    ) -> dt.date | None:
        """Handover, order, shipping, delivery, after-sales, issues; the day delivered."""
        rng, w = self.rng, self.w
        handed = w.outcome(signed + _days(3), on_time=0.86, late=0.1)
        if handed is not None:
            handed = max(handed, signed)
            if rng.random() < 0.93:
                self.act("handover", handed, ref, departments=list(DEPARTMENTS), briefed=True)
            else:  # some departments missed, or nobody briefed
                some = rng.sample(DEPARTMENTS, rng.randint(1, 3))
                self.act("handover", handed, ref, departments=some, briefed=rng.random() < 0.5)
        ordered = w.outcome(signed + _days(5))
        if ordered is not None:
            self.act("order_placed", max(ordered, signed), ref)
        due = delivery or signed + _days(rng.randint(20, 60))
        delivered = w.outcome(due, on_time=0.85, late=0.12)
        if delivered is None or delivered > END:
            return None
        shipped = max(signed + _days(1), delivered - _days(rng.randint(1, 6)))
        self.act("shipped", shipped, ref, tracking_no=f"SF{rng.randint(10**11, 10**12 - 1)}")
        update = w.outcome(shipped + _days(2), on_time=0.86, late=0.08)
        if update is not None:
            self.act("logistics_update", max(update, shipped), ref)
            for _ in range(rng.randint(1, 5)):
                update += _days(1)
                self.act("logistics_update", update, ref)
        self.act("delivered", delivered, ref)
        followed = w.outcome(delivered + _days(7))
        if followed is not None:
            self.act("after_sales_follow_up", max(followed, delivered + _days(1)), ref)
        if rng.random() < 0.3:
            reported = delivered + _days(rng.randint(5, 90))
            issue_id = self.act("issue_reported", reported, ref, issue="设备运行异常")
            resolved = w.outcome(reported + _days(5), on_time=0.8, late=0.12)
            if issue_id is not None and resolved is not None:
                resolved = max(resolved, reported)
                self.act("issue_resolved", resolved, ref, issue_id=issue_id)
        return delivered

    def receivables(
        self, contract_id: str, amount: Decimal, signed: dt.date, delivered: dt.date
    ) -> None:
        rng = self.rng
        first = (amount * Decimal("0.3")).quantize(Decimal("0.01"))
        milestones = [(first, signed + _days(10)), (amount - first, delivered + _days(30))]
        if rng.random() < 0.2:  # three milestones: 30%, 40%, 30%
            second = (amount * Decimal("0.4")).quantize(Decimal("0.01"))
            milestones = [
                (first, signed + _days(10)),
                (second, delivered + _days(30)),
                (amount - first - second, delivered + _days(90)),
            ]
        for amount_due, due in milestones:
            if due <= END:
                self.receivable(contract_id, amount_due, due, signed)

    def receivable(
        self, contract_id: str, amount_due: Decimal, due: dt.date, signed: dt.date
    ) -> None:
        rng, w = self.rng, self.w
        receivable_id = w.next_id("RV")
        record: Record = {"kind": "receivable", "id": receivable_id, "contract_id": contract_id}
        record["amount_due"] = _money(amount_due)
        record["due_on"] = due.isoformat()
        payments: list[tuple[dt.date, Decimal]] = []
        draw = rng.random()
        if draw < 0.72:  # paid in time
            payments.append((max(signed, due - _days(rng.randint(0, 7))), amount_due))
        elif draw < 0.88:  # paid late, now and then in two parts
            paid = due + _days(rng.randint(1, 45))
            if rng.random() < 0.4:
                part = (amount_due / 2).quantize(Decimal("0.01"))
                payments += [(paid - _days(rng.randint(1, 20)), part), (paid, amount_due - part)]
            else:
                payments.append((paid, amount_due))
        elif draw < 0.95:  # paid in part only
            part = (amount_due * Decimal(rng.randint(20, 90)) / 100).quantize(Decimal("0.01"))
            payments.append((due + _days(rng.randint(-5, 40)), part))
            if rng.random() < 0.4:
                record["written_off_on"] = (due + _days(rng.randint(60, 150))).isoformat()
        # else: never paid (escalates to a manager 60 days after due)
        payments = [(day, value) for day, value in payments if max(day, signed) <= END]
        if record.get("written_off_on", "") > END.isoformat():
            del record["written_off_on"]
        if payments:
            record["payments"] = [
                {"paid_on": max(day, signed).isoformat(), "amount": _money(value)}
                | ({"receipt_ref": f"RC-{receivable_id[3:]}-{n}"} if rng.random() < 0.96 else {})
                for n, (day, value) in enumerate(payments, start=1)
            ]
        paid_on = max(max(day, signed) for day, _ in payments) if payments else None
        fully_paid = paid_on is not None and sum(v for _, v in payments) >= amount_due
        if fully_paid and paid_on is not None:
            reconciled = w.outcome(paid_on + _days(5), on_time=0.85, late=0.1)
            if reconciled is not None and reconciled <= END:
                record["reconciled_on"] = max(reconciled, paid_on).isoformat()
                draw = rng.random()
                documents = ["contract", "receipt"] if draw < 0.92 else ["contract"]
                record["documents"] = documents if draw < 0.97 else []
        self.records.append(record)
        self.collection(
            ("receivable_id", receivable_id), due, signed, paid_on if fully_paid else None
        )

    def collection(
        self, ref: tuple[str, str], due: dt.date, signed: dt.date, paid: dt.date | None
    ) -> None:
        """Reminder before the due date; notice, cause and the ladder while it is unpaid."""
        rng, w = self.rng, self.w
        reminded = w.outcome(due - _days(1), on_time=0.85, late=0.0)
        if reminded is not None:
            self.act("payment_reminder", max(signed, reminded - _days(rng.randint(0, 5))), ref)

        def unpaid(day: dt.date) -> bool:
            return (paid is None or paid > day) and day <= AS_OF

        if not unpaid(due):
            return
        noticed = w.outcome(due + _days(3), on_time=0.85, late=0.1)
        if noticed is not None and unpaid(noticed):
            consequences = rng.random() < 0.92
            self.act(
                "collection_notice",
                max(noticed, due + _days(1)),
                ref,
                states_consequences=consequences,
            )
        caused = w.outcome(due + _days(7), on_time=0.85, late=0.1)
        if caused is not None and unpaid(caused):
            cause = "客户资金周转困难" if rng.random() < 0.95 else ""
            plan = "分期付款，月底前付清"
            self.act("overdue_cause", max(caused, due + _days(1)), ref, cause=cause, plan=plan)
        for after, measure in LADDER:
            if unpaid(due + _days(after)):
                done = w.outcome(due + _days(after + 2), on_time=0.82, late=0.1)
                if done is not None:
                    self.act(measure, done, ref)

    def revisits(self, ref: tuple[str, str], grade: str | None) -> None:
        """Revisits of an active customer, at the grade's rhythm, from its first contract."""
        rng = self.rng
        signed = [
            r["signed_on"] for r in self.records if r["kind"] == "contract" and "signed_on" in r
        ]
        if not signed:
            return
        cycle = REVISIT_DAYS[grade or "B"]
        day = dt.date.fromisoformat(min(signed))
        contract_id = next(r["id"] for r in self.records if r["kind"] == "contract")
        while True:
            draw = rng.random()
            if draw < 0.85:
                day += _days(cycle - rng.randint(0, min(10, cycle // 3)))
            elif draw < 0.97:
                day += _days(cycle + rng.randint(1, 30))
            else:
                return  # the rep stopped revisiting (an open CUST-REVISIT)
            if day > END:
                return
            about = ref if rng.random() < 0.9 else ("contract_id", contract_id)
            self.act("revisit", day, about, satisfaction=rng.randint(1, 5), feedback="运行正常")


# ---------------------------------------------------------------------------- output


def records(total: int, seed: int) -> Iterator[Record]:
    """``total`` records: the staff and their duties, then customers one by one."""
    rng = random.Random(seed)
    org = Organisation(total, seed)
    writer = Writer(rng, org)
    written = 0
    for record in staff_records(org, writer):
        if written == total:
            return
        yield record
        written += 1
    reps = range(org.first_rep(), org.size)
    while written < total:
        for record in Customer(writer, rng.choice(reps)).make():
            yield record
            written += 1
            if written == total:
                return


def write(path: Path, total: int, seed: int) -> Counter[str]:
    """Write the records to ``path``; counts by kind (and activity type)."""
    counts: Counter[str] = Counter()
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in records(total, seed):
            kind = record["kind"]
            counts[kind if kind != "activity" else f"activity:{record['type']}"] += 1
            out.write(encode(record) + "\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the JSON Lines file to write")
    parser.add_argument("--records", type=int, default=1_000_000, help="how many (default 1000000)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument("--quiet", action="store_true", help="print no summary")
    args = parser.parse_args(argv)
    if args.records < 0:
        parser.error("--records must be 0 or more")
    counts = write(args.out, args.records, args.seed)
    if not args.quiet:
        for name, count in sorted(counts.items()):
            print(f"{count:>9}  {name}", file=sys.stderr)
        print(f"{sum(counts.values()):>9}  records written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
