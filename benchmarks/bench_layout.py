"""LibreOffice's time per page, kind by kind: N records of a kind rendered into one DOCX
(render_batch, as `generate` does), converted by one cold `soffice --convert-to pdf` whose
profile exists already, minus a one-page DOCX converted the same way; beside a DOCX of N
pages of plain paragraphs in the same font, the floor.

    python benchmarks/bench_layout.py [--records 100] [--runs 3] [--only KIND]

Prints, per kind: pages, ms per page (wall time, and LibreOffice's CPU time), pages per
second. The records are the sample workbook's (cycled to N), or the templates' example when
the sample has none of a kind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "templates")]

from ceres_docs.convert import PDF_OPTIONS, find_soffice  # noqa: E402
from ceres_docs.kinds import KIND, TEMPLATE_FILES  # noqa: E402
from ceres_docs.render import render_batch, render_one, template_path  # noqa: E402

SAMPLE = ROOT / "samples" / "sessions.xlsx"
DAY = dt.date(2026, 12, 12)  # every kind of the sample is due for some session that day


def sample_contexts() -> dict[str, list[dict[str, Any]]]:
    """Every record of every kind the sample gives, whatever the sessions' stages."""
    from ceres_docs.generate import prepare
    from ceres_docs.plan import refusal
    from ceres_docs.rules import validate

    book = validate(SAMPLE, DAY).book
    assert book is not None
    found: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for kind in TEMPLATE_FILES:
            if not KIND[kind].session:
                continue
            allowed = [s.id for s in book.sessions.values()
                       if not s.cancelled and refusal(s, kind, DAY) is None]
            if allowed:
                job = prepare(SAMPLE, Path(scratch) / "out", sessions=allowed, kinds=[kind],
                              pdf=False, today=DAY)
                found[kind] = [d.context for d in job.documents if d.kind == kind]
    return found


def plain_template(path: Path, pages: int) -> None:
    """pages full pages of plain paragraphs (24 of two lines each), the templates' font and
    footer, no table."""
    from build_templates import Builder  # type: ignore[import-not-found]
    from docx.enum.text import WD_BREAK

    b = Builder("Texte simple")
    line = ("Nous avons le plaisir de vous convoquer aux épreuves de la session d'examen "
            "suivante, à l'heure indiquée, muni(e) des documents demandés.")
    for page in range(pages):
        for _ in range(24):
            b.p(line)
        if page < pages - 1:
            b.doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    b.save(path)


def convert(soffice: str, profile: str, docx: Path, outdir: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one cold conversion."""
    command = [soffice, "--headless", "--norestore", "--nologo", "--nodefault",
               "--nolockcheck", f"-env:UserInstallation={profile}",
               "--convert-to", "pdf:writer_pdf_Export:" + json.dumps(PDF_OPTIONS),
               "--outdir", str(outdir), str(docx)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--json", type=Path, help="also write the rows there")
    args = parser.parse_args(argv)
    from ceres_docs.templatecheck import example_contexts

    soffice = find_soffice()
    contexts = sample_contexts()
    examples = example_contexts()
    kinds = args.only or list(TEMPLATE_FILES)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        profile = (folder / "profil").as_uri()
        out = folder / "pdf"
        one = folder / "une-page.docx"
        render_one(template_path(None, "convocation-candidat"),
                   (contexts.get("convocation-candidat") or
                    [examples["convocation-candidat"]])[0], one)
        convert(soffice, profile, one, out)  # the profile is created here, not timed
        files = {}
        for kind in kinds:
            records = contexts.get(kind) or [examples[kind]]
            files[kind] = folder / f"{kind}.docx"
            render_batch(template_path(None, kind),
                         list(islice(cycle(records), args.records)), files[kind])
        files["texte simple"] = folder / "texte-simple.docx"
        plain = folder / "texte-simple-modele.docx"
        plain_template(plain, args.records)
        render_one(plain, examples["convocation-candidat"], files["texte simple"])
        for name, docx in files.items():
            base, batch = [], []
            for _run in range(args.runs):
                base.append(convert(soffice, profile, one, out))
                batch.append(convert(soffice, profile, docx, out))
            pages = page_count(out / f"{docx.stem}.pdf")
            wall = statistics.median(b[0] for b in batch) - statistics.median(
                b[0] for b in base)
            cpu = statistics.median(b[1] for b in batch) - statistics.median(b[1] for b in base)
            rows.append({"kind": name, "records": args.records, "pages": pages,
                         "ms_per_page": 1000 * wall / pages, "cpu_ms_per_page": 1000 * cpu / pages,
                         "pages_per_second": pages / wall if wall > 0 else float("inf")})
            row = rows[-1]
            print(f"{name:26} {pages:5d} pages  {row['ms_per_page']:6.1f} ms/page  "
                  f"(CPU {row['cpu_ms_per_page']:5.1f})  {row['pages_per_second']:6.1f} pages/s",
                  flush=True)
    print(f"\n{'kind':26} | pages | ms/page | CPU ms/page | pages/s")
    print(f"{'-' * 26} | ----- | ------- | ----------- | -------")
    for row in rows:
        print(f"{row['kind']:26} | {row['pages']:5d} | {row['ms_per_page']:7.1f} | "
              f"{row['cpu_ms_per_page']:11.1f} | {row['pages_per_second']:7.1f}")
    print(f"\n{args.records} records per kind, {args.runs} runs (medians), {os.cpu_count()} "
          "cores; one-page conversion subtracted.")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
