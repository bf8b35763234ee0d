"""The templates stay editable: exported, opened and saved again as DOCX by LibreOffice (as a
centre touching them up would), they still pass `templates check` and make the same
documents as the default ones: the same files, page counts and text on every page."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from builders import run
from pypdf import PdfReader

from ceres_docs.convert import find_soffice
from ceres_docs.kinds import TEMPLATE_FILES
from ceres_docs.render import render_batch
from ceres_docs.templatecheck import example_contexts

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "sessions.xlsx"
DAY = "2026-12-12"  # 224512: PVs, RA form, return slip, display; 224689: postponement
RUNS = {
    "224512": [kind for kind in TEMPLATE_FILES if kind not in ("demande-report", "doublons")],
    "224689": ["demande-report"],
}


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> Path:
    """Every template exported, then saved again by LibreOffice as Word 2007 XML."""
    folder = tmp_path_factory.mktemp("modeles")
    exported = folder / "exportes"
    assert run("templates", "export", exported).exit_code == 0
    again = folder / "enregistres"
    profile = (folder / "profil").as_uri()
    subprocess.run([find_soffice(), "--headless", "--norestore", "--nologo", "--nodefault",
                    "--nolockcheck", f"-env:UserInstallation={profile}", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(again),
                    *(str(exported / f"{kind}.docx") for kind in TEMPLATE_FILES)],
                   check=True, capture_output=True, timeout=300)
    return again


def generated(out: Path, templates: Path | None = None) -> dict[str, list[str]]:
    """Each PDF the sample's sessions get, by path: the text of each page."""
    for session, kinds in RUNS.items():
        args = ["generate", SAMPLE, "--out", out / session, "--today", DAY, "--session",
                session, *(arg for kind in kinds for arg in ("--only", kind))]
        if templates is not None:
            args += ["--templates", templates]
        result = run(*args)
        assert result.exit_code == 0, result.output
    return {str(pdf.relative_to(out)): [" ".join(page.extract_text().split())
                                        for page in PdfReader(pdf).pages]
            for pdf in sorted(out.rglob("*.pdf"))}


def plain(text: str) -> str:
    """Letters and digits only, without accents, in capitals: as a file name writes a name."""
    unaccented = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]", "", unaccented.upper())


def test_the_resaved_templates_pass_the_check(resaved):
    assert sorted(p.stem for p in resaved.glob("*.docx")) == sorted(TEMPLATE_FILES)
    result = run("templates", "check", resaved)
    assert result.exit_code == 0, result.output
    assert result.output.count(": correct") == len(TEMPLATE_FILES)


def test_the_resaved_templates_make_the_same_documents(resaved, tmp_path):
    default = generated(tmp_path / "defaut")
    edited = generated(tmp_path / "modifies", resaved)
    assert sorted(edited) == sorted(default)
    convocations = [path for path in default if "/CONV_" in path]
    pvs = [path for path in default if "/PVI_" in path]
    assert len(convocations) == len(pvs) == 17
    for path in convocations + pvs:
        # the candidate's name, from the file name, on the first page (split per record)
        last_name = path.rsplit("_", 2)[-2]
        assert plain(last_name) in plain(edited[path][0]), path
    for path, pages in default.items():
        assert edited[path] == pages, path


def test_a_resaved_one_page_template_still_gets_page_breaks(resaved, tmp_path):
    """LibreOffice adds no page number, first page or even/odd pages on saving: batches of
    the one-page kinds stay without a section per record."""
    for kind in ("convocation-candidat", "pv-individuel"):
        render_batch(resaved / f"{kind}.docx", [example_contexts()[kind]] * 3,
                     tmp_path / f"{kind}.docx")
        with zipfile.ZipFile(tmp_path / f"{kind}.docx") as archive:
            assert archive.read("word/document.xml").decode().count("<w:sectPr") == 1, kind
