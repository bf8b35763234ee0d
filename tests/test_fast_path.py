"""The fast path (records rendered together, one PDF split per record) prints exactly what
converting each document on its own prints: same text on each page, same page counts.

The plain way, the reference, lives here: each document rendered alone from its template,
then every file converted by LibreOffice under the document's own name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from ceres_docs.convert import convert_to_pdf
from ceres_docs.generate import Job, prepare
from ceres_docs.kinds import KIND, TEMPLATE_KINDS
from ceres_docs.plan import refusal
from ceres_docs.render import render_one, template_path
from ceres_docs.rules import validate

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"
# The day the documents are asked for: in the sample, 224512's RA form is due (its return
# slip can be made), 224689 has not started (the UD can still postpone it).
DAY = dt.date(2026, 12, 12)


def every_document(out: Path) -> Job:
    """One job asking by name for every kind filled from a template, for every session of
    the sample, whatever its stage; a kind the procedure may refuse (affichage, demande-report)
    for the sessions it allows it to."""
    book = validate(SAMPLE, DAY).book
    assert book is not None
    sessions = [s for s in book.sessions.values() if not s.cancelled]
    free = [kind for kind in TEMPLATE_KINDS if KIND[kind].refusal is None]
    job = prepare(SAMPLE, out, sessions=[s.id for s in sessions], kinds=free, today=DAY)
    for kind in sorted(set(TEMPLATE_KINDS) - set(free)):
        allowed = [s.id for s in sessions if refusal(s, kind, DAY) is None]
        if allowed:
            more = prepare(SAMPLE, out, sessions=allowed, kinds=[kind], today=DAY)
            job.documents += more.documents
            job.scope |= more.scope
    return job


def pages_text(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fast-path")
    job = every_document(folder / "lots")
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
    kinds = {path.rsplit("/", 1)[1].split("_")[0] for path in fast}
    assert kinds == {KIND[kind].prefix for kind in TEMPLATE_KINDS}  # every template


def test_same_page_counts_and_text_per_page(both_ways):
    fast_out, fast, plain = both_ways
    for path, pages in fast.items():
        assert pages == len(PdfReader(plain[path]).pages), path
        assert pages_text(fast_out / path) == pages_text(plain[path]), path
