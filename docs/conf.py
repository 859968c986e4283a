"""The documentation site: the Markdown pages of this folder, built by ``make docs``.

Sphinx reads the pages with MyST, so they stay plain Markdown that reads the same on
any forge; the API reference comes from the package's docstrings. The build runs in
CI with warnings as errors and ``nitpicky``: a broken link, an unresolved
cross-reference or a page missing from the navigation fails it.
"""

from sales_policy import __version__

project = "sales-policy"
author = "sales-policy contributors"
copyright = "sales-policy contributors"
version = release = __version__

extensions = ["myst_parser", "sphinx.ext.autodoc"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# `#a-heading` links inside and between pages resolve as they do on a forge.
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]

nitpicky = True
# Docstrings write ``code`` and `code` alike: both render as code, never as a
# cross-reference that would have to resolve.
default_role = "literal"
autodoc_member_order = "bysource"
autodoc_typehints = "signature"

html_theme = "furo"
html_title = f"sales-policy {__version__}"
