"""Who is accountable for a finding, and who must act now (``rules.md``, "Owners")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sales_policy.compile.values import Env, Getter, Parameters, expression
from sales_policy.findings import Owner
from sales_policy.judgement.world import World
from sales_policy.policy import vocabulary
from sales_policy.policy.model import Owner as OwnerSpec
from sales_policy.policy.scope import Scope
from sales_policy.records import Staff

OwnerFn = Callable[[World, Env], Owner]
NOBODY = Owner(None, None)


def _record_owner(record_type: str) -> Getter | None:
    """The staff member a record belongs to: its owner, its contract's owner, its author."""
    base = vocabulary.base(record_type)
    if base in ("customer", "contract"):
        return lambda w, e: w.staff(e.record.owner_id)
    if base == "receivable":
        return lambda w, e: w.staff(getattr(w.contract_of(e.record), "owner_id", None))
    if base == "activity":
        return lambda w, e: w.staff(e.record.staff_id)
    if base == "staff":
        return lambda w, e: e.record
    return None


def compile_owner(
    spec: OwnerSpec | None, record_type: str, scope: Scope, parameters: Parameters, *, act: bool
) -> OwnerFn:
    """The finding's owner (``act=False``) or the action's (``act=True``: one who has left
    by the as-of date hands it on up the supervisor chain)."""
    person: Getter | None = _record_owner(record_type)
    if spec is not None and spec.staff is not None:
        person = expression(spec.staff, scope, parameters)[0]
    if spec is not None and spec.role is not None and spec.staff is None:
        fixed = spec.role
        return lambda w, e: _role_owner(w, fixed)
    if person is None:
        return lambda w, e: NOBODY
    role = spec.first_up if spec is not None else None
    find = person

    def owner(w: World, e: Env) -> Owner:
        found = find(w, e)
        if role is not None:
            found = _first_up(w, found, role)
            if found is None:
                return _role_owner(w, role)
        if act:
            found = _hand_on(w, found)
        return _as_owner(found)

    return owner


def _chain(w: World, person: Staff | None) -> Iterator[Staff]:
    """``person`` and those above them, stopping at a loop in the chain; walked only as
    far as the caller reads (most often ``person`` alone)."""
    seen: set[str] = set()
    while person is not None and person.id not in seen:
        yield person
        seen.add(person.id)
        person = w.staff(person.supervisor_id)


def _first_up(w: World, person: Staff | None, role: str) -> Staff | None:
    return next((p for p in _chain(w, person) if p.role == role), None)


def _hand_on(w: World, person: Staff | None) -> Staff | None:
    return next((p for p in _chain(w, person) if not w.has_left(p, w.as_of)), None)


def _role_owner(w: World, role: str) -> Owner:
    """Anyone holding ``role``: named, those who hold it on the as-of date."""
    return Owner(None, role, w.holders(role))


def _as_owner(person: Any) -> Owner:
    if person is None:
        return NOBODY
    return Owner(person.id, person.role.value)
