"""An explanation (``sales-policy explain``) as plain text for the terminal."""

from __future__ import annotations

from sales_policy.engine.explain import Explanation
from sales_policy.report.words import action_line


def render(explanation: Explanation, lang: str = "en") -> str:
    """The explanation, a line per step."""
    head = (
        f"{explanation.rule} ({explanation.clause}) for {explanation.subject_type} "
        f"{explanation.subject_id}, as of {explanation.as_of} "
        f"(period from {explanation.period_start})"
    )
    lines = [head]
    if explanation.in_scope is not None:
        lines.append(f"  not judged: {explanation.in_scope}")
        return "\n".join(lines) + "\n"
    for part in explanation.parts:
        lines.append(f"  part {part.part}" if part.part else "  ---")
        lines += [f"    {label}: {value}" for label, value in part.steps]
        for record_id, day, verdict in part.candidates:
            lines.append(f"    {record_id} on {day}: {verdict}")
        for group, text, held in part.conditions:
            lines.append(f"    {group} `{text}`: {'holds' if held else 'fails'}")
        finding = part.finding
        if finding is None:
            lines.append(f"    no finding: {part.why_not or 'nothing to judge'}")
            continue
        lines.append(f"    status: {finding.status}")
        lines.append(f"    {getattr(finding.message, lang)}")
        for key, value in finding.evidence.items():
            lines.append(f"      {key}: {value}")
        if finding.action is not None:
            lines.append(f"    → {action_line(finding.action, lang)}")
    return "\n".join(lines) + "\n"
