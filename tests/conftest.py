"""Hypothesis settings profiles for the whole suite.

``default`` keeps property tests bounded, so ``make test`` stays quick (the laws in
``tests/laws`` take a few seconds each); ``HYPOTHESIS_PROFILE=ci-long`` runs many more
examples, for a nightly job::

    HYPOTHESIS_PROFILE=ci-long python -m pytest tests/laws
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=50, print_blob=True)
settings.register_profile(
    "ci-long",
    max_examples=2_000,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
