"""DOCX to PDF with headless LibreOffice: one start per run, a private profile, a time limit."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

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


def convert_to_pdf(documents: Sequence[Path], folder: Path,
                   timeout: float | None = None) -> list[Path]:
    """Convert DOCX files into folder in one LibreOffice run; every PDF must come out."""
    if not documents:
        return []
    soffice = find_soffice()
    timeout = timeout or default_timeout(len(documents))
    with tempfile.TemporaryDirectory(prefix="ceres-docs-profile-") as profile:
        command = [
            soffice, "--headless", "--norestore", "--nologo", "--nodefault",
            "--nolockcheck", f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to", "pdf:writer_pdf_Export:" + json.dumps(PDF_OPTIONS),
            "--outdir", str(folder), *map(str, documents),
        ]
        _run(command, timeout, documents)
    expected = [folder / (document.stem + ".pdf") for document in documents]
    missing = [path for path in expected if not path.is_file() or path.stat().st_size == 0]
    if missing:
        names = ", ".join(path.stem for path in missing)
        raise ConversionFailed(f"LibreOffice n'a pas produit le PDF de : {names}. Relancez la "
                               "commande ; si l'erreur persiste, ouvrez le modèle dans "
                               "LibreOffice pour vérifier qu'il est lisible.")
    return expected


def _run(command: list[str], timeout: float, documents: Sequence[Path]) -> None:
    options: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE,
                     "stdin": subprocess.DEVNULL}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    try:
        process = subprocess.Popen(command, **options)
    except OSError as error:
        raise ConverterMissing(f"Impossible de lancer LibreOffice ({command[0]}) : "
                               f"{error.strerror}. {INSTALL_HINT}") from None
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        raise ConversionFailed(
            f"LibreOffice n'a pas terminé la conversion de {len(documents)} document(s) en "
            f"{timeout:.0f} s : il a été arrêté. Relancez la commande, ou augmentez "
            "--convert-timeout."
        ) from None
    except BaseException:
        _kill_tree(process)
        raise
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
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
