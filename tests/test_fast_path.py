"""The fast path (records rendered together, one PDF split per record) prints exactly what
converting each document on its own prints: same text on each page, same page counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ceres_docs.documents import TEMPLATE_KINDS
from ceres_docs.generate import prepare

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"


def pages_text(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fast-path")
    produced = {}
    for batch in (True, False):
        job = prepare(SAMPLE, folder / ("lots" if batch else "un-par-un"),
                      kinds=TEMPLATE_KINDS)
        job.batch = batch
        produced[batch] = (job.out, {d.path: d.pages for d in job.run()})
    return produced


def test_same_documents_under_the_same_names(both_ways):
    (_, fast), (_, plain) = both_ways[True], both_ways[False]
    assert len(fast) >= 100
    assert fast.keys() == plain.keys()


def test_same_page_counts_and_text_per_page(both_ways):
    (fast_out, fast), (plain_out, plain) = both_ways[True], both_ways[False]
    assert fast == plain
    for path in fast:
        assert pages_text(fast_out / path) == pages_text(plain_out / path), path
