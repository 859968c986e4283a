"""The wheel, installed in a fresh virtual environment outside the checkout, carries the
shipped pack (a symlink in the source tree) and every dependency it needs: the command
line and the library both find `sales-staff`.

About half a minute: the wheel is built, then installed with its dependencies (from
pip's cache when warm) into an environment that sees nothing of this checkout's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_LIBRARY = """
import sales_policy
from sales_policy import load_policy
policy = load_policy("sales-staff")
pinned = load_policy("sales-staff@1.0.0")
print(sales_policy.__file__)
print(policy.id, len(policy.rules), pinned.version)
"""


def _run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _source(into: Path) -> Path:
    """What a fresh clone holds for the build, without this checkout's build leftovers
    (a stale ``*.egg-info`` would list the pack's files even if the configuration did not)."""
    leftovers = shutil.ignore_patterns("*.egg-info", "__pycache__", "build", "dist")
    into.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, into / name)
    for name in ("src", "policies"):
        shutil.copytree(ROOT / name, into / name, symlinks=True, ignore=leftovers)
    return into


def test_the_installed_wheel_ships_the_pack(tmp_path: Path) -> None:
    source = _source(tmp_path / "source")
    wheels = tmp_path / "wheels"
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source, cwd=tmp_path
    )
    (wheel,) = wheels.glob("sales_policy-*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", wheel, cwd=tmp_path)
    away = tmp_path / "elsewhere"
    away.mkdir()

    listed = _run(venv / "bin" / "sales-policy", "rules", "sales-staff", cwd=away)
    assert "sales-staff@" in listed
    assert "CONTRACT-REVIEW" in listed

    module, loaded = _run(python, "-c", _LIBRARY, cwd=away).splitlines()
    assert Path(module).is_relative_to(venv)  # the wheel's copy, not this checkout
    assert loaded.startswith("sales-staff ")
    assert int(loaded.split()[1]) > 0
    assert loaded.split()[2] == "1.0.0"  # an id with its version resolves too
