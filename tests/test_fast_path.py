"""The fast path (records rendered together, one PDF split per record) prints exactly what
converting each document on its own prints: same text on each page, same page counts.

The plain way, the reference, lives here: each document rendered alone from its template,
then every file converted by LibreOffice under the document's own name."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ceres_docs.convert import convert_to_pdf
from ceres_docs.generate import prepare
from ceres_docs.kinds import TEMPLATE_KINDS
from ceres_docs.render import render_one, template_path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"


def pages_text(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fast-path")
    job = prepare(SAMPLE, folder / "lots", kinds=TEMPLATE_KINDS)
    fast = {d.path: d.pages for d in job.run()}
    plain_out = folder / "un-par-un"
    plain_out.mkdir()
    files = []
    for index, document in enumerate(job.documents):
        docx = plain_out / f"doc-{index:05d}.docx"
        render_one(template_path(None, document.kind), document.context, docx)
        files.append(docx)
    pdfs = convert_to_pdf(files, plain_out)
    plain = {d.path: pdf for d, pdf in zip(job.documents, pdfs, strict=True)}
    return job.out, fast, plain


def test_same_documents_under_the_same_names(both_ways):
    _, fast, plain = both_ways
    assert len(fast) >= 100
    assert fast.keys() == plain.keys()


def test_same_page_counts_and_text_per_page(both_ways):
    fast_out, fast, plain = both_ways
    for path, pages in fast.items():
        assert pages == len(PdfReader(plain[path]).pages), path
        assert pages_text(fast_out / path) == pages_text(plain[path]), path
