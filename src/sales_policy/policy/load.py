"""Loading a policy pack and its overlays into one checked ``Policy``, or refusing it
with every problem listed; and picking a pack by ``id@version`` or by date.

``load_policy`` reads the manifest, then runs named stages in order (``STAGES``):

1. ``place`` — the time zone and the calendar the pack names exist.
2. ``rule files`` — the rules of each file the manifest lists, each rule on its own.
3. ``parameters`` — the declarations and their defaults, which give every later stage
   the parameters' types.
4. ``overlays`` — each overlay applied in the order given: its own parameters, values, severities,
   disabled and added rules, waivers. Before the rules are checked, as it changes what they read.
5. ``rules`` — every rule checked once, against the values in force.

Each stage adds its problems and the next still runs: a refused policy lists them all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import pendulum
import yaml
from pydantic import BaseModel, ValidationError

from sales_policy.calendars import calendar_for
from sales_policy.errors import Location, Problem, ProblemsError, with_suggestion
from sales_policy.policy.model import Manifest, Overlay, Parameter, Rule, RuleFile, Text, Waiver
from sales_policy.policy.parameters import check_value
from sales_policy.policy.place import Place
from sales_policy.policy.validate import ParameterTypes, check_parameters, check_rule
from sales_policy.records.formats.yaml_positions import Positions, read_yaml
from sales_policy.records.values import DEFAULT_TIME_ZONE, check_time_zone

MANIFEST = "policy.yaml"


class PolicyError(ProblemsError):
    """A policy refused as a whole; ``problems`` lists every reason, by location."""


@dataclass(frozen=True, slots=True)
class AppliedWaiver:
    """A waiver and the overlay that grants it."""

    waiver: Waiver
    overlay: str


@dataclass(frozen=True, slots=True)
class OverlayIdentity:
    """An overlay applied to a policy: its id, and the digest of its file's content."""

    id: str
    sha256: str


@dataclass(frozen=True)
class Policy:
    """A checked policy: a pack's version with its overlays applied."""

    id: str
    version: str
    effective_from: dt.date
    title: Text
    time_zone: str
    day_basis: str
    calendar: str
    parameters: Mapping[str, Any]
    declarations: Mapping[str, Parameter]
    parameter_types: Mapping[str, str]
    rules: tuple[Rule, ...]
    disabled: Mapping[str, str]
    sha256: str
    overlays: tuple[OverlayIdentity, ...]
    path: Path
    severities: Mapping[str, str] = field(default_factory=dict)
    waivers: tuple[AppliedWaiver, ...] = ()

    @property
    def identity(self) -> dict[str, Any]:
        """The audit result's ``policy`` section."""
        return {
            "id": self.id,
            "version": self.version,
            "sha256": self.sha256,
            "overlays": [{"id": o.id, "sha256": o.sha256} for o in self.overlays],
        }

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)


@dataclass
class _Loaded:
    model: BaseModel
    positions: Positions
    sha256: str


@dataclass
class _Loading:
    """What the stages of ``load_policy`` build, from the pack's manifest on."""

    name: str
    folder: Path
    manifest: _Loaded
    pack: Manifest
    overlay_paths: Sequence[Path]
    problems: list[Problem]
    digest: Any
    rules: list[tuple[Rule, Place]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    declarations: dict[str, Parameter] = field(default_factory=dict)
    types: ParameterTypes = field(default_factory=ParameterTypes)
    severities: dict[str, str] = field(default_factory=dict)
    disabled: dict[str, str] = field(default_factory=dict)
    waivers: list[AppliedWaiver] = field(default_factory=list)
    overlays: list[OverlayIdentity] = field(default_factory=list)

    def place(self, *path: Any) -> Place:
        return Place(self.manifest.positions, path, self.problems)


def load_policy(
    path: str | os.PathLike[str],
    overlays: Sequence[str | os.PathLike[str]] = (),
    *,
    as_of: dt.date | None = None,
) -> Policy:
    """Load the pack at ``path`` (its folder or its ``policy.yaml``) with ``overlays``; or
    a shipped pack by ``ID@VERSION``, or by ``ID``: the version in force on ``as_of``
    (by default today), as the command line's ``--policy`` does.

    Raises ``PolicyError`` listing every problem when anything is wrong.
    """
    if isinstance(path, str) and _PACK_ID.fullmatch(path) and not Path(path).exists():
        day = as_of or pendulum.today(DEFAULT_TIME_ZONE).date()
        path = find_policy(path, as_of=day, roots=[shipped_packs()])
    loading = _manifest(Path(path), [Path(p) for p in overlays], str(path))
    for _, stage in STAGES:
        stage(loading)
    if loading.problems:
        raise PolicyError(f"policy {path}", loading.problems)
    return _policy(loading)


def _manifest(path: Path, overlays: Sequence[Path], name: str) -> _Loading:
    """The first stage, before the others: without a manifest nothing else can be read."""
    manifest_path = path if path.is_file() else path / MANIFEST
    problems: list[Problem] = []
    manifest = _read(manifest_path, Manifest, problems)
    if manifest is None:
        raise PolicyError(f"policy {name}", problems)
    return _Loading(
        name,
        manifest_path.parent,
        manifest,
        typing.cast(Manifest, manifest.model),
        overlays,
        problems,
        hashlib.sha256(manifest_path.read_bytes()),
    )


def _place(loading: _Loading) -> None:
    """The time zone exists, and a calendar file (when not ``CN``) is there and readable."""
    pack = loading.pack
    try:
        check_time_zone(pack.time_zone)
    except ValueError as error:
        loading.place("time_zone").report("unknown-time-zone", str(error))
    if pack.calendar != "CN":
        outside = outside_folder(loading.folder, pack.calendar)
        if outside is not None:
            loading.place("calendar").report("path-outside-pack", f"calendar {outside}")
            return
        try:
            calendar_for(pack.calendar, loading.folder)
        except (OSError, ValueError, yaml.YAMLError) as error:
            loading.place("calendar").report(
                "unreadable-file", f"calendar `{pack.calendar}`: {error}"
            )


def _rule_files(loading: _Loading) -> None:
    """Each rule file beside the manifest, in the manifest's order (the pack's digest
    covers their names and bytes)."""
    for index, name in enumerate(loading.pack.rule_files):
        rule_path = loading.folder / name
        outside = outside_folder(loading.folder, name)
        if outside is not None:
            loading.place("rule_files", index).report("path-outside-pack", f"rule file {outside}")
            continue
        if not rule_path.is_file():
            loading.place("rule_files", index).report(
                "unreadable-file", f"no rule file `{name}` beside the manifest"
            )
            continue
        loading.digest.update(name.encode() + b"\0" + rule_path.read_bytes())
        loading.rules += _read_rules(rule_path, loading.problems)


def outside_folder(folder: Path, name: str) -> str | None:
    """Why the file ``name`` that a pack names is not inside the pack's ``folder``, or None
    when it is. Checked on the names alone (links followed, nothing opened): a pack from
    another team or a vendor must not make the tool read the machine's other files."""
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor:
        return f"`{name}` is an absolute path: name it relative to the pack's folder"
    target = folder / name
    if not Path(os.path.normpath(target)).is_relative_to(os.path.normpath(folder)):
        return f"`{name}` leaves the pack's folder (`..`): keep the pack's files inside it"
    if not target.resolve().is_relative_to(folder.resolve()):
        return f"`{name}` is a link to a file outside the pack's folder"
    return None


def _parameters(loading: _Loading) -> None:
    """The declared parameters and their defaults: the types overlays and rules are
    checked against."""
    declared = loading.pack.parameters
    loading.declarations = dict(declared)
    loading.values = {name: spec.default for name, spec in declared.items()}
    loading.types = check_parameters(declared, loading.values, loading.place("parameters"))


def _overlays(loading: _Loading) -> None:
    """Each overlay in the order given: a later one overrides an earlier one. Before the
    rules are checked, since an overlay changes parameter values and adds rules."""
    for overlay_path in loading.overlay_paths:
        loaded = _read(overlay_path, Overlay, loading.problems)
        if loaded is None:
            continue
        overlay = typing.cast(Overlay, loaded.model)
        loading.overlays.append(OverlayIdentity(overlay.overlay, loaded.sha256))
        _apply(overlay, loading, Place(loaded.positions, (), loading.problems))
        loading.waivers += [AppliedWaiver(w, overlay.overlay) for w in overlay.waivers]


def _check_rules(loading: _Loading) -> None:
    """Every rule, the pack's and the overlays', once: ids unique, and each checked
    against the parameter values in force."""
    seen: dict[str, Place] = {}
    for rule, place in loading.rules:
        if rule.id in seen:
            first = seen[rule.id]
            place.child("id").report(
                "duplicate-rule",
                f"rule `{rule.id}` is already defined at {first.positions.of(first.path)}",
            )
        seen.setdefault(rule.id, place)
        check_rule(rule, loading.types, loading.values, place)


STAGES: tuple[tuple[str, Callable[[_Loading], None]], ...] = (
    ("place", _place),
    ("rule files", _rule_files),
    ("parameters", _parameters),
    ("overlays", _overlays),
    ("rules", _check_rules),
)
"""After the manifest, in order; each collects its problems and the next carries on, so a
refused policy lists everything wrong with it."""


def _policy(loading: _Loading) -> Policy:
    """The checked policy: enabled rules only, each with its overlaid severity."""
    pack = loading.pack
    enabled = tuple(
        rule.model_copy(update={"severity": loading.severities.get(rule.id, rule.severity)})
        for rule, _ in loading.rules
        if rule.id not in loading.disabled
    )
    return Policy(
        id=pack.policy,
        version=pack.version,
        effective_from=pack.effective_from,
        title=pack.title,
        time_zone=pack.time_zone,
        day_basis=pack.day_basis,
        calendar=pack.calendar,
        parameters=loading.values,
        declarations=loading.declarations,
        parameter_types=loading.types.types,
        rules=enabled,
        disabled=loading.disabled,
        sha256=loading.digest.hexdigest(),
        overlays=tuple(loading.overlays),
        path=loading.folder,
        severities=loading.severities,
        waivers=tuple(loading.waivers),
    )


def _apply(overlay: Overlay, loading: _Loading, place: Place) -> None:
    pack, types, values, rules = loading.pack, loading.types, loading.values, loading.rules
    declarations = loading.declarations
    target, _, version = overlay.extends.partition("@")
    if target != pack.policy or (version and version != pack.version):
        place.child("extends").report(
            "wrong-policy",
            f"this overlay extends `{overlay.extends}`, not `{pack.policy}@{pack.version}`",
        )
    _declare(overlay.declare, declarations, types, values, place.child("declare"))
    for name, value in overlay.parameters.items():
        if name not in declarations:
            place.child("parameters", name).report(
                "unknown-name",
                with_suggestion(f"unknown parameter `{name}`", name, declarations),
            )
        elif name in types.types:
            check_value(types.types[name], value, types.items, place.child("parameters", name))
            values[name] = value
    rule_ids = [rule.id for rule, _ in rules]
    for key, changes in (("severities", overlay.severities), ("disable", overlay.disable)):
        for rule_id in changes:
            if rule_id not in rule_ids:
                place.child(key, rule_id).report(
                    "unknown-rule",
                    with_suggestion(f"no rule `{rule_id}` in `{pack.policy}`", rule_id, rule_ids),
                )
    loading.severities.update(overlay.severities)
    loading.disabled.update(overlay.disable)
    rules += [(rule, place.child("rules", i)) for i, rule in enumerate(overlay.rules)]
    subjects = {rule.id: rule.subject for rule, _ in rules}
    for index, waiver in enumerate(overlay.waivers):
        here = place.child("waivers", index)
        if waiver.rule not in subjects:
            message = with_suggestion(f"no rule `{waiver.rule}` to waive", waiver.rule, subjects)
            here.child("rule").report("unknown-rule", message)
        elif waiver.subject.split("/", 1)[0] != subjects[waiver.rule]:
            here.child("subject").report(
                "type-mismatch",
                f"`{waiver.rule}` is about a {subjects[waiver.rule]}, not `{waiver.subject}`",
            )


def _declare(
    specs: Mapping[str, Parameter],
    declarations: dict[str, Parameter],
    types: ParameterTypes,
    values: dict[str, Any],
    place: Place,
) -> None:
    """An overlay's own parameters, checked as a pack's are; a name already declared (by the
    pack or an earlier overlay) is refused, so a value never changes type under a rule."""
    new = {}
    for name, spec in specs.items():
        if name in declarations:
            place.child(name).report(
                "duplicate-parameter",
                f"parameter `{name}` is already declared: set its value under `parameters`",
            )
        else:
            new[name] = spec
    declarations.update(new)
    values.update({name: spec.default for name, spec in new.items()})
    found = check_parameters(new, values, place)
    types.types.update(found.types)
    types.items.update(found.items)


def _read_rules(path: Path, problems: list[Problem]) -> list[tuple[Rule, Place]]:
    """The rules of a file that are well formed; each rule is checked on its own, so one
    malformed rule does not hide the problems of the others."""
    data, positions, found = read_yaml(path, str(path))
    problems += found
    if found:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        problems.append(
            Problem(positions.of(()), "wrong-type", "a rule file is a mapping with a `rules` list")
        )
        return []
    for key in sorted(set(data) - {"rules"}, key=str):
        problems.append(
            Problem(
                positions.of((key,)),
                "unknown-field",
                with_suggestion(f"unknown key `{key}`", str(key), ["rules"]),
            )
        )
    rules = []
    for index, item in enumerate(data["rules"]):
        try:
            rules.append((Rule.model_validate(item), Place(positions, ("rules", index), problems)))
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                loc = ("rules", index, *detail["loc"])
                problems.append(Problem(positions.of(loc), *model_problem(RuleFile, loc, detail)))
    return rules


def _read(path: Path, model: type[BaseModel], problems: list[Problem]) -> _Loaded | None:
    data, positions, found = read_yaml(path, str(path))
    problems += found
    if found:
        return None
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            where = positions.of(loc)
            problems.append(Problem(where, *model_problem(model, loc, detail)))
        return None
    return _Loaded(parsed, positions, hashlib.sha256(path.read_bytes()).hexdigest())


def model_problem(model: type[BaseModel], loc: tuple[Any, ...], detail: Any) -> tuple[str, str]:
    """``(code, message)`` for one pydantic error of a policy model (or any frozen model
    with ``extra="forbid"``), with the likely intended key for an unknown one."""
    kind, name = detail["type"], str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        known = _keys_at(model, loc[:-1])
        return "unknown-field", with_suggestion(f"unknown key `{name}`", name, known)
    if kind == "missing":
        return "missing-field", f"`{name}` is required"
    if kind == "literal_error":
        return "unknown-value", with_suggestion(
            f"`{detail['input']}` is not one of {detail['ctx']['expected']}",
            str(detail["input"]),
            [p.strip(" '") for p in detail["ctx"]["expected"].replace(" or ", ",").split(",")],
        )
    if kind == "string_pattern_mismatch":
        return "invalid-value", f"`{detail['input']}` does not match `{detail['ctx']['pattern']}`"
    if kind == "value_error":
        return "invalid-rule", str(detail["msg"]).removeprefix("Value error, ")
    if kind in ("too_short", "too_long"):
        return "wrong-type", str(detail["msg"])
    return "wrong-type", f"{detail['msg']} (found `{detail.get('input')}`)"


def _keys_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at ``loc`` may have, following the models' field types."""
    current: Any = model
    keyed = False  # the step is a key of a mapping of models (a parameter's name)
    for step in loc:
        if (
            isinstance(step, int)
            or keyed
            or not (isinstance(current, type) and issubclass(current, BaseModel))
        ):
            keyed = False
            continue
        info = current.model_fields.get(step) or next(
            (f for f in current.model_fields.values() if f.alias == step), None
        )
        if info is None:
            return []
        current = _model_in(info.annotation)
        keyed = typing.get_origin(info.annotation) is dict
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``X | None``, ``list[X]`` or ``dict[str, X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


_PACK_ID = re.compile(r"[A-Za-z0-9_-]+(@[A-Za-z0-9_.+-]+)?")
"""``sales-staff`` or ``sales-staff@1.0.0``: a shipped pack named, not a path."""


def shipped_packs() -> Path:
    """The folder of the packs that come with the package (``sales-staff``)."""
    return Path(str(resources.files("sales_policy") / "packs"))


def find_policy(spec: str, *, as_of: dt.date, roots: Iterable[str | os.PathLike[str]]) -> Path:
    """The pack folder for ``spec``: a path, ``id@version``, or ``id`` (the version in force
    on ``as_of``: the latest ``effective_from`` on or before it)."""
    if Path(spec).exists():
        return Path(spec)
    wanted, _, version = spec.partition("@")
    found: list[tuple[dt.date, tuple[int, ...], Path]] = []
    versions: list[tuple[dt.date, str]] = []
    known: set[str] = set()
    for root in roots:
        for manifest in sorted(Path(root).glob(f"*/{MANIFEST}")):
            data, _, problems = read_yaml(manifest, str(manifest))
            if problems or not isinstance(data, dict):
                continue
            known.add(str(data.get("policy")))
            if data.get("policy") != wanted:
                continue
            effective = data.get("effective_from")
            number = tuple(int(p) for p in str(data.get("version", "0")).split(".") if p.isdigit())
            if isinstance(effective, dt.date):
                versions.append((effective, str(data.get("version"))))
            if version and data.get("version") != version:
                continue
            if isinstance(effective, dt.date) and (version or effective <= as_of):
                found.append((effective, number, manifest.parent))
    if not found:
        when = f"version {version}" if version else f"in force on {as_of}"
        message = f"no policy `{wanted}` {when}"
        if wanted not in known:
            message = with_suggestion(message, wanted, known)
        elif versions:
            listed = ", ".join(f"{v} from {day}" for day, v in sorted(versions))
            message += f"; its versions: {listed}"
            if not version:
                message += (
                    f"; name one as `{wanted}@VERSION`, or audit as of a date on which one "
                    "is in force"
                )
        raise PolicyError(f"policy {spec}", [Problem(Location(spec), "unknown-policy", message)])
    return max(found)[2]
