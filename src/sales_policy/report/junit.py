"""The audit as JUnit XML, for CI dashboards: one test suite per rule, one test case per
rule × subject (× part).

A violation is a ``<failure>``. An open action (``action_required``) is ``<skipped>``
with a message: nothing is wrong yet, but the dashboard should show it, not count it
green. A waived finding is ``<skipped>`` too. A ``pass`` (with ``--all``) is a passing
case. No times or timestamps, so the same audit gives the same bytes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from sales_policy.findings import AuditResult, Finding
from sales_policy.report._common import compact_json, subject
from sales_policy.report.words import action_line, who

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(result: AuditResult, lang: str = "en") -> str:
    policy = result.policy
    name = f"{policy['id']}@{policy['version']}"
    kind = "retroactive audit" if result.retroactive else "audit"
    root = ET.Element("testsuites", {"name": _clean(f"sales-policy {kind} {name}")})
    ordered = sorted(result.findings, key=lambda f: f.key)
    for rule, group in groupby(ordered, key=lambda f: f.rule):
        findings = list(group)
        suite = ET.SubElement(root, "testsuite", {"name": _clean(rule)})
        properties = ET.SubElement(suite, "properties")
        shown = [("policy", name), ("as_of", str(result.as_of))]
        if result.retroactive:
            shown += [("period_start", str(result.period_start)), ("retroactive", "true")]
        for key, value in shown:
            ET.SubElement(properties, "property", {"name": key, "value": _clean(value)})
        for finding in findings:
            _case(suite, finding, lang)
        _count(suite, findings)
    _count(root, result.findings)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _count(element: ET.Element, findings: tuple[Finding, ...] | list[Finding]) -> None:
    statuses = [f.status for f in findings]
    element.set("tests", str(len(statuses)))
    element.set("failures", str(statuses.count("violation")))
    element.set("errors", "0")
    element.set("skipped", str(statuses.count("action_required") + statuses.count("waived")))


def _case(suite: ET.Element, finding: Finding, lang: str) -> None:
    name = f"{finding.subject.type}/{finding.subject.id}"
    if finding.part:
        name += f"/{finding.part}"
    case = ET.SubElement(
        suite, "testcase", {"classname": _clean(finding.rule), "name": _clean(name)}
    )
    if finding.status == "pass":
        return
    message = getattr(finding.message, lang)
    if finding.status == "violation":
        outcome = ET.SubElement(case, "failure", {"type": "violation", "message": _clean(message)})
    else:
        label = finding.status.replace("_", " ")
        outcome = ET.SubElement(case, "skipped", {"message": _clean(f"{label}: {message}")})
    outcome.text = _clean(_details(finding, lang))


def _details(finding: Finding, lang: str) -> str:
    lines = [
        f"{subject(finding)}{' ' + finding.part if finding.part else ''}: {finding.status}",
        f"clause: {finding.clause}",
        f"severity: {finding.severity}",
        f"owner: {who(finding.owner)}",
        f"evidence: {compact_json(finding.evidence)}",
    ]
    if finding.action is not None:
        lines.append(f"action: {action_line(finding.action, lang)}")
    if finding.waiver is not None:
        lines.append(f"waiver: {compact_json(finding.waiver)}")
    return "\n".join(lines)
