"""The registry of document kinds is the one place that describes a kind: its template, the
variables its context holds, its file prefix and where it goes."""

from __future__ import annotations

from pathlib import Path

from ceres_docs.cli import generate
from ceres_docs.kinds import (
    DERIVED_KINDS,
    KIND,
    KINDS,
    REGISTRY,
    TEMPLATE_FILES,
    TEMPLATE_KINDS,
    Recipient,
)
from ceres_docs.render import DEFAULT_TEMPLATES
from ceres_docs.templatecheck import example_contexts

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_every_template_is_a_kind_and_every_kind_has_its_template():
    assert sorted(p.stem for p in TEMPLATES.glob("*.docx")) == sorted(TEMPLATE_FILES)
    for name in TEMPLATE_FILES:
        assert (DEFAULT_TEMPLATES / KIND[name].template).is_file(), name


def test_each_context_holds_exactly_the_variables_its_kind_declares():
    """The registry's list is what templates check and docs/modeles.md rely on."""
    examples = example_contexts()
    assert sorted(examples) == sorted(TEMPLATE_FILES)
    for name, context in examples.items():
        kind = KIND[name]
        assert set(context) == kind.may_use, name
        assert set(kind.essential) <= kind.may_use, name


def test_names_and_prefixes_tell_kinds_apart():
    assert len({kind.name for kind in REGISTRY}) == len(REGISTRY)
    prefixes = [KIND[name].prefix for name in TEMPLATE_KINDS]
    assert len(set(prefixes)) == len(prefixes)
    assert all("_" not in prefix for prefix in prefixes)


def test_derived_kinds_are_made_from_template_kinds():
    for name in DERIVED_KINDS:
        kind = KIND[name]
        assert kind.template is None and kind.entries is None, name
        assert kind.sources and set(kind.sources) <= set(TEMPLATE_KINDS), name


def test_only_pvs_may_be_posted_to_the_dieccte():
    assert {k.name for k in REGISTRY if k.to_dieccte} == {"pv-general", "pv-individuel"}
    assert all(KIND[name].recipient is Recipient.DIECCTE for name in ("pv-general",
                                                                     "pv-individuel"))


def test_the_command_line_offers_every_kind_and_only_those():
    [only] = [p for p in generate.params if p.name == "kinds"]
    assert tuple(only.type.choices) == KINDS


def test_labels_agree_with_the_count():
    assert KIND["pv-general"].label_for(1) == "PV général"
    assert KIND["pv-general"].label_for(3) == "PV généraux"
    assert all(kind.label != kind.plural for kind in REGISTRY)
