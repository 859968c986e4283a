"""The clause coverage map of a pack: every clause of the regulation, the rules that enforce
it, and for a clause no record can show, why (the pack's ``coverage.yaml``).

``coverage.yaml`` maps a clause id to the reason it is not machine-checkable::

    "§2.3.b": Presenting the product's strengths is what is said to a customer; ...

A clause is accounted for when a rule cites it, when ``coverage.yaml`` explains it, or,
for a section (``§3.1``), when every clause under it is accounted for. Whatever is not
is a problem, and so is a reason given for a clause the regulation does not have or a
rule already enforces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sales_policy.errors import Location, Problem, with_suggestion
from sales_policy.policy import Policy, Rule, load_policy
from sales_policy.policy.clauses import Clause, clauses, split
from sales_policy.records.formats.yaml_positions import read_yaml

COVERAGE = "coverage.yaml"
"""The file of a pack that explains the clauses no rule enforces."""


@dataclass(frozen=True)
class Row:
    """One clause: the rules citing it, or the reason none can."""

    clause: Clause
    rules: tuple[Rule, ...]
    reason: str | None
    section: bool

    @property
    def accounted(self) -> bool:
        return bool(self.rules) or self.reason is not None


@dataclass(frozen=True)
class Coverage:
    """A pack's map, in the regulation's order, and what keeps it from being complete."""

    policy: Policy
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...]


def coverage(pack: str | Path) -> Coverage:
    """The map of the pack at ``pack``; raises ``PolicyError`` when the pack does not load."""
    folder = Path(pack)
    policy = load_policy(folder)
    problems: list[Problem] = []
    reasons, places = _reasons(folder / COVERAGE, problems)
    cited: dict[str, list[Rule]] = {}
    for rule in policy.rules:
        for clause_id in split(rule.clause):
            cited.setdefault(clause_id, []).append(rule)
    known = clauses()
    rows = [
        Row(clause, tuple(cited.get(clause.id, ())), reasons.get(clause.id), _is_section(clause))
        for clause in known.values()
    ]
    source = str(folder / COVERAGE)
    for clause_id in reasons:
        where = places[clause_id]
        if clause_id not in known:
            message = with_suggestion(
                f"no clause `{clause_id}` in the regulation", clause_id, known
            )
            problems.append(Problem(where, "unknown-clause", message))
        elif clause_id in cited:
            rules = ", ".join(rule.id for rule in cited[clause_id])
            message = f"`{clause_id}` is enforced by {rules}: it needs no reason"
            problems.append(Problem(where, "covered-clause", message))
    for row in rows:
        # A section with clauses is uncovered through them: they are reported instead.
        if not _accounted(row, rows) and not (row.section and _under(row.clause.id, rows)):
            message = (
                f"no rule enforces `{row.clause.id}` and `{COVERAGE}` gives no reason why: "
                "add a rule or a reason"
            )
            problems.append(Problem(Location(source), "uncovered-clause", message))
    return Coverage(policy, tuple(rows), tuple(sorted(problems, key=_place)))


def _reasons(path: Path, problems: list[Problem]) -> tuple[dict[str, str], dict[str, Location]]:
    """Clause id -> reason (whitespace folded), and where each is written."""
    reasons: dict[str, str] = {}
    places: dict[str, Location] = {}
    if not path.is_file():
        return reasons, places
    data, positions, found = read_yaml(path, str(path))
    problems += found
    if found:
        return reasons, places
    if not isinstance(data, dict):
        message = f"`{COVERAGE}` maps clause ids to the reason no rule enforces them"
        problems.append(Problem(positions.of(()), "wrong-type", message))
        return reasons, places
    for key, value in data.items():
        where = positions.of((key,))
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(where, "wrong-type", f"the reason for `{key}` is text"))
            continue
        reasons[str(key)] = " ".join(value.split())
        places[str(key)] = where
    return reasons, places


def _is_section(clause: Clause) -> bool:
    return not clause.id[-1].isalpha()


def _under(section: str, rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if row.clause.id.startswith(section + ".")]


def _accounted(row: Row, rows: Sequence[Row]) -> bool:
    if row.accounted:
        return True
    children = _under(row.clause.id, rows) if row.section else []
    return bool(children) and all(_accounted(child, rows) for child in children)


def markdown(result: Coverage, command: str) -> str:
    """The map as Markdown; ``command`` is how to write it again (named in its header)."""
    policy = result.policy
    leaves = [row for row in result.rows if not row.section]
    enforced = sum(1 for row in leaves if row.rules)
    explained = sum(1 for row in leaves if not row.rules and row.reason)
    lines = [
        f"# Clause coverage: `{policy.id}` {policy.version}",
        "",
        f"Generated by `{command}` from the pack's rules and its `{COVERAGE}`: do not edit.",
        "",
        f"Of the regulation's {len(leaves)} clauses, {enforced} are enforced by rules and "
        f"{explained} no record can show (the reason is given). A section is covered by its "
        "clauses; a rule may also cite a section as a whole (`§3.1`: the stages in order). The "
        "chapters the source text announces but does not contain (assessment and incentives, "
        "§4.2 on) have no clauses to map.",
        "",
        "| clause | what it says | enforced by | why no rule |",
        "|---|---|---|---|",
    ]
    for row in result.rows:
        clause = row.clause
        rules = ", ".join(f"{rule.id} ({rule.severity})" for rule in row.rules)
        if row.section:
            lines.append(f"| **{clause.id}** | **{clause.en}** {clause.zh} | {rules} | |")
        else:
            lines.append(f"| {clause.id} | {_cell(clause.en)} | {rules} | {_cell(row.reason)} |")
    if result.problems:
        lines += ["", "Problems:", ""] + [f"- {problem}" for problem in result.problems]
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|")


def _place(problem: Problem) -> tuple[str, int, int, str, str]:
    """Problems by file, line and column; one without a line first."""
    where = problem.location
    return where.source, where.line or 0, where.column or 0, problem.code, problem.message


__all__ = ["COVERAGE", "Coverage", "Row", "coverage", "markdown"]
