"""Records rendered together are separated by a page break, unless the template's pages
depend on where a record starts (a page number, a distinct first page, even and odd pages):
then each record has its own section, its page numbers restarting at 1."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from ceres_docs.kinds import TEMPLATE_FILES
from ceres_docs.render import DEFAULT_TEMPLATES, render_batch
from ceres_docs.templatecheck import example_contexts

# One page by design, without a page number in the footer.
PAGE_BREAK_KINDS = {"convocation-candidat", "pv-individuel"}


def body(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/document.xml").decode()


def batch(template: Path, kind: str, out: Path, count: int = 3) -> str:
    render_batch(template, [example_contexts()[kind]] * count, out)
    return body(out)


@pytest.mark.parametrize("kind", TEMPLATE_FILES)
def test_a_section_per_record_only_where_page_numbers_need_it(kind, tmp_path):
    xml = batch(DEFAULT_TEMPLATES / f"{kind}.docx", kind, tmp_path / "lot.docx")
    sections, breaks = xml.count("<w:sectPr"), xml.count('<w:br w:type="page"/>')
    if kind in PAGE_BREAK_KINDS:
        assert (sections, breaks) == (1, 2)
    else:
        assert (sections, breaks) == (3, 0)
        assert xml.count('<w:pgNumType w:start="1"/>') == 3


def edited(tmp_path: Path, part: str, change) -> Path:
    """The candidate's convocation with one of its parts changed, as a centre might."""
    source = DEFAULT_TEMPLATES / "convocation-candidat.docx"
    target = tmp_path / "modeles" / "convocation-candidat.docx"
    target.parent.mkdir()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == part:
                data = change(data.decode()).encode()
            new.writestr(info, data)
    return target


PAGE_FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
              'xml:space="preserve"> PA</w:instrText></w:r><w:r><w:instrText>GE </w:instrText>'
              '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


@pytest.mark.parametrize("part, change", [
    ("word/footer1.xml", lambda xml: xml.replace("</w:p>", PAGE_FIELD, 1)),
    ("word/footer1.xml", lambda xml: xml.replace(
        "</w:p>", '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        "</w:p>", 1)),
    ("word/document.xml", lambda xml: xml.replace("<w:docGrid", "<w:titlePg/><w:docGrid")),
    ("word/settings.xml", lambda xml: xml.replace("<w:defaultTabStop",
                                                  "<w:evenAndOddHeaders/><w:defaultTabStop")),
], ids=["PAGE", "NUMPAGES", "first page", "even and odd"])
def test_an_edited_template_that_needs_sections_gets_them(part, change, tmp_path):
    template = edited(tmp_path, part, change)
    xml = batch(template, "convocation-candidat", tmp_path / "lot.docx")
    assert xml.count("<w:sectPr") == 3


def test_sections_can_be_asked_for(tmp_path):
    template = tmp_path / "convocation-candidat.docx"
    shutil.copyfile(DEFAULT_TEMPLATES / "convocation-candidat.docx", template)
    render_batch(template, [example_contexts()["convocation-candidat"]] * 2,
                 tmp_path / "lot.docx", sections=True)
    assert body(tmp_path / "lot.docx").count("<w:sectPr") == 2
