"""Hypothesis settings profiles for the whole suite, and no skipping in CI.

``default`` keeps property tests bounded, so ``make test`` stays quick (the laws in
``tests/laws`` take a few seconds each); ``HYPOTHESIS_PROFILE=ci-long`` runs many more
examples, for a nightly job::

    HYPOTHESIS_PROFILE=ci-long python -m pytest tests/laws
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]

settings.register_profile("default", max_examples=50, print_blob=True)
settings.register_profile(
    "ci-long",
    max_examples=2_000,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport() -> Iterator[None]:
    """In CI (``CI=true``) a skipped test fails the run, saying what was missing: a test
    that needs Chromium or durable_rules must run there. Elsewhere it skips, saying why.
    A test that is not applicable on this Python (durable_rules on 3.13 and later) skips
    everywhere, and says so."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and not hasattr(report, "wasxfail") and _in_ci():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        reason = str(reason).removeprefix("Skipped: ")
        if reason.startswith("not applicable on Python"):
            return
        report.outcome = "failed"
        report.longrepr = f"CI=true, so this test may not skip: {reason}"
