"""Every page of ``docs/`` is in the site's navigation (``docs/index.md``'s tables of
contents), each entry names a page that exists, and the API reference documents every
public name.

The site's build (``make docs``, warnings as errors) refuses a page left out too; these
tests say so without Sphinx installed, naming the page. The build cannot see a public
name the reference leaves out. The build itself runs here too, so that a change to a
docstring, a page or a command's help that breaks the site fails the test suite.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import sales_policy
import sales_policy.partitioned
import sales_policy.testing

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TOCTREE = re.compile(r"^```\{toctree\}\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def _entries(page: Path) -> list[str]:
    """The pages a ``toctree`` block of ``page`` lists (its options skipped)."""
    found: list[str] = []
    for block in TOCTREE.findall(page.read_text(encoding="utf-8")):
        found += [
            line.strip() for line in block.splitlines() if line.strip() and not line.startswith(":")
        ]
    return found


def test_every_page_is_in_the_navigation() -> None:
    listed = {entry for page in DOCS.glob("*.md") for entry in _entries(page)}
    pages = {page.stem for page in DOCS.glob("*.md")} - {"index"}
    assert pages - listed == set(), "pages missing from a toctree in docs/index.md"


def test_every_entry_is_a_page() -> None:
    for page in DOCS.glob("*.md"):
        for entry in _entries(page):
            assert (DOCS / f"{entry}.md").is_file(), f"{page.name} lists missing page {entry}"


def test_the_site_has_a_section_for_each_audience() -> None:
    captions = re.findall(
        r"^:caption: (.+)$", (DOCS / "index.md").read_text(encoding="utf-8"), re.M
    )
    assert captions[:4] == [
        "For auditors",
        "For policy authors",
        "For integrators",
        "For library users",
    ]


def _documented() -> set[str]:
    """The names the API reference documents by a directive of its own."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\.\. (?:auto|py:)\w+:: ([\w.]+)", text, re.MULTILINE))


def test_the_api_reference_documents_every_public_name() -> None:
    documented = _documented()
    missing = {f"sales_policy.{name}" for name in sales_policy.__all__} - documented
    assert missing == set(), "add them to docs/api.md"


@pytest.mark.parametrize("module", [sales_policy.testing, sales_policy.partitioned])
def test_the_api_reference_documents_every_name_of_a_public_subpackage(
    module: types.ModuleType,
) -> None:
    """``automodule`` documents the functions and classes that have a docstring; the
    rest (data, type aliases) need a directive of their own."""
    documented = _documented()
    missing = set()
    for name in module.__all__:
        found = getattr(module, name)
        automatic = (inspect.isfunction(found) or inspect.isclass(found)) and found.__doc__
        if f"{module.__name__}.{name}" not in documented and not automatic:
            missing.add(name)
    assert missing == set(), "add them to docs/api.md"


FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _links(page: Path) -> list[str]:
    """The targets of a page's Markdown links, outside code."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return LINK.findall(re.sub(r"`[^`\n]*`", "", text))


def test_links_point_to_pages_or_the_web() -> None:
    """A link to a file outside ``docs/`` (``../schemas/...``, ``../examples/...``)
    would be a dead link on the site: such paths are written as code, not linked."""
    for page, folder in [(ROOT / "README.md", "docs/"), *((p, "") for p in DOCS.glob("*.md"))]:
        for target in _links(page):
            if target.startswith(("https://", "http://", "#")):
                continue
            path = target.split("#")[0]
            assert path.startswith(folder), f"{page.name}: {target}"
            name = path.removeprefix(folder)
            assert "/" not in name, f"{page.name}: {target}"
            assert name.endswith(".md"), f"{page.name}: {target}"
            assert (DOCS / name).is_file(), f"{page.name}: {target}"


def test_the_site_builds_without_a_warning(tmp_path: Path) -> None:
    """``make docs``'s build, nitpicky: every link, anchor, page and reference holds."""
    if importlib.util.find_spec("sphinx") is None:
        pytest.skip("Sphinx is not installed (the `docs` extra; `make docs` installs it)")
    strict = ["-W", "--keep-going", "-n", "-q", "-E"]  # the Makefile's SPHINXOPTS
    places = ["-d", str(tmp_path / "trees"), str(DOCS), str(tmp_path / "site")]
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *strict, *places],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
