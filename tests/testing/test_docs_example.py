"""The worked example of ``docs/testing.md`` runs as written: its overlay and its test
file are taken from the page, and pytest runs them in a folder of their own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILE = re.compile(r"^\*\*`(acme/[\w.]+)`\*\*\n\n```\w+\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def test_the_documented_example_passes(tmp_path: Path) -> None:
    files = FILE.findall((ROOT / "docs" / "testing.md").read_text(encoding="utf-8"))
    assert [name for name, _ in files] == ["acme/overlay.yaml", "acme/test_policy.py"]
    for name, text in files:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "acme/"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "75 passed" in run.stdout
