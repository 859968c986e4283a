"""Writing a checked policy back out as a pack: its effective rules and parameters, with
the overlays folded in, so the policy an audit ran can be kept, read and loaded again."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from sales_policy.policy.load import MANIFEST, Policy
from sales_policy.policy.model import Manifest, RuleFile

RULES = "rules/rules.yaml"


class _Dumper(yaml.SafeDumper):
    """Safe YAML that writes a ``Decimal`` as a number, which the loader reads back as one
    (``model_dump(mode="json")`` would make it text, and text is not a percentage)."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float", text if "." in text else f"{text}.0")


_Dumper.add_representer(Decimal, _decimal)


def dump_policy(policy: Policy, folder: str | os.PathLike[str]) -> None:
    """Write ``policy`` as a pack in ``folder`` (``policy.yaml`` and ``rules/rules.yaml``)
    that ``load_policy`` loads back to the same rules and parameters.

    Overlaid values become the parameters' defaults and overlaid severities the rules'
    own; disabled rules are left out. A comment heading the manifest says where it came from.
    """
    manifest = Manifest.model_validate(
        {
            "policy": policy.id,
            "version": policy.version,
            "effective_from": policy.effective_from,
            "title": policy.title,
            "time_zone": policy.time_zone,
            "day_basis": policy.day_basis,
            "calendar": policy.calendar,
            "parameters": {
                name: spec.model_copy(update={"default": policy.parameters[name]})
                for name, spec in policy.declarations.items()
            },
            "rule_files": [RULES],
        }
    )
    folder = Path(folder)
    overlays = "".join(f" + {o.id} (sha256 {o.sha256})" for o in policy.overlays)
    header = [f"# {policy.id}@{policy.version} (sha256 {policy.sha256}){overlays}"]
    header += [f"# disabled {rule_id}: {reason}" for rule_id, reason in policy.disabled.items()]
    (folder / RULES).parent.mkdir(parents=True, exist_ok=True)
    _write(folder / MANIFEST, header, _plain(manifest))
    _write(folder / RULES, [], _plain(RuleFile(rules=list(policy.rules))))


def _plain(model: Manifest | RuleFile) -> Any:
    return model.model_dump(by_alias=True, exclude_defaults=True, mode="python")


def _write(path: Path, comments: list[str], data: Any) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text("".join(f"{line}\n" for line in comments) + text, encoding="utf-8")
