"""Sharing conversion work between LibreOffice processes."""

from __future__ import annotations

from builders import fake_soffice
from hypothesis import given
from hypothesis import strategies as st

from ceres_docs import convert
from ceres_docs.generate import _round_robin


def test_small_work_uses_one_libreoffice(monkeypatch):
    monkeypatch.setattr(convert.os, "cpu_count", lambda: 2)
    assert convert.lanes(8, work=30) == 1
    assert convert.lanes(8, work=90) == 2
    assert convert.lanes(1, work=4000) == 1
    monkeypatch.setattr(convert.os, "cpu_count", lambda: 16)
    assert convert.lanes(40, work=100_000) == 4


@given(st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=40),
       st.integers(min_value=1, max_value=4))
def test_every_file_is_converted_once_and_loads_are_balanced(weights, count):
    groups = convert.share_out(weights, count)
    assert sorted(i for group in groups for i in group) == list(range(len(weights)))
    loads = [sum(weights[i] for i in group) for group in groups]
    assert max(loads) - min(loads) <= max(weights)


def test_files_are_rendered_in_the_order_the_processes_read_them():
    assert _round_robin([[0, 3, 4], [1], [2, 5]]) == [0, 1, 2, 3, 5, 4]


def test_each_pdf_is_handed_over_as_soon_as_it_is_whole(tmp_path, monkeypatch):
    """A process converts its files in order: a file's PDF is taken once the next one's has
    appeared (the process still running), the last once the process has ended well."""
    soffice = fake_soffice(tmp_path, """
    out = sys.argv[sys.argv.index("--outdir") + 1]
    for file in [arg for arg in sys.argv if arg.endswith(".docx")]:
        name = os.path.basename(file)[:-len(".docx")] + ".pdf"
        with open(os.path.join(out, name), "wb") as pdf:
            pdf.write(b"%PDF-1.4")
        time.sleep(0.4)
    """)
    monkeypatch.setenv("CERES_DOCS_SOFFICE", soffice)
    files = [tmp_path / f"lot-{n}.docx" for n in range(3)]
    for file in files:
        file.write_bytes(b"docx")
    with convert.Converter(tmp_path, len(files)) as converter:
        converter.start(files)
        seen = [(path, converter.lanes[0].process.poll() is None)
                for path in converter.as_converted(poll=0.02)]
    assert seen == [(files[0], True), (files[1], True), (files[2], False)]
    assert converter.late == []
