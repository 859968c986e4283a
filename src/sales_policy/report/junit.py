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
from sales_policy.report.words import action_line, evidence_text, label, waiver_text, who

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(result: AuditResult, lang: str = "en") -> str:
    policy = result.policy
    name = f"{policy['id']}@{policy['version']}"
    kind = (("审计", "追溯审计") if lang == "zh" else ("audit", "retroactive audit"))[
        result.retroactive
    ]
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
        shown = label(finding.status, lang)
        outcome = ET.SubElement(case, "skipped", {"message": _clean(f"{shown}: {message}")})
    outcome.text = _clean(_details(finding, lang))


def _details(finding: Finding, lang: str) -> str:
    colon = "：" if lang == "zh" else ": "
    subject = f"{label(finding.subject.type, lang)} {finding.subject.id}"
    part = f" {finding.part}" if finding.part else ""
    lines = [
        f"{subject}{part}{colon}{label(finding.status, lang)}",
        f"{label('clause', lang)}{colon}{finding.clause}",
        f"{label('severity', lang)}{colon}{label(finding.severity, lang)}",
        f"{label('owner', lang)}{colon}{who(finding.owner, lang)}",
        f"{label('evidence', lang)}{colon}"
        + ("；" if lang == "zh" else "; ").join(
            evidence_text(key, value, lang) for key, value in finding.evidence.items()
        ),
    ]
    if finding.action is not None:
        lines.append(f"{label('action', lang)}{colon}{action_line(finding.action, lang)}")
    if finding.waiver is not None:
        lines.append(waiver_text(finding.waiver, lang))
    return "\n".join(lines)
