"""Every page of ``docs/`` is in the site's navigation (``docs/index.md``'s tables of
contents), and each entry names a page that exists.

The site's build (``make docs``, warnings as errors) refuses a page left out too; this
test says so without Sphinx installed, naming the page.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
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
