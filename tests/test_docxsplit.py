"""generate --no-pdf renders the records of a batch together and cuts the DOCX apart: each
document reads as the same document rendered alone from its template (python-docx text of
its paragraphs, tables, headers and footers)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document as Docx

from ceres_docs.docxsplit import UnsplittableDocx, split_docx
from ceres_docs.generate import prepare
from ceres_docs.kinds import KIND, TEMPLATE_KINDS
from ceres_docs.render import render_batch, render_one, template_path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"
DAY = dt.date(2026, 12, 12)


def text(path: Path) -> list[str]:
    document = Docx(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return parts


def test_each_document_reads_as_rendered_alone(tmp_path):
    kinds = [kind for kind in TEMPLATE_KINDS if KIND[kind].refusal is None]
    job = prepare(SAMPLE, tmp_path / "docx", sessions=["224512", "224633", "224689"],
                  kinds=kinds, pdf=False, today=DAY)
    documents = job.run()
    assert len(documents) >= 20
    assert {d.kind for d in documents} == set(kinds) - {"doublons"}
    for index, document in enumerate(documents):
        alone = tmp_path / f"seul-{index}.docx"
        render_one(template_path(None, document.kind), document.context, alone)
        assert document.path.endswith(".docx")
        assert text(job.out / document.path) == text(alone), document.path


def test_a_batch_without_its_end_marks_is_refused(tmp_path):
    job = prepare(SAMPLE, tmp_path / "docx", sessions=["224512"],
                  kinds=["convocation-candidat"], pdf=False, today=DAY)
    single = tmp_path / "seul.docx"
    render_one(template_path(None, "convocation-candidat"), job.documents[0].context, single)
    with pytest.raises(UnsplittableDocx, match="repères trouvés : 0"):
        split_docx(single, [tmp_path / "a.docx"])
    batch = tmp_path / "lot.docx"
    render_batch(template_path(None, "convocation-candidat"),
                 [d.context for d in job.documents[:2]], batch)
    with pytest.raises(UnsplittableDocx, match="séparer les 3 documents"):
        split_docx(batch, [tmp_path / f"{n}.docx" for n in range(3)])
