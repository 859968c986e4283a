"""Policy tests as data: the YAML case files in a pack's ``tests/`` folder, and their runner.

Each case file is about one rule. A case gives records, an as-of date and the exact list
of that rule's findings to expect; the runner audits the records with the pack (on the
chosen backend) and says what differs. The format, with an example, is in
``docs/pack.md``::

    rule: PAY-NOTICE
    fixtures: {staff: [...], contracts: [...]}   # records every case starts from
    cases:
      - name: no notice by the deadline
        as_of: 2026-03-05
        period_start: 2026-01-01                 # optional (the audit's --from; may be
                                                 # before the pack takes effect)
        parameters: {notice_days: 5}             # optional, as an overlay would set them
        records: {receivables: [...]}            # added to the fixtures; an id replaces
        want:                                    # the rule's findings, in any order
          - subject: receivable/R1
            part: null                           # optional
            status: violation
            owner: S1                            # optional: the finding's owner
            action: {due_on: 2026-03-04, owner: S1}   # null: none; given keys compared
            evidence: {done_on: 2026-03-06}      # optional: given keys compared

Unknown keys are refused, and so is a record that would not load (rejected, with a
dangling reference, or with a field the format does not name): a typo must not make a
case pass.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from sales_policy.engine import BackendName, Engine
from sales_policy.errors import Location, Problem, with_suggestion
from sales_policy.findings import Finding, Owner, plain
from sales_policy.policy import (
    Policy,
    PolicyError,
    Positions,
    load_policy,
    model_problem,
    read_yaml,
)
from sales_policy.records import Locate, RecordSet, load_documents

TESTS = "tests"
"""The folder of a pack that holds its case files."""

_STRICT = ConfigDict(frozen=True, extra="forbid")


def _text(value: Any) -> Any:
    """A part written as a plain YAML date (a revisit cycle's ``2026-03-31``) is its text."""
    return value.isoformat() if isinstance(value, dt.date) else value


Text = Annotated[str, BeforeValidator(_text)]


class WantOwner(BaseModel):
    """A person by id and role: both compared (``{staff_id: null, role: sales_manager}``)."""

    model_config = _STRICT
    staff_id: str | None
    role: Literal["sales_rep", "sales_supervisor", "sales_manager"] | None


Person = str | WantOwner | None
"""A staff id (only the id is compared), an id and a role, or null (nobody)."""


class WantAction(BaseModel):
    """The expected action; only the keys given are compared."""

    model_config = _STRICT
    due_on: dt.date | None = None
    owner: Person = None
    missing: list[str] = Field(default_factory=list)
    """What is still missing at the as-of date (a handover's departments)."""


class Want(BaseModel):
    """One expected finding of the case file's rule."""

    model_config = _STRICT
    subject: Annotated[str, Field(pattern=r"^[a-z_]+/.+$")]
    """``type/id``, as in the audit result: ``receivable/R1``, ``training_year/2026``."""
    part: Text | None = None
    status: Literal["violation", "action_required"]
    owner: Person = None
    action: WantAction | None
    """Required: null when the finding has no action."""
    evidence: dict[str, Any] = Field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        kind, _, subject_id = self.subject.partition("/")
        return kind, subject_id, self.part or ""


Records = dict[str, list[Any]]


class CaseSpec(BaseModel):
    """One case: the records, the audit's dates and parameters, and the findings wanted."""

    model_config = _STRICT
    name: Annotated[str, Field(min_length=1)]
    as_of: dt.date
    period_start: dt.date | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    records: Records = Field(default_factory=dict)
    want: list[Want]


class CaseFile(BaseModel):
    """A file of cases about one rule; ``fixtures`` are records every case starts from."""

    model_config = _STRICT
    rule: str
    fixtures: Records = Field(default_factory=dict)
    cases: Annotated[list[dict[str, Any]], Field(min_length=1)]


@dataclass(frozen=True)
class Case:
    """A well-formed case, ready to run."""

    pack: Path
    file: Path
    line: int | None
    rule: str
    spec: CaseSpec
    records: RecordSet
    overlays: tuple[Path, ...] = ()
    """The overlays the pack is run with (a company's cases run against its overlay)."""

    @property
    def id(self) -> str:
        """``PAY-NOTICE::no notice by the deadline``: unique in a pack."""
        return f"{self.file.stem}::{self.spec.name}"


@dataclass(frozen=True)
class Collected:
    """The cases of a pack, and the problems of the case files that kept some from running."""

    cases: tuple[Case, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Outcome:
    """A case run on a backend: what differed from what it wants (nothing when it passed)."""

    case: Case
    backend: str
    differences: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class Run:
    """Every case of a pack run on one backend."""

    outcomes: tuple[Outcome, ...]
    problems: tuple[Problem, ...]

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.passed)

    @property
    def ok(self) -> bool:
        """Some case ran, and every case passed."""
        return bool(self.outcomes) and not self.failed and not self.problems

    def summary(self) -> str:
        """pytest-like: a line per failing case and per problem, then the counts."""
        lines = [
            f"FAILED {o.case.file}::{o.case.spec.name} - {'; '.join(o.differences)}"
            for o in self.failed
        ]
        lines += [f"ERROR {problem}" for problem in self.problems]
        if not self.outcomes and not self.problems:
            lines.append("no tests found")
        passed = len(self.outcomes) - len(self.failed)
        counts = f"{passed} passed, {len(self.failed)} failed"
        if self.problems:
            counts += f", {len(self.problems)} error{'s' if len(self.problems) > 1 else ''}"
        return "\n".join([*lines, counts]) + "\n"


def collect(
    pack: str | os.PathLike[str],
    overlays: Sequence[str | os.PathLike[str]] = (),
    tests: str | os.PathLike[str] | None = None,
) -> Collected:
    """The cases under ``tests`` (default ``pack/tests``; every ``*.yaml``, recursively, in
    name order), to run against the pack with ``overlays`` applied.

    Raises ``PolicyError`` when the pack or an overlay does not load.
    """
    folder = Path(pack)
    applied = tuple(Path(overlay) for overlay in overlays)
    policy = load_policy(folder, applied)
    cases: list[Case] = []
    problems: list[Problem] = []
    seen: dict[str, Case] = {}
    for path in sorted(Path(folder / TESTS if tests is None else tests).rglob("*.yaml")):
        for case in _read_file(folder, path, policy, problems, applied):
            if case.id in seen:
                problems.append(
                    Problem(
                        Location(str(path), case.line),
                        "duplicate-case",
                        f"case `{case.spec.name}` is already at "
                        f"{seen[case.id].file}:{seen[case.id].line}",
                    )
                )
                continue
            seen[case.id] = case
            cases.append(case)
    # A bad fixture is reported once, not once for each case it is merged into.
    return Collected(tuple(cases), tuple(sorted(set(problems), key=_place)))


def run(
    pack: str | os.PathLike[str],
    backend: BackendName = "native",
    overlays: Sequence[str | os.PathLike[str]] = (),
    tests: str | os.PathLike[str] | None = None,
) -> Run:
    """Collect the cases (see ``collect``) and run each on ``backend``."""
    collected = collect(pack, overlays, tests)
    engines = Engines()
    outcomes = []
    problems = list(collected.problems)
    for case in collected.cases:
        try:
            outcomes.append(run_case(case, backend, engines))
        except PolicyError as error:
            problems += _case_problems(case, error)
    return Run(tuple(outcomes), tuple(sorted(problems, key=_place)))


def run_case(
    case: Case, backend: BackendName = "native", engines: Engines | None = None
) -> Outcome:
    """Audit the case's records and compare the rule's findings with what the case wants.

    Raises ``PolicyError`` when the case's parameters are refused.
    """
    engine = (engines or Engines()).get(case.pack, case.spec.parameters, backend, case.overlays)
    # A case that names its period chose it: one before the policy takes effect is a
    # retroactive audit asked for, as `--retroactive` asks for it.
    result = engine.audit(
        case.records,
        as_of=case.spec.as_of,
        period_start=case.spec.period_start,
        retroactive=True,
    )
    found = [f for f in result.findings if f.rule == case.rule]
    return Outcome(case, backend, tuple(compare(case.spec.want, found)))


# -- reading case files ------------------------------------------------------------------


def _read_file(
    pack: Path, path: Path, policy: Policy, problems: list[Problem], overlays: tuple[Path, ...]
) -> list[Case]:
    data, positions, found = read_yaml(path, str(path))
    problems += found
    if found:
        return []
    parsed = _parse(CaseFile, data, (), positions, problems)
    if not isinstance(parsed, CaseFile):
        return []
    rules = [rule.id for rule in policy.rules]
    if parsed.rule not in rules:
        message = with_suggestion(f"no rule `{parsed.rule}` in `{policy.id}`", parsed.rule, rules)
        problems.append(Problem(positions.of(("rule",)), "unknown-rule", message))
        return []
    cases = []
    for index, item in enumerate(parsed.cases):
        where = ("cases", index)
        spec = _parse(CaseSpec, item, where, positions, problems)
        if not isinstance(spec, CaseSpec):
            continue
        keys = [want.key for want in spec.want]
        twice = [number for number, key in enumerate(keys) if key in keys[:number]]
        for number in twice:
            label = _label(keys[number])
            message = f"`{label}` is wanted twice: a finding is one rule, subject, part"
            problems.append(
                Problem(positions.of((*where, "want", number)), "duplicate-want", message)
            )
        records, found = load_documents(
            [
                (parsed.fixtures, _locate(positions, ("fixtures",))),
                (spec.records, _locate(positions, (*where, "records"))),
            ],
            time_zone=policy.time_zone,
        )
        problems += found
        if not found and not twice:
            line = positions.of(where).line
            cases.append(Case(pack, path, line, parsed.rule, spec, records, overlays))
    return cases


def _parse(
    model: type[BaseModel],
    data: Any,
    where: tuple[str | int, ...],
    positions: Positions,
    problems: list[Problem],
) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = (*where, *detail["loc"])
            code, message = model_problem(model, tuple(detail["loc"]), detail)
            problems.append(Problem(positions.of(loc), code, message))
        return None


def _locate(positions: Positions, prefix: tuple[str | int, ...]) -> Locate:
    return lambda path: positions.of((*prefix, *path))


def _case_problems(case: Case, error: PolicyError) -> list[Problem]:
    """A case's parameters refused: each problem, placed at the case."""
    where = Location(str(case.file), case.line)
    return [
        Problem(where, problem.code, f"parameters: {problem.message}") for problem in error.problems
    ]


# -- engines -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Writes decimals as YAML numbers, which the policy reader reads back as decimals."""


_Dumper.add_representer(
    Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value))
)


class Engines:
    """One compiled engine per pack, overlays, parameter values and backend: a run
    shares one."""

    def __init__(self) -> None:
        self._engines: dict[tuple[Path, tuple[Path, ...], str, str], Engine] = {}
        self._policies: dict[tuple[Path, tuple[Path, ...], str], Policy] = {}

    def get(
        self,
        pack: Path,
        parameters: Mapping[str, Any],
        backend: BackendName,
        overlays: tuple[Path, ...] = (),
    ) -> Engine:
        key = (pack, overlays, _key(parameters), backend)
        if key not in self._engines:
            self._engines[key] = Engine(self._policy(pack, overlays, parameters), backend)
        return self._engines[key]

    def _policy(
        self, pack: Path, overlays: tuple[Path, ...], parameters: Mapping[str, Any]
    ) -> Policy:
        """The pack with its overlays, then ``parameters`` applied as one more overlay."""
        key = (pack, overlays, _key(parameters))
        if key in self._policies:
            return self._policies[key]
        if not parameters:
            policy = load_policy(pack, overlays)
        else:
            overlay = {"overlay": "case", "extends": self._policy(pack, overlays, {}).id}
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "case.yaml"
                text = yaml.dump({**overlay, "parameters": dict(parameters)}, Dumper=_Dumper)
                path.write_text(text, encoding="utf-8")
                policy = load_policy(pack, [*overlays, path])
        self._policies[key] = policy
        return policy


def _key(parameters: Mapping[str, Any]) -> str:
    return json.dumps(plain(dict(parameters)), sort_keys=True)


# -- comparing ---------------------------------------------------------------------------


def compare(want: Iterable[Want], found: Iterable[Finding]) -> list[str]:
    """What differs between the findings wanted and found, one line each, by subject."""
    wanted = {w.key: w for w in want}
    got = {(f.subject.type, f.subject.id, f.part or ""): f for f in found}
    differences = []
    for key in sorted(wanted.keys() | got.keys()):
        expected, finding = wanted.get(key), got.get(key)
        if finding is None:
            assert expected is not None
            differences.append(f"missing {_label(key)} {expected.status}")
        elif expected is None:
            differences.append(f"unexpected {_label(key)} {_describe(finding)}")
        else:
            differences += [f"{_label(key)}: {d}" for d in _differences(expected, finding)]
    return differences


def _label(key: tuple[str, str, str]) -> str:
    kind, subject_id, part = key
    return f"{kind}/{subject_id}" + (f" [{part}]" if part else "")


def _describe(finding: Finding) -> str:
    if finding.action is None:
        return f"{finding.status}, no action"
    due = f" due {finding.action.due_on}" if finding.action.due_on else ""
    return f"{finding.status}, action{due} for {_person(finding.action.owner)}"


def _person(owner: Owner) -> str:
    return f"{owner.staff_id or 'nobody'} ({owner.role or 'no role'})"


def _differences(want: Want, finding: Finding) -> list[str]:
    found: list[str] = []
    if finding.status != want.status:
        found.append(f"status {finding.status}, want {want.status}")
    if "owner" in want.model_fields_set and not _same_person(want.owner, finding.owner):
        found.append(f"owner {_person(finding.owner)}, want {_wanted_person(want.owner)}")
    action = finding.action
    if want.action is None and action is not None:
        found.append(f"has an action ({_describe(finding)}), want none")
    elif want.action is not None and action is None:
        found.append("no action, want one")
    elif want.action is not None and action is not None:
        given = want.action.model_fields_set
        if "due_on" in given and action.due_on != want.action.due_on:
            found.append(f"action due {action.due_on}, want {want.action.due_on}")
        if "owner" in given and not _same_person(want.action.owner, action.owner):
            found.append(
                f"action owner {_person(action.owner)}, want {_wanted_person(want.action.owner)}"
            )
        if "missing" in given and list(action.missing) != want.action.missing:
            found.append(f"action missing {list(action.missing)}, want {want.action.missing}")
    for name, value in want.evidence.items():
        if name not in finding.evidence:
            found.append(f"no evidence `{name}`, want {plain(value)!r}")
        elif plain(finding.evidence[name]) != plain(value):
            shown = plain(finding.evidence[name])
            found.append(f"evidence `{name}` {shown!r}, want {plain(value)!r}")
    return found


def _same_person(want: Person, owner: Owner) -> bool:
    if isinstance(want, WantOwner):
        return (want.staff_id, want.role) == (owner.staff_id, owner.role)
    return want == owner.staff_id


def _wanted_person(want: Person) -> str:
    if isinstance(want, WantOwner):
        return _person(Owner(want.staff_id, want.role))
    return want or "nobody"


def _place(problem: Problem) -> tuple[str, int, int, str, str]:
    """Problems by file, line and column; one without a line first."""
    where = problem.location
    return where.source, where.line or 0, where.column or 0, problem.code, problem.message


__all__ = [
    "TESTS",
    "Case",
    "Collected",
    "Engines",
    "Outcome",
    "Run",
    "collect",
    "compare",
    "run",
    "run_case",
]
