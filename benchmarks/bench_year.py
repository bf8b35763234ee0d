"""A year of documents: ~150 sessions, ~2,000 candidates, end to end (issue "Performance").

Ways measured in the same run, on the same synthetic workbook:
- ours: `ceres-docs generate` (records rendered together, one LibreOffice per core, PDFs split
  per record), wall time and peak memory of the whole process tree;
- one `soffice --convert-to pdf` per file: timed on a sample of single-record DOCX files,
  extrapolated to every PDF;
- one `soffice` call with all the files: timed on a larger sample, extrapolated;
and goal 1, the sample's largest session against one plain conversion of a one-page DOCX.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_generate import everything, largest_session, plain_page_cost, timed  # noqa: E402
from synthetic import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "sessions.xlsx"
CLI = [sys.executable, "-m", "ceres_docs"]
PER_FILE_SAMPLE = 12
ONE_CALL_SAMPLE = 120


def tree_rss(sid: int) -> int:
    """Resident memory of every process in a session, in bytes (Linux /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[3]) == sid:
                total += int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def measured(command: list[str]) -> tuple[float, int]:
    """Wall time and peak memory (sum over the process tree) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    sampler.join()
    if process.returncode:
        raise SystemExit(err.decode())
    return time.perf_counter() - start, peak


def main() -> int:
    from ceres_docs.convert import find_soffice

    soffice = find_soffice()
    data = Path(__file__).parent / "data"
    data.mkdir(exist_ok=True)
    year = data / "annee-150-sessions-2000-candidats.xlsx"
    if not year.exists():
        build(year, sessions=150, candidates=2000)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        wall, peak = measured([*CLI, "generate", str(year), "--out", str(folder / "ours"),
                               *everything(year)])
        documents = json.loads((folder / "ours" / "manifest.json").read_text())["documents"]
        pdfs = sum(d["format"] == "pdf" for d in documents)
        pages = sum(d["pages"] or 0 for d in documents if d["format"] == "pdf")
        subprocess.run([*CLI, "generate", str(year), "--out", str(folder / "docx"),
                        "--no-pdf", *everything(year, kinds=("convocation-candidat",
                                                             "pv-individuel"))],
                       check=True, capture_output=True)
        singles = sorted((folder / "docx").rglob("*.docx"))
        step = max(1, len(singles) // ONE_CALL_SAMPLE)
        spread = singles[::step][:ONE_CALL_SAMPLE]
        per_file = [timed([soffice, "--headless",
                           f"-env:UserInstallation={(folder / f'p{i}').as_uri()}",
                           "--convert-to", "pdf", "--outdir", str(folder / "plain"), str(f)])
                    for i, f in enumerate(spread[:PER_FILE_SAMPLE])]
        one_call = timed([soffice, "--headless",
                          f"-env:UserInstallation={(folder / 'one').as_uri()}",
                          "--convert-to", "pdf", "--outdir", str(folder / "one-call"),
                          *map(str, spread)])
        one_page = spread[0]
        plain = statistics.median(timed([soffice, "--headless",
                                         f"-env:UserInstallation={(folder / f'q{i}').as_uri()}",
                                         "--convert-to", "pdf", "--outdir",
                                         str(folder / "q"), str(one_page)]) for i in range(3))
        largest = largest_session()
        session = statistics.median(timed([*CLI, "generate", str(SAMPLE), "--out",
                                           str(folder / f"s{i}"),
                                           *everything(SAMPLE, [largest])])
                                    for i in range(3))
        page_cost, _ = plain_page_cost(soffice, folder / "texte")
        session_pdfs = sum(d["format"] == "pdf" for d in json.loads(
            (folder / "s0" / "manifest.json").read_text())["documents"])
    per_file_total = statistics.mean(per_file) * pdfs
    one_call_total = one_call / len(spread) * pdfs
    print(f"Synthetic year: {year.name} — {pdfs} PDFs ({pages} pages), "
          f"{len(documents) - pdfs} other files")
    print(f"{'way':<50}{'wall s':>9}{'ms/PDF':>8}{'vs ours':>9}{'peak MB':>9}")
    print(f"{'ceres-docs generate (measured)':<50}{wall:>9.1f}{wall / pdfs * 1000:>8.1f}"
          f"{1:>9.2f}{peak / 2**20:>9.0f}")
    print(f"{f'soffice per file ({PER_FILE_SAMPLE} timed, extrapolated)':<50}"
          f"{per_file_total:>9.1f}{per_file_total / pdfs * 1000:>8.1f}"
          f"{per_file_total / wall:>9.2f}{'':>9}")
    print(f"{f'one soffice call, all files ({len(spread)} timed, extr.)':<50}"
          f"{one_call_total:>9.1f}{one_call_total / pdfs * 1000:>8.1f}"
          f"{one_call_total / wall:>9.2f}{'':>9}")
    print(f"Synthetic year: {wall / pages * 1000:.2f} ms per page against "
          f"{page_cost * 1000:.2f} ms for a page of plain text (100 pages less 1, warm profile, "
          f"same LibreOffice) → ratio {wall / pages / page_cost:.2f}")
    print(f"Goal 2: year ≤ 30 s and ≤ 1536 MB → {'met' if wall <= 30 else 'MISSED'} "
          f"({wall:.1f} s, {peak / 2**20:.0f} MB)")
    ratio = session / plain
    print(f"Goal 1: largest sample session ({largest}, {session_pdfs} PDFs) {session:.2f} s vs one "
          f"plain 1-page conversion {plain:.2f} s → ratio {ratio:.2f} "
          f"({'met' if ratio <= 1.5 else 'MISSED'}, goal ≤ 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
