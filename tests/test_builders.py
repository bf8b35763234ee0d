"""The committed templates and sample workbook are exactly what their builders write.

templates/build_templates.py writes templates/*.docx and samples/build_sample.py writes
samples/sessions.xlsx; both are deterministic, so a rebuild into a temporary folder must give
the committed files byte for byte. A builder edited without rebuilding (or a rebuild left
uncommitted) fails here, with the command that rebuilds.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
SAMPLE = ROOT / "samples" / "sessions.xlsx"
REBUILD_TEMPLATES = "`python templates/build_templates.py`"
REBUILD_SAMPLE = "`make sample` (or `python samples/build_sample.py`)"


def load(script: Path) -> ModuleType:
    """Import a builder script (they live outside the package) under its file name."""
    spec = importlib.util.spec_from_file_location(script.stem, script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def zip_difference(committed: bytes, rebuilt: bytes) -> str:
    """How two zip archives (DOCX, XLSX) differ, in a few words."""
    with zipfile.ZipFile(io.BytesIO(committed)) as old, zipfile.ZipFile(io.BytesIO(rebuilt)) as new:
        old_names, new_names = old.namelist(), new.namelist()
        if old_names != new_names:
            missing = [name for name in old_names if name not in new_names]
            added = [name for name in new_names if name not in old_names]
            if missing or added:
                return f"entries only in the committed file: {missing}, only rebuilt: {added}"
            return "the entries are in another order"
        for name in old_names:
            before, after = old.read(name), new.read(name)
            if before != after:
                pairs = zip(before, after, strict=False)  # the shorter may be a prefix
                at = next((i for i, (a, b) in enumerate(pairs) if a != b),
                          min(len(before), len(after)))
                return (f"{name} differs from byte {at}: committed "
                        f"{before[max(0, at - 40):at + 60]!r}, rebuilt "
                        f"{after[max(0, at - 40):at + 60]!r}")
            old_info, new_info = old.getinfo(name), new.getinfo(name)
            if (old_info.date_time, old_info.external_attr) != (new_info.date_time,
                                                                new_info.external_attr):
                return f"{name}: same content, other date or attributes in the archive"
    return "same entries and contents, other archive bytes (compression?)"


def entries(archive: bytes) -> list[tuple[str, tuple[int, ...], int, bytes]]:
    """What a DOCX or XLSX holds, byte for byte: each entry's name, date, attributes and
    uncompressed content, in order. The compressed bytes are left aside: they depend on the
    machine's zlib, not on the builder."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return [(info.filename, info.date_time, info.external_attr, opened.read(info))
                for info in opened.infolist()]


def assert_same(committed: Path, rebuilt: Path, rebuild: str) -> None:
    name = committed.relative_to(ROOT).as_posix()
    assert committed.exists(), f"{name} is missing: rebuild it with {rebuild} and commit it."
    old, new = committed.read_bytes(), rebuilt.read_bytes()
    if entries(old) != entries(new):
        pytest.fail(
            f"{name} is not what its builder writes ({zip_difference(old, new)}). "
            f"Rebuild it with {rebuild} and commit it. / {name} ne correspond pas à son "
            f"script : le reconstruire ({rebuild}), puis le committer.",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def rebuilt_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    load(TEMPLATES / "build_templates.py").build(folder)
    return folder


def test_the_builder_writes_the_committed_set_of_templates(rebuilt_templates: Path) -> None:
    committed = sorted(path.name for path in TEMPLATES.glob("*.docx"))
    rebuilt = sorted(path.name for path in rebuilt_templates.glob("*.docx"))
    assert rebuilt == committed, (
        f"templates/ holds {committed}, templates/build_templates.py writes {rebuilt}: "
        f"rebuild with {REBUILD_TEMPLATES} and commit (remove the files no builder writes)."
    )


@pytest.mark.parametrize("name", sorted(path.name for path in TEMPLATES.glob("*.docx")))
def test_committed_template_is_what_the_builder_writes(rebuilt_templates: Path,
                                                       name: str) -> None:
    assert_same(TEMPLATES / name, rebuilt_templates / name, REBUILD_TEMPLATES)


def test_committed_sample_workbook_is_what_the_builder_writes(tmp_path: Path) -> None:
    rebuilt = load(SAMPLE.parent / "build_sample.py").build(tmp_path / SAMPLE.name)
    assert_same(SAMPLE, rebuilt, REBUILD_SAMPLE)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
JINJA_TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.DOTALL)
SPACE_BEFORE_SIGN = re.compile(r"[ \t]+[:;!?»]|«[ \t]")  # where French wants U+00A0


def paragraphs(template: Path) -> list[str]:
    """The text of every paragraph of the template's body, headers and footers."""
    with zipfile.ZipFile(template) as archive:
        parts = [name for name in archive.namelist()
                 if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)]
        roots = [etree.fromstring(archive.read(name)) for name in parts]
    return ["".join(t.text or "" for t in p.iter(f"{W}t"))
            for root in roots for p in root.iter(f"{W}p")]


@pytest.mark.parametrize("name", sorted(path.name for path in TEMPLATES.glob("*.docx")))
def test_french_spaces_in_the_text_and_none_in_the_jinja_tags(name: str) -> None:
    for text in paragraphs(TEMPLATES / name):
        pieces = JINJA_TAG.split(text)
        literal, tags = pieces[0::2], pieces[1::2]
        assert not [tag for tag in tags if "\u00a0" in tag], text
        assert not [piece for piece in literal if SPACE_BEFORE_SIGN.search(piece)], text


def test_french_spaces_touch_literal_text_only() -> None:
    french_spaces = load(TEMPLATES / "build_templates.py").french_spaces
    assert french_spaces("Objet : statut « {{ s.statut }} » ; oui ? non !") == (
        "Objet\u00a0: statut «\u00a0{{ s.statut }}\u00a0»\u00a0; oui\u00a0? non\u00a0!")
    tags = "{%p if session.type != 'CCP' %}{{ a if b else c }}{# note : x #}"
    assert french_spaces(tags) == tags
    assert french_spaces("Personne {{ g.numero }} : {{ g.nom }}") == (
        "Personne {{ g.numero }}\u00a0: {{ g.nom }}")
