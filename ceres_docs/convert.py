"""DOCX to PDF with headless LibreOffice: one start per run, a private profile, a time limit."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from .errors import CeresDocsError


class ConverterMissing(CeresDocsError):
    "LibreOffice cannot be found."


class ConversionFailed(CeresDocsError):
    "LibreOffice failed, hung, or left a PDF missing."


WINDOWS_PLACES = [
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
]
MAC_PLACES = ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
INSTALL_HINT = (
    "Installez LibreOffice (https://www.libreoffice.org ; sous Debian/Ubuntu : "
    "« sudo apt-get install libreoffice-writer-nogui »), ou indiquez le chemin de soffice dans "
    "la variable CERES_DOCS_SOFFICE. L'option --no-pdf produit les documents en DOCX seulement."
)
PDF_OPTIONS = {"ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"}}


def find_soffice() -> str:
    """LibreOffice's soffice: CERES_DOCS_SOFFICE, then PATH, then the usual install places."""
    configured = os.environ.get("CERES_DOCS_SOFFICE")
    if configured:
        if Path(configured).is_file() or shutil.which(configured):
            return configured
        raise ConverterMissing(
            f"CERES_DOCS_SOFFICE indique « {configured} », qui n'existe pas. {INSTALL_HINT}")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    places = WINDOWS_PLACES if sys.platform == "win32" else MAC_PLACES
    for place in places:
        if Path(place).is_file():
            return place
    raise ConverterMissing(f"LibreOffice est introuvable : impossible de produire les PDF. "
                           f"{INSTALL_HINT}")


def default_timeout(files: int) -> float:
    """Room for a cold start plus a generous time per file."""
    return 120.0 + 10.0 * files


# Work (in records, weighted by kind) below which a second LibreOffice costs more to start
# than it saves.
LANE_WORK = 40


def lanes(count: int, work: int = 0) -> int:
    """How many LibreOffice processes to run side by side: one per core, at most four, and
    only as many as the work keeps busy."""
    wanted = max(1, -(-work // LANE_WORK)) if work else count
    return max(1, min(os.cpu_count() or 1, 4, count, wanted))


def share_out(weights: Sequence[int], count: int) -> list[list[int]]:
    """Indexes of the files each process converts, heaviest first, so they end together."""
    groups: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for index in sorted(range(len(weights)), key=lambda i: -weights[i]):
        lane = loads.index(min(loads))
        groups[lane].append(index)
        loads[lane] += weights[index]
    return [group for group in groups if group]


class Converter:
    """LibreOffice processes running side by side, each with its own private profile.

    Use as a context manager: start() launches one process on some files and returns at
    once, so the caller can prepare the next files meanwhile; finish() waits for all of
    them under one deadline and checks every PDF came out. Leaving the block stops any
    process still running (error, Ctrl-C) and removes the profiles.
    """

    def __init__(self, folder: Path, expected: int, timeout: float | None = None):
        self.folder = folder
        self.timeout = timeout or default_timeout(expected)
        self.soffice = find_soffice()
        self.files: list[Path] = []
        self.running: list[tuple[subprocess.Popen, IO[bytes]]] = []
        self.started = 0.0

    def __enter__(self) -> Converter:
        self.profiles = tempfile.TemporaryDirectory(prefix="ceres-docs-profiles-")
        return self

    def __exit__(self, *exc: object) -> None:
        for process, errors in self.running:
            if process.poll() is None:
                _kill_tree(process)
            errors.close()
        self.profiles.cleanup()

    def start(self, files: Sequence[Path]) -> None:
        if not files:
            return
        if not self.running:
            self.started = time.monotonic()
        profile = Path(self.profiles.name) / str(len(self.running))
        command = [self.soffice, "--headless", "--norestore", "--nologo", "--nodefault",
                   "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", "pdf:writer_pdf_Export:" + json.dumps(PDF_OPTIONS),
                   "--outdir", str(self.folder), *map(str, files)]
        log: IO[bytes] = tempfile.TemporaryFile()
        self.running.append((_start(command, log), log))
        self.files += files

    def wait(self) -> list[Path]:
        """Wait for every process; the PDFs that did not come out (empty when all did)."""
        deadline = self.started + self.timeout
        for process, errors in self.running:
            _wait(process, errors, deadline, self.timeout, len(self.files))
        expected = [self.folder / (path.stem + ".pdf") for path in self.files]
        return [p for p in expected if not p.is_file() or p.stat().st_size == 0]

    def finish(self) -> None:
        """Wait for every process and check every PDF came out."""
        missing = self.wait()
        if missing:
            names = ", ".join(path.stem for path in missing)
            raise ConversionFailed(f"LibreOffice n'a pas produit le PDF de : {names}. Relancez "
                                   "la commande ; si l'erreur persiste, ouvrez le modèle dans "
                                   "LibreOffice pour vérifier qu'il est lisible.")


def convert_to_pdf(documents: Sequence[Path], folder: Path, timeout: float | None = None,
                   weights: Sequence[int] | None = None) -> list[Path]:
    """Convert DOCX files into folder, one LibreOffice per core; every PDF must come out."""
    if not documents:
        return []
    weights = weights or [1] * len(documents)
    with Converter(folder, len(documents), timeout) as converter:
        for group in share_out(weights, lanes(len(documents), sum(weights))):
            converter.start([documents[i] for i in group])
        converter.finish()
    return [folder / (document.stem + ".pdf") for document in documents]


def _start(command: list[str], errors: IO[bytes]) -> subprocess.Popen:
    options: dict = {"stdout": subprocess.DEVNULL, "stderr": errors,
                     "stdin": subprocess.DEVNULL}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    try:
        return subprocess.Popen(command, **options)
    except OSError as error:
        errors.close()
        raise ConverterMissing(f"Impossible de lancer LibreOffice ({command[0]}) : "
                               f"{error.strerror}. {INSTALL_HINT}") from None


def _wait(process: subprocess.Popen, errors: IO[bytes], deadline: float, timeout: float,
          count: int) -> None:
    try:
        process.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise ConversionFailed(
            f"LibreOffice n'a pas terminé la conversion de {count} document(s) en "
            f"{timeout:.0f} s : il a été arrêté. Relancez la commande, ou augmentez "
            "--convert-timeout."
        ) from None
    if process.returncode != 0:
        errors.seek(0)
        detail = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
        raise ConversionFailed(
            f"LibreOffice s'est arrêté sur une erreur (code {process.returncode})"
            + (f" : {detail[0]}" if detail else "") + "."
        )


def _kill_tree(process: subprocess.Popen) -> None:
    """Stop LibreOffice and every process it started."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                       capture_output=True, check=False)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()
