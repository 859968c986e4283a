"""The policy language's structure, as frozen pydantic models that refuse unknown keys.

This is what a policy file may say; ``validate`` then checks what it means (names,
types, clauses) against the record models. The JSON Schema in ``schemas/policy*.json``
is generated from these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

Expression = Annotated[str, Field(min_length=1)]
"""A date expression (``due_on + notice_days``) or a value (``discount_limits[owner.role]``);
the grammar is in ``docs/policy-language.md``."""

Condition = Annotated[dict[str, Any], Field(min_length=1, max_length=1)]
"""One test, a mapping with a single operator key (``present: [...]``); see ``conditions``."""


class Text(BaseModel):
    """Wording in Chinese and English; ``{placeholders}`` are filled from the finding."""

    model_config = _STRICT
    zh: str
    en: str


class Parameter(BaseModel):
    """A typed, documented parameter with its default; an overlay may change the value."""

    model_config = _STRICT
    type: str = Field(
        description="days, integer, decimal, percent, text, month_day, "
        "period_kind, role, grade, department, activity_type, list or map"
    )
    items: str | dict[str, str] | None = Field(
        default=None, description="For a list: the type of its items, or of their fields."
    )
    keys: str | None = Field(default=None, description="For a map: the type of its keys.")
    values: str | None = Field(default=None, description="For a map: the type of its values.")
    default_key: str | None = Field(
        default=None, description="For a map: the key used when the record has none."
    )
    default: Any
    description: str


class Owner(BaseModel):
    """Who is accountable, or who must act. With none of the fields: the record's owner."""

    model_config = _STRICT
    staff: str | None = Field(
        default=None, description="A path to a staff member (`owner.supervisor`)."
    )
    first_up: str | None = Field(
        default=None,
        description="The first of this role up the supervisor chain, starting at `staff`.",
    )
    role: str | None = Field(
        default=None, description="With no `staff`: a role, no particular person."
    )


class Action(BaseModel):
    """What someone must do now, and what becomes of it once the deadline has passed."""

    model_config = _STRICT
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    text: Text
    owner: Owner | None = None
    when_late: Literal["keep", "drop", "drop_if_paid"] = Field(
        default="keep",
        description="keep: a violation still carries the action; drop: doing it late no longer "
        "helps; drop_if_paid: dropped once the receivable is paid by the as-of date.",
    )


class Done(BaseModel):
    """What completes a duty; exactly one of ``activity``, ``record``, ``field``,
    ``complete`` or ``never``."""

    model_config = _STRICT
    activity: str | Annotated[list[str], Field(min_length=1)] | None = Field(
        default=None,
        description="An activity type, a loop value, or a list of types any one of which does.",
    )
    about: Literal["customer", "contract", "receivable"] | None = Field(
        default=None, description="What the activity must be about; default: the subject."
    )
    where: list[Condition] = Field(
        default_factory=list, description="Tests on the completing activity or record."
    )
    covers: Covers | None = None
    record: Literal["market_report", "sales_plan", "training_plan"] | None = None
    match: dict[str, Expression] = Field(
        default_factory=dict, description="For `record`: field -> value it must have."
    )
    date: str | None = Field(default=None, description="For `record`: the field dating it.")
    field: str | None = Field(default=None, description="A date field of the subject.")
    complete: list[Condition] | None = Field(
        default=None,
        description="Tests that hold as of the as-of date; without history this counts as in time.",
    )
    never: bool = Field(default=False, description="No record can show it done.")

    @property
    def activities(self) -> tuple[str, ...]:
        """The completing activity types (or the loop value), one or several."""
        if self.activity is None:
            return ()
        return (self.activity,) if isinstance(self.activity, str) else tuple(self.activity)

    @model_validator(mode="after")
    def _exactly_one(self) -> Done:
        given = [self.activity, self.record, self.field, self.complete, self.never or None]
        if sum(x is not None for x in given) != 1:
            raise ValueError(
                "give exactly one of `activity`, `record`, `field`, `complete`, `never`"
            )
        return self


class Covers(BaseModel):
    """Activities together cover every value of a list parameter (handover departments)."""

    model_config = _STRICT
    field: str
    all_of: str


class Window(BaseModel):
    """Dates in which doing the duty counts; ``from: null`` means any date up to ``to``."""

    model_config = _STRICT
    from_: Expression | None = Field(default="trigger", alias="from")
    to: Expression = "deadline"


class Duty(BaseModel):
    """Something owed by a deadline: trigger ``T``, deadline ``D``, window, completion."""

    model_config = _STRICT
    trigger: Expression
    deadline: Expression
    window: Window = Window()
    owed_if: list[Condition] = Field(default_factory=list)
    not_owed_if: list[Condition] = Field(default_factory=list)
    done: Done
    overdue: Literal["violation", "action_required"] = Field(
        default="violation",
        description="What a missed deadline is: `action_required` where lateness is no breach.",
    )


class Cycle(BaseModel):
    """A duty that repeats: each completion starts the next cycle (revisits)."""

    model_config = _STRICT
    starts_on: Expression
    restarts_on: Done
    length: Expression
    notice: Expression


class Check(BaseModel):
    """A test of one record with no deadline, judged when its ``date`` is in the period."""

    model_config = _STRICT
    date: Expression
    when: list[Condition] = Field(
        default_factory=list, description="The check applies only where these hold."
    )
    require: list[Condition] = Field(min_length=1)


class ForEach(BaseModel):
    """The same duty for each element of a list parameter; ``part`` names the finding."""

    model_config = _STRICT
    parameter: str
    as_: Annotated[str, Field(alias="as", pattern=r"^[a-z][a-z_]*$")]
    part: Expression


class Periods(BaseModel):
    """The same duty for each calendar period; the period label is the finding's part."""

    model_config = _STRICT
    every: str = Field(description="month, quarter, year, or a period_kind parameter.")
    employed: Literal["first_day", "whole_period"] | None = Field(
        default=None, description="Only periods the staff member was employed for so."
    )


Subject = Literal["staff", "customer", "contract", "receivable", "activity", "training_year"]


class Messages(BaseModel):
    """A finding's wording for the statuses other than a violation (``message``): a duty
    still open, and a pass, which must never read as a breach."""

    model_config = _STRICT
    action_required: Text | None = Field(
        default=None, description="A duty still open (by default, the rule's `message`)."
    )
    pass_: Text | None = Field(default=None, alias="pass", description="The rule complied with.")


class Rule(BaseModel):
    """One rule: what it checks, why (clauses), how bad a breach is, and what to do."""

    model_config = _STRICT
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")]
    clause: str
    severity: Literal["low", "medium", "high", "critical"]
    title: Text
    subject: Subject
    activity: str | None = Field(default=None, description="With subject `activity`: its type.")
    where: list[Condition] = Field(default_factory=list)
    for_each: ForEach | None = None
    periods: Periods | None = None
    check: Check | None = None
    duty: Duty | None = None
    cycle: Cycle | None = None
    owner: Owner | None = None
    message: Text
    messages: Messages = Field(default_factory=Messages)
    action: Action | None = None
    extension: bool = Field(
        default=False, description="A company rule the regulation refers to but does not state."
    )

    @model_validator(mode="after")
    def _one_shape(self) -> Rule:
        shapes = [name for name in ("check", "duty", "cycle") if getattr(self, name) is not None]
        if len(shapes) != 1:
            raise ValueError("a rule has exactly one of `check`, `duty` or `cycle`")
        if (self.for_each or self.periods) and self.duty is None:
            raise ValueError("`for_each` and `periods` go with a `duty`")
        return self


class RuleFile(BaseModel):
    """A file of rules, one per area of the regulation."""

    model_config = _STRICT
    rules: list[Rule]


class Manifest(BaseModel):
    """A policy pack's ``policy.yaml``: identity, version, calendar and parameters."""

    model_config = _STRICT
    policy: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    effective_from: dt.date
    title: Text
    time_zone: str = "Asia/Shanghai"
    day_basis: Literal["calendar", "working"] = "calendar"
    calendar: str = Field(default="CN", description="`CN`, or a path to a calendar file.")
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    rule_files: list[str] = Field(min_length=1)


class Waiver(BaseModel):
    """An accepted finding: the rule and subject it covers, why, and until when. A waived
    finding has status ``waived`` and no action; once expired it counts again."""

    model_config = _STRICT
    rule: str
    subject: Annotated[
        str,
        Field(
            pattern=r"^(staff|customer|contract|receivable|activity|training_year)/.+$",
            description="`type/id`, e.g. `receivable/RV-12`.",
        ),
    ]
    part: str | None = Field(default=None, description="Only this part; none: every part.")
    reason: Annotated[str, Field(min_length=1)]
    expires_on: dt.date | None = Field(
        default=None, description="The last day the waiver holds; none: until withdrawn."
    )


class Overlay(BaseModel):
    """A company's changes to a pack, without copying it."""

    model_config = _STRICT
    overlay: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    extends: str = Field(description="The pack's id, optionally `@version`.")
    declare: dict[str, Parameter] = Field(
        default_factory=dict,
        description="Parameters of the overlay's own, declared as a pack declares them.",
    )
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="New values of declared parameters."
    )
    severities: dict[str, Literal["low", "medium", "high", "critical"]] = Field(
        default_factory=dict
    )
    disable: dict[str, Annotated[str, Field(min_length=1)]] = Field(
        default_factory=dict, description="Rule id -> the reason it is disabled."
    )
    rules: list[Rule] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)
