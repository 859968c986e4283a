"""Every rule of the pack has its own wording for each status it can have, in both
languages: a breach, a duty still open (duties and cycles), and a pass. A pass is never
worded as the breach it avoided."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sales_policy import Engine, load_policy
from sales_policy.policy import Rule
from sales_policy.records import load_records

from .conftest import PACK, ROOT

POLICY = load_policy(PACK)
RULES = sorted(POLICY.rules, key=lambda rule: rule.id)


def _statuses(rule: Rule) -> list[str]:
    """The statuses a rule can give besides `violation` (and `waived`, which is worded as
    what was waived)."""
    return ["pass", "action_required"] if rule.check is None else ["pass"]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_each_status_has_its_own_wording_in_both_languages(rule: Rule) -> None:
    for status in _statuses(rule):
        text = rule.messages.pass_ if status == "pass" else rule.messages.action_required
        assert text is not None, f"{rule.id} has no `messages.{status}`"
        for language in ("zh", "en"):
            wording = getattr(text, language)
            assert wording.strip(), f"{rule.id}: empty `messages.{status}.{language}`"
            assert wording != getattr(rule.message, language)


def test_checks_are_never_open() -> None:
    # A check is met or not when judged: it has no open status to word.
    assert all(rule.messages.action_required is None for rule in RULES if rule.check)


def _fixed_words(template: str) -> list[str]:
    """The template's words outside its placeholders."""
    return [w for w in re.split(r"\{[a-z_]+\}", template) if w.strip()]


def test_every_status_of_the_example_company_is_worded_for_that_status() -> None:
    records = load_records([ROOT / "examples" / "company"])
    result = Engine(POLICY).audit(records, as_of=dt.date(2026, 11, 26), include_pass=True)
    rules = {rule.id: rule for rule in RULES}
    seen = set()
    for finding in result.findings:
        rule = rules[finding.rule]
        template = {
            "pass": rule.messages.pass_,
            "action_required": rule.messages.action_required,
        }.get(finding.status) or rule.message
        for language in ("zh", "en"):
            shown = getattr(finding.message, language)
            for words in _fixed_words(getattr(template, language)):
                assert words in shown, (finding.rule, finding.status, shown)
        seen.add(finding.status)
    assert seen >= {"pass", "violation", "action_required"}
