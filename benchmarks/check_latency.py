"""``Engine.check`` latency and throughput: one contract checked with the records it refers
to, as a CRM would before saving it, by one thread or by several sharing one engine (as
a threaded web service would). Prints the checks per second, and the median, p99 and max
time of one call. (Checks per CPU second count only the time the process ran: on a
machine shared with other work, more threads get more of the processor.)"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import threading
import time
from decimal import Decimal
from pathlib import Path

from sales_policy.engine import Engine
from sales_policy.policy import load_policy
from sales_policy.records import (
    ActivityType,
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Role,
    Staff,
)
from sales_policy.records.models import ACTIVITY_MODELS, Terms

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20_000, help="calls in all threads together")
    parser.add_argument("--threads", type=int, default=1, help="threads sharing one engine")
    parser.add_argument("--backend", choices=("native", "durable"), default="native")
    args = parser.parse_args()
    engine = Engine(load_policy(ROOT / "policies" / "sales-staff"), args.backend)
    rep = Staff(
        id="S-1",
        name="王伟",
        role=Role.SALES_REP,
        supervisor_id="S-2",
        hired_on=dt.date(2024, 1, 1),
    )
    boss = Staff(id="S-2", name="李梅", role=Role.SALES_SUPERVISOR, hired_on=dt.date(2020, 1, 1))
    customer = Customer(
        id="C-1",
        owner_id="S-1",
        created_on=dt.date(2026, 3, 1),
        status=CustomerStatus.ACTIVE,
        company_name="华瑞精工",
    )
    history = [
        ACTIVITY_MODELS[ActivityType(kind)](
            id=f"A-{i}",
            type=ActivityType(kind),
            staff_id="S-1",
            at=dt.date(2026, 3, 2 + i),
            customer_id="C-1",
        )
        for i, kind in enumerate(["first_contact", "visit", "solution_accepted"])
    ]
    contract = Contract(
        id="K-1",
        customer_id="C-1",
        owner_id="S-1",
        status=ContractStatus.SIGNED,
        amount=Decimal("120000.00"),
        discount_pct=Decimal("7"),
        discount_approved_by="S-2",
        terms=Terms(
            price=Decimal("120000.00"),
            delivery_date=dt.date(2026, 12, 20),
            payment_terms="30% on signing, 70% net 30",
            after_sales="1 year",
        ),
        reviewed_by_company_on=dt.date(2026, 11, 18),
        reviewed_by_customer_on=dt.date(2026, 11, 19),
        signed_on=dt.date(2026, 11, 20),
    )
    context = [rep, boss, customer, *history]
    as_of = dt.date(2026, 11, 26)
    for _ in range(200):
        engine.check(contract, context, as_of=as_of)
    per_thread = args.calls // args.threads
    samples: list[float] = []
    start_line = threading.Barrier(args.threads + 1)

    def run() -> None:
        mine = []
        start_line.wait()
        for _ in range(per_thread):
            start = time.perf_counter()
            engine.check(contract, context, as_of=as_of)
            mine.append(time.perf_counter() - start)
        samples.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    start_line.wait()
    began, began_cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    samples.sort()
    p99 = samples[int(len(samples) * 0.99)]
    print(
        f"Engine.check ({args.backend}): {len(samples)} calls in {args.threads} thread(s), "
        f"{len(samples) / elapsed:,.0f} checks/s, {len(samples) / cpu:,.0f} per CPU second, "
        f"median {statistics.median(samples) * 1e6:.0f} µs, "
        f"p99 {p99 * 1e6:.0f} µs, max {samples[-1] * 1e6:.0f} µs"
    )


if __name__ == "__main__":
    main()
