"""The small expression grammar of policy files, parsed (never run by Python).

::

    expression := term (("+" | "-") term)*
    term       := (integer | reference) [unit]
    unit       := "working_days" | "calendar_days"
    reference  := name ["(" name ")"] ("." name)* ["[" reference "]"]

``due_on + notice_days`` is a date and a number of days; ``first(delivered)`` a built-in
with its argument; ``discount_limits[owner.role]`` a map parameter looked up by a value;
``trigger + 5 working_days`` counts working days on the policy's calendar, whatever the
policy's day basis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = ("working_days", "calendar_days")
"""How a number of days added to a date may say what it counts, overriding the day basis."""

_TOKEN = re.compile(r"\s*(?:(?P<int>\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+.()\[\]]))")


class ExpressionError(ValueError):
    """A syntax error, with the 1-based column in the expression's text."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True, slots=True)
class Reference:
    """``name(argument).field.field[key]``."""

    names: tuple[str, ...]
    argument: str | None = None
    key: Reference | None = None
    unit: str | None = None
    """``working_days`` or ``calendar_days`` when the term says what it counts."""

    def __str__(self) -> str:
        head = self.names[0] + (f"({self.argument})" if self.argument else "")
        text = ".".join((head, *self.names[1:]))
        return text + (f"[{self.key}]" if self.key else "") + (f" {self.unit}" if self.unit else "")


@dataclass(frozen=True, slots=True)
class Number:
    value: int
    unit: str | None = None

    def __str__(self) -> str:
        return str(self.value) + (f" {self.unit}" if self.unit else "")


Term = Reference | Number


@dataclass(frozen=True, slots=True)
class Expression:
    """Terms with their signs (+1 or -1), in order."""

    terms: tuple[tuple[int, Term], ...]

    def __str__(self) -> str:
        text = ""
        for sign, term in self.terms:
            text += (" - " if sign < 0 else " + ") if text else ("-" if sign < 0 else "")
            text += str(term)
        return text


def parse(text: str) -> Expression:
    """Parse ``text``; raises ``ExpressionError`` with the column of the first problem."""
    tokens = _tokens(text)
    parser = _Parser(tokens, len(text))
    expression = parser.expression()
    if parser.index < len(tokens):
        _, value, column = tokens[parser.index]
        raise ExpressionError(column, f"unexpected `{value}`")
    return expression


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    index = 0
    while index < len(text):
        if text[index:].strip() == "":
            break
        match = _TOKEN.match(text, index)
        if match is None or match.lastgroup is None:
            column = index + len(text[index:]) - len(text[index:].lstrip()) + 1
            raise ExpressionError(column, f"unexpected `{text[column - 1]}`")
        kind = match.lastgroup
        tokens.append((kind, match[kind], match.start(kind) + 1))
        index = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]], length: int) -> None:
        self.tokens, self.index, self.length = tokens, 0, length

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            wanted = (
                f"`{value}`" if value else {"name": "a name", "int": "a number"}.get(kind, kind)
            )
            column = token[2] if token else self.length + 1
            found = f"`{token[1]}`" if token else "the end"
            raise ExpressionError(column, f"expected {wanted}, found {found}")
        self.index += 1
        return token

    def expression(self) -> Expression:
        terms: list[tuple[int, Term]] = []
        sign = 1
        token = self.peek()
        if token is not None and token[1] == "-":
            self.index += 1
            sign = -1
        while True:
            terms.append((sign, self.term()))
            token = self.peek()
            if token is None or token[1] not in "+-" or token[0] != "op":
                return Expression(tuple(terms))
            self.index += 1
            sign = 1 if token[1] == "+" else -1

    def term(self) -> Term:
        token = self.peek()
        if token is not None and token[0] == "int":
            self.index += 1
            return Number(int(token[1]), self.unit())
        reference = self.reference()
        unit = self.unit()
        return Reference(reference.names, reference.argument, reference.key, unit)

    def unit(self) -> str | None:
        token = self.peek()
        if token is not None and token[0] == "name" and token[1] in UNITS:
            self.index += 1
            return token[1]
        return None

    def reference(self) -> Reference:
        names = [self.take("name")[1]]
        argument = None
        token = self.peek()
        if token is not None and token[1] == "(":
            self.index += 1
            argument = self.take("name")[1]
            self.take("op", ")")
        while (token := self.peek()) is not None and token[1] == ".":
            self.index += 1
            names.append(self.take("name")[1])
        key = None
        if (token := self.peek()) is not None and token[1] == "[":
            self.index += 1
            key = self.reference()
            self.take("op", "]")
        return Reference(tuple(names), argument, key)
