"""An explanation (``sales-policy explain``) as plain text for the terminal, in plain
words: the dates and records that decided it, never an internal name or a Python value."""

from __future__ import annotations

from typing import Any

from sales_policy.engine.explain import Explanation, PartExplanation
from sales_policy.findings import Finding
from sales_policy.report.words import action_line, evidence_text, label, plain_value, status

_WORDS: dict[str, tuple[str, str]] = {
    "for": ("{rule} ({clause}) for {kind} {subject}", "{rule}（{clause}），{kind} {subject}"),
    "as_of": ("as of {as_of}, audit period from {start}", "截至 {as_of}，审计期间自 {start} 起"),
    "not_judged": ("Not judged: {}", "未判定：{}"),
    "for_part": ("For {}:", "{}："),
    "started": ("Started on {} (T).", "起始日 {}（T）。"),
    "due": ("Due by {} (D).", "截止日 {}（D）。"),
    "window": ("Counts if done from {} to {}.", "在 {} 至 {} 之间完成即计入。"),
    "window_open": ("Counts if done on or before {}.", "在 {} 或之前完成即计入。"),
    "candidate": ("{} on {}: {}", "{}（{}）：{}"),
    "no_finding": ("No finding: {}", "无结果：{}"),
    "nothing": ("nothing to judge", "无可判定的内容"),
    "outcome": ("Outcome: {}.", "结论：{}。"),
    "because": ("What decided it:", "依据："),
    "todo": ("To do: {}", "待办：{}"),
    "holds": ("`{}` holds.", "`{}` 成立。"),
    "fails": ("`{}` does not hold.", "`{}` 不成立。"),
}
# What a record that could have done the duty counted as -> its Chinese.
_VERDICTS = {
    "after the as-of date: not yet happened": "晚于截至日期：尚未发生",
    "before the window: does not count": "早于计入期间：不计入",
    "after the deadline": "晚于截止日期",
    "in the window: counts": "在计入期间内：计入",
}


def _say(key: str, lang: str) -> str:
    english, chinese = _WORDS[key]
    return chinese if lang == "zh" else english


def render(explanation: Explanation, lang: str = "en") -> str:
    """The explanation, a line per step."""
    lines = [
        _say("for", lang).format(
            rule=explanation.rule,
            clause=explanation.clause,
            kind=label(explanation.subject_type, lang),
            subject=explanation.subject_id,
        )
        + ("，" if lang == "zh" else ", ")
        + _say("as_of", lang).format(as_of=explanation.as_of, start=explanation.period_start)
    ]
    if explanation.in_scope is not None:
        lines.append("  " + _say("not_judged", lang).format(explanation.in_scope))
        return "\n".join(lines) + "\n"
    for part in explanation.parts:
        indent = "  "
        if part.part:
            lines.append("  " + _say("for_part", lang).format(part.part))
            indent = "    "
        lines += [indent + line for line in _part(part, lang)]
    return "\n".join(lines) + "\n"


def _part(part: PartExplanation, lang: str) -> list[str]:
    lines = [_step(name, value, lang) for name, value in part.steps]
    lines += [
        _say("candidate", lang).format(
            record_id,
            plain_value(day, lang),
            _VERDICTS.get(verdict, verdict) if lang == "zh" else verdict,
        )
        for record_id, day, verdict in part.candidates
    ]
    lines += [
        _say("holds" if held else "fails", lang).format(text) for _, text, held in part.conditions
    ]
    if part.finding is None:
        why = part.why_not or _say("nothing", lang)
        return [*lines, _say("no_finding", lang).format(why)]
    # The dates said above are not said again among the evidence.
    said = {name.split(" ")[0] for name, _ in part.steps}
    skip = {key for key, step in (("trigger", "T"), ("deadline", "D")) if step in said}
    return [*lines, *_finding(part.finding, lang, skip)]


def _verdict(verdict: str, lang: str) -> str:
    return _VERDICTS.get(verdict, verdict) if lang == "zh" else verdict


def _step(name: str, value: Any, lang: str) -> str:
    if name.startswith("T "):
        return _say("started", lang).format(plain_value(value, lang))
    if name.startswith("D "):
        return _say("due", lang).format(plain_value(value, lang))
    if name == "window" and isinstance(value, tuple):
        start, end = value
        if start is None:
            return _say("window_open", lang).format(plain_value(end, lang))
        return _say("window", lang).format(plain_value(start, lang), plain_value(end, lang))
    return f"{name}: {plain_value(value, lang)}"


def _finding(finding: Finding, lang: str, skip: set[str]) -> list[str]:
    lines = [
        _say("outcome", lang).format(status(finding.status, lang)),
        getattr(finding.message, lang),
    ]
    decided = [
        evidence_text(key, value, lang)
        for key, value in finding.evidence.items()
        if key not in skip
    ]
    if decided:
        lines.append(_say("because", lang))
        lines += [f"  - {line}" for line in decided]
    if finding.action is not None:
        lines.append(_say("todo", lang).format(action_line(finding.action, lang)))
    return lines
