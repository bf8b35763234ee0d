"""Times `generate` on the sample workbook and on its largest session, beside the plain way:
one `soffice --headless --convert-to pdf` of a one-page DOCX, measured in the same run."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "sessions.xlsx"
CLI = [sys.executable, "-m", "ceres_docs"]
RUNS = 3


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


PLAIN_PAGES = 100
LOREM = ("Le jury se réunit à l'issue des épreuves pour délibérer ; chaque candidat reçoit "
         "une notification de résultat, et le procès-verbal est transmis à la DIECCTE. ")


def plain_text_docx(path: Path, pages: int) -> Path:
    """A DOCX of plain paragraphs, one page break after each page's worth of text."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    for page in range(pages):
        for _ in range(6):
            paragraph = document.add_paragraph(LOREM * 2)
        if page < pages - 1:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def plain_page_cost(soffice: str, folder: Path, runs: int = 3) -> tuple[float, int]:
    """What a page of plain text costs this LibreOffice, in seconds: a 100-page DOCX
    converted with a warm profile, less a 1-page one, divided by the pages (median of runs);
    with the long file's page count."""
    from pypdf import PdfReader

    folder.mkdir(parents=True, exist_ok=True)
    short = plain_text_docx(folder / "texte-1.docx", 1)
    long = plain_text_docx(folder / "texte-100.docx", PLAIN_PAGES)
    command = [soffice, "--headless", f"-env:UserInstallation={(folder / 'profil').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(folder)]
    subprocess.run([*command, str(long)], check=True, capture_output=True)  # warms the profile
    pages = len(PdfReader(long.with_suffix(".pdf")).pages)
    costs = [(timed([*command, str(long)]) - timed([*command, str(short)])) / pages
             for _ in range(runs)]
    return statistics.median(costs), pages


def everything(workbook: Path, sessions: list[str] | None = None,
               kinds: tuple[str, ...] | None = None) -> list[str]:
    """generate's arguments asking by name for every kind of every session (whatever its
    stage, so that each run does the same work); the kinds the procedure may refuse
    (affichage, demande-report) are left out."""
    from ceres_docs.kinds import KIND, KINDS
    from ceres_docs.rules import validate

    if sessions is None:
        book = validate(workbook).book
        assert book is not None
        sessions = [s.id for s in book.sessions.values() if not s.cancelled]
    kinds = kinds or tuple(name for name in KINDS if KIND[name].refusal is None)
    return [*(arg for s in sessions for arg in ("--session", s)),
            *(arg for k in kinds for arg in ("--only", k))]


def largest_session() -> str:
    from ceres_docs.rules import validate

    book = validate(SAMPLE).book
    assert book is not None
    return max(book.sessions.values(), key=lambda s: len(s.inscriptions) + len(s.intervenants)).id


def main() -> int:
    from ceres_docs.convert import find_soffice

    soffice = find_soffice()
    session = largest_session()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        subprocess.run([*CLI, "generate", str(SAMPLE), "--out", str(folder / "docx"),
                        "--no-pdf", *everything(SAMPLE, [session], ("convocation-candidat",))],
                       check=True, capture_output=True)
        one_page = next((folder / "docx").rglob("*.docx"))
        plain, whole, largest = [], [], []
        for run in range(RUNS):
            profile = (folder / f"profile-{run}").as_uri()
            plain.append(timed([soffice, "--headless", f"-env:UserInstallation={profile}",
                                "--convert-to", "pdf", "--outdir", str(folder / "plain"),
                                str(one_page)]))
            whole.append(timed([*CLI, "generate", str(SAMPLE), "--out",
                                str(folder / f"all-{run}"), *everything(SAMPLE)]))
            largest.append(timed([*CLI, "generate", str(SAMPLE), "--out",
                                  str(folder / f"one-{run}"), *everything(SAMPLE, [session])]))
        counts = {
            name: len(json.loads((folder / f"{name}-0" / "manifest.json").read_text())
                      ["documents"])
            for name in ("all", "one")
        }
        kinds = Counter(e["kind"] for e in json.loads(
            (folder / "one-0" / "manifest.json").read_text())["documents"])
    base = statistics.median(plain)
    print(f"{'way':<52}{'PDFs':>6}{'median s':>10}{'ms/PDF':>8}{'ratio':>7}")
    print(f"{'plain soffice --convert-to pdf, one 1-page DOCX':<52}{1:>6}{base:>10.2f}"
          f"{base * 1000:>8.0f}{1:>7.2f}")
    for label, times, count in (
        (f"generate, largest session ({session})", largest, counts["one"]),
        ("generate, whole sample", whole, counts["all"]),
    ):
        median = statistics.median(times)
        print(f"{label:<52}{count:>6}{median:>10.2f}{median / count * 1000:>8.0f}"
              f"{median / base:>7.2f}")
    print(f"Largest session documents: {dict(kinds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
