"""Times one session's documents produced through the running web server (its LibreOffice
kept warm) beside the plain way, measured in the same run: one cold `soffice --headless
--convert-to pdf` of a one-page DOCX (a new profile each time, as a command-line run has), and
the same session through the command line. Goal: the server ≤ 0.5× the plain way."""

from __future__ import annotations

import io
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

from bench_generate import CLI, SAMPLE, everything, largest_session, timed

RUNS = 5
DAY = "2026-11-30"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post(url: str, fields: dict[str, str], workbook: Path) -> bytes:
    """A multipart POST with the workbook as the field `classeur`."""
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                   f"{value}\r\n".encode())
    body.write(f"--{boundary}\r\nContent-Disposition: form-data; name=\"classeur\"; "
               f"filename=\"{workbook.name}\"\r\nContent-Type: application/octet-stream"
               "\r\n\r\n".encode())
    body.write(workbook.read_bytes())
    body.write(f"\r\n--{boundary}--\r\n".encode())
    request = urllib.request.Request(url, data=body.getvalue(), headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=300) as answer:
        return bytes(answer.read())


def main() -> int:
    from ceres_docs.convert import find_soffice
    from ceres_docs.kinds import KIND, KINDS

    soffice = find_soffice()
    session = largest_session()
    kinds = [name for name in KINDS if KIND[name].refusal is None]
    fields = {"today": DAY, "sessions": session, "kinds": ",".join(kinds)}
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/api/generate"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.1)
        post(url, fields, SAMPLE)  # the first one waits for LibreOffice to be ready
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            subprocess.run([*CLI, "generate", str(SAMPLE), "--out", str(folder / "docx"),
                            "--no-pdf", "--today", DAY,
                            *everything(SAMPLE, [session], ("convocation-candidat",))],
                           check=True, capture_output=True)
            one_page = next((folder / "docx").rglob("*.docx"))
            plain, warm_profile, command_line, served = [], [], [], []
            count = 0
            for run in range(RUNS):
                profile = (folder / f"profile-{run}").as_uri()
                plain.append(timed([soffice, "--headless", f"-env:UserInstallation={profile}",
                                    "--convert-to", "pdf", "--outdir", str(folder / "plain"),
                                    str(one_page)]))
                warm_profile.append(timed([soffice, "--headless",
                                           f"-env:UserInstallation={profile}",
                                           "--convert-to", "pdf", "--outdir",
                                           str(folder / "plain"), str(one_page)]))
                command_line.append(timed([*CLI, "generate", str(SAMPLE), "--out",
                                           str(folder / f"cli-{run}"), "--today", DAY,
                                           *everything(SAMPLE, [session])]))
                start = time.perf_counter()
                archive = post(url, fields, SAMPLE)
                served.append(time.perf_counter() - start)
                with zipfile.ZipFile(io.BytesIO(archive)) as made:
                    count = len(json.loads(made.read("manifest.json"))["documents"])
    finally:
        server.terminate()
        server.wait(timeout=60)
    base = statistics.median(plain)
    print(f"{'way':<62}{'PDFs':>6}{'median s':>10}{'ratio':>7}")
    for label, times, pdfs in (
        ("plain soffice --convert-to pdf, one 1-page DOCX, new profile", plain, 1),
        ("the same, its profile already made", warm_profile, 1),
        (f"generate (command line), session {session}", command_line, count),
        (f"web server, warm LibreOffice, session {session}", served, count),
    ):
        median = statistics.median(times)
        print(f"{label:<62}{pdfs:>6}{median:>10.2f}{median / base:>7.2f}")
    ratio = statistics.median(served) / base
    print(f"Server against one cold conversion: {ratio:.2f}× (goal ≤ 0.50×); "
          f"{os.cpu_count()} cores.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
