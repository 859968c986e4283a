"""Name resolution and typing of expressions inside a rule: what ``due_on`` or
``discount_limits[owner.role]`` means where it is written, and of which type."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sales_policy.errors import with_suggestion
from sales_policy.policy import vocabulary
from sales_policy.policy.expressions import Expression, ExpressionError, Number, Reference, parse

NUMBERS = frozenset({"days", "integer", "decimal", "percent"})

Report = Callable[[str, str], None]
"""``report(code, message)``: records a problem at the place being checked."""


@dataclass(frozen=True, slots=True)
class Scope:
    """What names mean at one place in a rule.

    ``record`` is the type of the record the place is about; ``names`` the local
    names (``trigger``, ``deadline``, ``period``, a loop variable, ``subject``...);
    ``parameters`` the policy's parameters and ``item_fields`` the fields of list
    parameters' items (``rung.after_days``).
    """

    record: str
    parameters: Mapping[str, str]
    item_fields: Mapping[str, Mapping[str, str]]
    names: Mapping[str, str] = field(default_factory=dict)

    def inner(self, record: str, **names: str) -> Scope:
        """A scope about another record (an activity that completes a duty), keeping locals."""
        return Scope(record, self.parameters, self.item_fields, {**self.names, **names})

    def with_names(self, **names: str) -> Scope:
        return Scope(self.record, self.parameters, self.item_fields, {**self.names, **names})

    def members(self, type_name: str) -> dict[str, str]:
        """The names reachable with a dot from a value of ``type_name``."""
        if type_name in self.item_fields:
            return dict(self.item_fields[type_name])
        if type_name == "period":
            return {"start": "date", "end": "date", "label": "text"}
        return {name: f.type for name, f in vocabulary.fields(type_name).items()}

    def visible(self) -> dict[str, str]:
        """Every bare name here, with its type: locals, then record fields, then parameters."""
        return {**self.parameters, **self.members(self.record), **self.names}

    def resolve(self, reference: Reference, report: Report) -> str | None:
        """The type of ``reference``, or None after reporting why it has none."""
        if reference.argument is not None:
            return self._call(reference, report)
        head, *rest = reference.names
        visible = self.visible()
        if head not in visible:
            report("unknown-name", with_suggestion(f"unknown name `{head}`", head, visible))
            return None
        current = visible[head]
        for name in rest:
            members = self.members(current)
            if name not in members:
                message = f"`{current}` has no field `{name}`"
                report("unknown-field", with_suggestion(message, name, members))
                return None
            current = members[name]
        if reference.key is None:
            return current
        if not current.startswith("map["):
            report("type-mismatch", f"`{reference.names[-1]}` is {current}, not a map to look up")
            return None
        key_type, value_type = current[4:-1].split(",")
        found = self.resolve(reference.key, report)
        if found is not None and found != key_type:
            report(
                "type-mismatch", f"`{reference.key}` is {found}, but the map's keys are {key_type}"
            )
        return value_type

    def _call(self, reference: Reference, report: Report) -> str | None:
        name, argument = reference.names[0], reference.argument
        if name not in vocabulary.FUNCTIONS:
            report(
                "unknown-name",
                with_suggestion(f"unknown built-in `{name}()`", name, vocabulary.FUNCTIONS),
            )
            return None
        argument_type, result, _ = vocabulary.FUNCTIONS[name]
        if len(reference.names) > 1 or reference.key is not None:
            report("type-mismatch", f"`{name}({argument})` is a {result}; it has no fields")
            return None
        if argument_type == "month_day":
            if self.parameters.get(str(argument)) != "month_day":
                report("type-mismatch", f"`{name}()` takes a month_day parameter, not `{argument}`")
                return None
            if "period" not in self.names:
                report("unknown-name", f"`{name}()` needs a `period`: use it with `periods`")
                return None
            return result
        if vocabulary.base(self.record) not in ("customer", "contract", "receivable"):
            report(
                "type-mismatch",
                f"`{name}()` reads activities about a customer, contract "
                f"or receivable, not a {self.record}",
            )
            return None
        enum = vocabulary.ENUMS[argument_type]
        if argument not in {member.value for member in enum}:
            message = f"unknown {argument_type.replace('_', ' ')} `{argument}`"
            report(
                "unknown-value", with_suggestion(message, str(argument), (m.value for m in enum))
            )
            return None
        return result

    def expression(self, text: object, report: Report) -> tuple[Expression | None, str | None]:
        """Parse and type an expression: a date plus or minus days, or one value."""
        if isinstance(text, bool) or not isinstance(text, str | int):
            report("wrong-type", f"expected an expression, found `{text}`")
            return None, None
        try:
            expression = parse(str(text))
        except ExpressionError as error:
            report("syntax-error", f"in `{text}` at column {error.column}: {error}")
            return None, None
        types: list[tuple[int, str]] = []
        for sign, term in expression.terms:
            kind = "integer" if isinstance(term, Number) else self.resolve(term, report)
            if kind is None:
                return expression, None
            if term.unit is not None and kind not in ("days", "integer"):
                report("type-mismatch", f"`{term}`: {kind} is not a number of days")
                return expression, None
            types.append((sign, kind))
        counted = [str(term) for _, term in expression.terms if term.unit is not None]
        if len(types) == 1 and types[0][0] > 0 and not counted:
            return expression, types[0][1]
        dates = [sign for sign, kind in types if kind == "date"]
        others = [kind for _, kind in types if kind != "date"]
        if bad := [kind for kind in others if kind not in ("days", "integer")]:
            report("type-mismatch", f"`{text}` adds {bad[0]} to a date or days; only days add up")
            return expression, None
        if not dates and counted:
            report(
                "type-mismatch",
                f"`{counted[0]}` says how days count from a date: add it to one "
                f"(`trigger + {counted[0]}`)",
            )
            return expression, None
        if not dates:
            return expression, "days"
        if dates != [1]:
            report("type-mismatch", f"`{text}` must be one date plus or minus days")
            return expression, None
        return expression, "date"
