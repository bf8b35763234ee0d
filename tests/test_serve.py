"""`ceres-docs serve` as a process: LibreOffice kept warm from the start, and a server stopped
in the middle of a production (Ctrl-C, SIGTERM) stops it at once, leaving no LibreOffice
running and nothing in its temporary folder."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest
from builders import posix_only
from test_browser import ROOT, SAMPLE, free_port
from test_engine import running

from ceres_docs.kinds import KIND, KINDS

EVERYTHING = ",".join(name for name in KINDS if KIND[name].refusal is None)


def start(temp: Path) -> tuple[subprocess.Popen, str]:
    """The server, its temporary files (uploads, LibreOffice's profiles) in temp."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ceres_docs", "serve", "--port", str(port)], cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"the server did not start: {process.communicate()[0]!r}")


def programs(folder: Path) -> list[str]:
    """The LibreOffices and UNO workers running with their profiles in folder."""
    found = []
    for pid in running(folder):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        found += [Path(part.decode()).name for part in command[:2]
                  if part.endswith((b"soffice.bin", b"unoworker.py"))]
    return found


def generate(url: str, fields: dict[str, str]) -> tuple[int, bytes]:
    """POST /api/generate with the sample workbook; the status and the body."""
    boundary = uuid.uuid4().hex
    body = b"".join(
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        .encode() for name, value in fields.items())
    body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"classeur\"; "
             f"filename=\"sessions.xlsx\"\r\n\r\n").encode() + SAMPLE.read_bytes()
    body += f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url + "/api/generate", data=body, headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:  # the server went away first
        return 0, b""


@posix_only  # programs() reads /proc
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_a_server_stopped_mid_production_stops_libreoffice_and_forgets_everything(
        tmp_path, number):
    temp = tmp_path / "tmp"
    temp.mkdir()
    process, url = start(temp)
    try:
        # Warm: two UNO workers, each with its LibreOffice (soffice.bin), started with the
        # server (LibreOffice restarts itself once after making its profile: wait for both).
        deadline = time.monotonic() + 60
        while sorted(programs(temp)) != ["soffice.bin", "soffice.bin", "unoworker.py",
                                         "unoworker.py"]:
            assert time.monotonic() < deadline, programs(temp)
            time.sleep(0.1)
        status, archive = generate(url, {"today": "2026-11-30", "sessions": "224633",
                                         "kinds": "pv-general"})
        assert status == 200
        with zipfile.ZipFile(io.BytesIO(archive)) as made:
            assert [d["kind"] for d in json.loads(made.read("manifest.json"))["documents"]] \
                == ["pv-general"]
        answers: list[tuple[int, bytes]] = []
        client = threading.Thread(target=lambda: answers.append(
            generate(url, {"today": "2026-11-30", "kinds": EVERYTHING,
                           "sessions": "224512,224587,224633,224689,224724,224758"})))
        client.start()
        deadline = time.monotonic() + 60
        batches = "ceres-docs-web-*/*/.ceres-docs-*/ceres-docs-travail-*/lot-*.docx"
        while not list(temp.glob(batches)):
            assert time.monotonic() < deadline and not answers, answers
            time.sleep(0.02)
        process.send_signal(number)
        clock = time.monotonic()
        process.wait(timeout=30)
        assert time.monotonic() - clock < 10
        client.join(30)
    finally:
        if process.poll() is None:
            process.kill()
        output = process.communicate(timeout=30)[0]
    assert running(temp) == []
    assert list(temp.iterdir()) == []  # uploads, documents, profiles: all gone
    status, body = answers[0]
    assert status in (0, 400), body  # cut off, or told the production stopped
    if status:
        assert "arrêt" in json.loads(body)["error"]
    assert b"Traceback" not in output, output
