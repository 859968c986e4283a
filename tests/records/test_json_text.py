"""``decode_line``, the fast JSON Lines decoder, reads every line exactly as the exact
decoder does: the same values of the same types (decimals from their text), and the
same error where the exact decoder raises one."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sales_policy.records.formats.json_text import DECODER, decode_line


def _typed(value: Any) -> Any:
    """The value with the type of every part, so ``1``, ``1.0`` and ``True`` differ."""
    if isinstance(value, dict):
        return ("dict", [(key, _typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    return (type(value).__name__, repr(value))


def _outcome(decode: Any, line: bytes) -> Any:
    try:
        return _typed(decode(line))
    except (ValueError, RecursionError) as error:
        return type(error).__name__


def _exact(line: bytes) -> Any:
    return DECODER.decode(line.decode("utf-8"))


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.decimals(allow_nan=False, allow_infinity=False).map(float)
    | st.text(max_size=8)
    | st.sampled_from(['":', 'a\\":', "[", "{", " :", "\u2028", "\ud800"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def _lines(draw: st.DrawFn) -> bytes:
    """A JSON object written with one of several spacings, sometimes with a key repeated
    or a number written with a fraction or an exponent."""
    value: dict[str, Any] = draw(st.dictionaries(st.text(max_size=6), _VALUES, max_size=6))
    separators = draw(st.sampled_from([(",", ":"), (", ", ": "), (",", " : "), (",\t", "\t:")]))
    text = json.dumps(value, separators=separators, ensure_ascii=draw(st.booleans()))
    repeat = draw(st.booleans())
    if value and repeat:  # the first key again, with another value
        key = json.dumps(next(iter(value)))
        text = text[:-1] + f"{separators[0]}{key}{separators[1]}{draw(st.integers())}}}"
    if draw(st.booleans()):  # numbers as a writer may put them
        text = (
            text[:-1]
            + draw(st.sampled_from(["", ',"n":1.50', ',"n":1e3', ',"n":-0.0', ',"n":1E+2']))
            + "}"
        )
    return (text + draw(st.sampled_from(["", "\n", "\r\n", "  "]))).encode(
        "utf-8", errors="surrogatepass"
    )


@given(_lines())
@example(b'{"amount": 100.10}')
@example(b'{"a": 1, "a": 2}')
@example(b'{"a" : 1, "a": 2, "b": "x\\":"}')
@example(b'{"a": [1.5]}')
@example(b'{"a": {"b": 1e2}}')
@example(b'{"a": NaN}')
@example(b'{"a": 123456789012345678901234567890}')
def test_a_line_reads_as_the_exact_decoder_reads_it(line: bytes) -> None:
    assert _outcome(decode_line, line) == _outcome(_exact, line)


@given(st.binary(max_size=40))
@example(b"\xff{}")
@example(b'{"a": "\xed\xa0\x80"}')
def test_any_bytes_read_as_the_exact_decoder_reads_them(line: bytes) -> None:
    assert _outcome(decode_line, line) == _outcome(_exact, line)


@pytest.mark.parametrize(
    ("line", "amount"),
    [
        (b'{"amount": 100.10}', "100.10"),
        (b'{"amount": 1e-7}', "1E-7"),
        (b'{"amount": "0.1"}', "0.1"),
    ],
)
def test_fractions_keep_their_text(line: bytes, amount: str) -> None:
    assert str(decode_line(line)["amount"]) == amount
