"""The language's one operator registry: every operator is both checked and compiled."""

from __future__ import annotations

import pytest

import sales_policy.compile.conditions  # noqa: F401 - attaches each operator's compilation
from sales_policy.policy.conditions import OPERATORS, compiles


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_every_operator_has_its_check_and_its_compilation(name: str) -> None:
    operator = OPERATORS[name]
    assert operator.name == name
    assert operator.check.__doc__, "the check's docstring documents the operator"
    assert operator.compilation is not None, f"`{name}` is checked but never compiled"


def test_an_operator_is_compiled_once() -> None:
    with pytest.raises(ValueError, match="compiled twice"):
        compiles("present")(lambda argument, scope, parameters: None)
