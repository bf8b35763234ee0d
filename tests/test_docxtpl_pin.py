"""render.py overrides docxtpl internals: a docxtpl release they were not written against must
fail here, with what to do, rather than in a document."""

from __future__ import annotations

import ast
import inspect
import textwrap
from importlib.metadata import version

import pytest
from docxtpl import DocxTemplate

from ceres_docs.render import DEFAULT_TEMPLATES, Template

SUPPORTED = (0, 20)  # the pin in pyproject.toml: docxtpl>=0.20,<0.21
ADVICE = ("ceres_docs/render.py (Template, BatchTemplate, template_variables) overrides and "
          "calls docxtpl internals written against docxtpl 0.20.x: compare them with this "
          "release's docxtpl/template.py, adapt render.py, then move the pin in "
          "pyproject.toml and SUPPORTED in this test.")

# The methods render.py overrides or calls, as (parameter, default) in docxtpl 0.20.
EMPTY = inspect.Parameter.empty
SIGNATURES = {
    "build_xml": [("self", EMPTY), ("context", EMPTY), ("jinja_env", None)],
    "patch_xml": [("self", EMPTY), ("src_xml", EMPTY)],
    "resolve_listing": [("self", EMPTY), ("xml", EMPTY)],
    "fix_tables": [("self", EMPTY), ("xml", EMPTY)],
    "render_xml_part": [("self", EMPTY), ("src_xml", EMPTY), ("part", EMPTY),
                        ("context", EMPTY), ("jinja_env", None)],
    "get_xml": [("self", EMPTY)],
    "render_init": [("self", EMPTY)],
    "render": [("self", EMPTY), ("context", EMPTY), ("jinja_env", None),
               ("autoescape", False)],
    "get_headers_footers": [("self", EMPTY), ("uri", EMPTY)],
    "get_part_xml": [("self", EMPTY), ("part", EMPTY)],
}

# What render.py relies on inside docxtpl's own methods: Template.build_xml redoes exactly the
# steps of DocxTemplate.build_xml, render() hands build_xml's text to fix_tables, and
# render_xml_part passes the whole rendered part through resolve_listing.
CALLS = {
    "build_xml": {"get_xml", "patch_xml", "render_xml_part"},
    "render": {"build_xml", "fix_tables"},
    "render_xml_part": {"resolve_listing"},
}


def self_calls(method: str) -> set[str]:
    """The self.<name>(…) calls in a DocxTemplate method's source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(getattr(DocxTemplate, method))))
    return {node.func.attr for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "self"}


def test_installed_docxtpl_is_the_release_render_py_was_written_against():
    installed = version("docxtpl")
    assert tuple(int(part) for part in installed.split(".")[:2]) == SUPPORTED, (
        f"docxtpl {installed} is installed. {ADVICE}")


@pytest.mark.parametrize("method", list(SIGNATURES))
def test_overridden_and_called_methods_keep_their_signature(method):
    assert callable(getattr(DocxTemplate, method, None)), (
        f"DocxTemplate.{method} no longer exists. {ADVICE}")
    found = [(p.name, p.default)
             for p in inspect.signature(getattr(DocxTemplate, method)).parameters.values()]
    assert found == SIGNATURES[method], f"DocxTemplate.{method}{found}. {ADVICE}"


@pytest.mark.parametrize("method", list(CALLS))
def test_docxtpl_methods_still_take_the_steps_render_py_repeats(method):
    found = self_calls(method)
    if method == "build_xml":
        assert found == CALLS[method], f"DocxTemplate.build_xml calls {sorted(found)}. {ADVICE}"
    else:
        assert CALLS[method] <= found, f"DocxTemplate.{method} calls {sorted(found)}. {ADVICE}"


def test_attributes_render_py_reads_are_there():
    assert DocxTemplate.HEADER_URI.endswith("/relationships/header"), ADVICE
    assert DocxTemplate.FOOTER_URI.endswith("/relationships/footer"), ADVICE
    document = Template(str(DEFAULT_TEMPLATES / "pv-general.docx"))
    document.render_init()
    assert document.docx._part is not None, ADVICE
