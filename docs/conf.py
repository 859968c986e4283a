"""The documentation site: the Markdown pages of this folder, built by ``make docs``.

Sphinx reads the pages with MyST, so they stay plain Markdown that reads the same in a
repository browser; the API reference comes from the package's docstrings, the command
line's from its click definitions. The build
runs with warnings as errors and ``nitpicky``: a broken link, an unresolved
cross-reference or a page missing from the navigation fails it.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from typing import Any

from sphinx.application import Sphinx

import sales_policy

project = "sales-policy"
author = "sales-policy contributors"
copyright = "sales-policy contributors"
version = release = sales_policy.__version__

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx_click"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# `#a-heading` links inside and between pages resolve as they do in a repository browser.
myst_heading_anchors = 4

nitpicky = True
# The build is offline: types of the standard library and of other packages (a dotted
# name outside this package) are named, not linked. Every name of this package resolves.
nitpick_ignore_regex = [("py:class", r"(?!sales_policy\.)[a-z_]\w*(\.\w+)+")]
# Docstrings write ``code`` and `code` alike: both render as code, never as a
# cross-reference that would have to resolve.
default_role = "literal"
autodoc_member_order = "bysource"
# pydantic's own members of a model are pydantic's to document.
autodoc_default_options = {"exclude-members": "model_config, model_fields, model_computed_fields"}
autodoc_typehints = "signature"
# The unions of record types read by their names.
autodoc_type_aliases = {"Record": "sales_policy.Record", "Activity": "sales_policy.Activity"}
python_use_unqualified_type_names = True

html_theme = "furo"
html_title = f"sales-policy {sales_policy.__version__}"

_NAME = re.compile(r"(?<![\w.])(?:dt\.)?[A-Za-z_]\w*")


# Classes made by a function alone, shown without the constructor that function calls
# (`open_store` makes a store from the database driver's objects; `load_mapping` a mapping
# from its checked file).
_NO_SIGNATURE = {"sales_policy.Store", "sales_policy.Mapping"}
_ANNOTATED = re.compile(r"(~?typing\.)?Annotated\[")
# An alias of `autodoc_type_aliases` inside a generic (`list[Record]`) is shown as its repr.
_ALIAS_REPR = re.compile(r"(?:~?[\w.]+\.)?TypeAliasForwardRef\('([\w.]+)'\)")


def _unannotated(text: str) -> str:
    """``Annotated[T, metadata...]`` as ``T``: the metadata is validation's business."""
    while found := _ANNOTATED.search(text):
        depth, comma, close = 1, -1, len(text)
        for at in range(found.end(), len(text)):
            depth += {"[": 1, "(": 1, "]": -1, ")": -1}.get(text[at], 0)
            if text[at] == "," and depth == 1 and comma == -1:
                comma = at
            if depth == 0:
                close = at
                break
        text = text[: found.start()] + text[found.end() : comma] + text[close + 1 :]
    return text


def _plain(value: Any) -> str:
    """A type alias as the type it holds: ``IsoDate | None`` as ``date | None``."""
    origin, args = typing.get_origin(value), typing.get_args(value)
    if origin is typing.Annotated:
        return _plain(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_plain(arg) for arg in args)
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(arg) for arg in args)}]"
    if origin is not None:
        inner = ", ".join("..." if arg is Ellipsis else _plain(arg) for arg in args)
        return f"{origin.__name__}[{inner}]"
    if isinstance(value, list):  # a `Callable`'s parameters
        return f"[{', '.join(_plain(arg) for arg in value)}]"
    if value is None or value is type(None):
        return "None"
    if value.__module__ == "builtins":
        return str(value.__qualname__)
    return f"{value.__module__}.{value.__qualname__}"


def _plain_signature(  # noqa: PLR0917 - the event's signature
    app: Sphinx,  # noqa: ARG001
    what: str,  # noqa: ARG001
    name: str,
    obj: Any,
    options: Any,  # noqa: ARG001
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    """Record fields are annotated with aliases that say what validation accepts (a
    date or its ISO text); the reference shows the type each field holds instead, so
    that every name in a signature is one a reader can look up."""
    if name in _NO_SIGNATURE:
        return "", None
    module = vars(sys.modules.get(getattr(obj, "__module__", ""), types))

    def plain(found: re.Match[str]) -> str:
        word = found.group()
        if word.startswith("dt."):
            return f"datetime.{word[3:]}"
        value = module.get(word)
        alias = typing.get_origin(value) is not None or (
            word.startswith("_") and isinstance(value, type)
        )
        return _plain(value) if alias and word not in sales_policy.__all__ else word

    def rewrite(text: str | None) -> str | None:
        if text is None:
            return None
        # A dataclass field's default factory reads `<factory>`, which is not Python.
        text = _unannotated(text.replace("<factory>", "..."))
        text = _ALIAS_REPR.sub(r"\1", text)
        return _NAME.sub(plain, text)

    return rewrite(signature), rewrite(return_annotation)


def setup(app: Sphinx) -> None:
    app.connect("autodoc-process-signature", _plain_signature)
