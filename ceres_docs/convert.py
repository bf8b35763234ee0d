"""DOCX to PDF with headless LibreOffice: one start per run, a private profile, a time limit."""

from __future__ import annotations

import ctypes
import json
import locale
import ntpath
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import CeresDocsError
from .output import remove_folder, uninterrupted


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
REGISTRY_KEY = r"SOFTWARE\LibreOffice\UNO\InstallPath"  # its value: the program folder
WAIT_STEP = 0.2  # seconds: on Windows, Ctrl-C is seen only between two waits


def find_soffice() -> str:
    """LibreOffice's soffice: CERES_DOCS_SOFFICE, then PATH, then the registry (Windows),
    then the usual install places."""
    configured = os.environ.get("CERES_DOCS_SOFFICE", "").strip()
    if configured:
        found = _configured_soffice(configured)
        if found:
            return found
        raise ConverterMissing(
            f"CERES_DOCS_SOFFICE indique « {configured} », qui n'existe pas. {INSTALL_HINT}")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    found = _registry_soffice()
    if found:
        return found
    places = WINDOWS_PLACES if sys.platform == "win32" else MAC_PLACES
    for place in places:
        if Path(place).is_file():
            return place
    raise ConverterMissing(f"LibreOffice est introuvable : impossible de produire les PDF. "
                           f"{INSTALL_HINT}")


def _configured_soffice(configured: str) -> str | None:
    """CERES_DOCS_SOFFICE as people write it: quoted (Explorer's « Copier en tant que chemin
    d'accès »), or naming LibreOffice's folder or its program folder."""
    path = configured.strip('"').strip()
    folder = Path(path)
    if folder.is_dir():
        names = ("soffice.exe", "soffice") if sys.platform == "win32" else ("soffice",)
        for place in (folder, folder / "program"):
            for name in names:
                if (place / name).is_file():
                    return str(place / name)
        return None
    if folder.is_file():
        return path
    return shutil.which(path)


def _registry_soffice() -> str | None:
    """soffice.exe in the program folder LibreOffice's installer records in the registry."""
    if sys.platform != "win32":
        return None
    import winreg

    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(hive, REGISTRY_KEY) as key:
                program, _ = winreg.QueryValueEx(key, "")
        except OSError:
            continue
        soffice = Path(str(program).strip('"')) / "soffice.exe"
        if soffice.is_file():
            return str(soffice)
    return None


def decode_output(data: bytes) -> str:
    """A program's error output: in the ANSI code page on Windows, UTF-8 elsewhere."""
    encoding = locale.getpreferredencoding(False) if sys.platform == "win32" else "utf-8"
    return data.decode(encoding, "replace")


def wait_for(process: subprocess.Popen, timeout: float) -> int:
    """process.wait(timeout) in short steps, so Ctrl-C stops it on Windows too."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return process.wait(timeout=max(0.0, min(WAIT_STEP, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            if time.monotonic() >= deadline:
                raise


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


@dataclass
class _Lane:
    """One LibreOffice process, its error log and the files it converts."""

    process: subprocess.Popen
    log: IO[bytes]
    files: list[Path]


class Converter:
    """LibreOffice processes running side by side, each with its own private profile.

    Use as a context manager: start() launches one process on some files and returns at
    once, so the caller can prepare the next files meanwhile; finish() waits for all of
    them under one deadline and checks every PDF came out. Leaving the block stops any
    process still running, with every process it started (error, time limit, Ctrl-C), and
    removes the folder of their profiles and temporary files. names maps a DOCX file's stem
    to what it holds, for the messages.
    """

    def __init__(self, folder: Path, expected: int, timeout: float | None = None,
                 names: Mapping[str, str] | None = None):
        self.folder = folder
        self.timeout = timeout or default_timeout(expected)
        self.soffice = find_soffice()
        self.names = names or {}
        self.files: list[Path] = []
        self.lanes: list[_Lane] = []
        self.started = 0.0
        self.late: list[Path] = []

    def __enter__(self) -> Converter:
        self.private = Path(tempfile.mkdtemp(prefix="ceres-docs-libreoffice-"))
        RUNNING.add(self)
        return self

    def __exit__(self, *exc: object) -> None:
        RUNNING.discard(self)
        with uninterrupted():
            for lane in self.lanes:
                if lane.process.poll() is None:
                    _kill_tree(lane.process)
                lane.log.close()
            remove_folder(self.private)

    def kill(self) -> None:
        """Stop every process now, from another thread (a server stopping)."""
        for lane in self.lanes:
            if lane.process.poll() is None:
                _kill_tree(lane.process)

    def describe(self, files: Sequence[Path], shown: int = 3) -> str:
        """What the files hold, for a message: the first few, then how many more."""
        names = list(dict.fromkeys(self.names.get(path.stem, path.stem) for path in files))
        if len(names) > shown + 1:
            names = names[:shown] + [f"et {len(names) - shown} autres lots"]
        return " ; ".join(names)

    def start(self, files: Sequence[Path]) -> None:
        if not files:
            return
        if not self.lanes:
            self.started = time.monotonic()
        profile = self.private / f"profil-{len(self.lanes)}"
        temporary = self.private / f"temp-{len(self.lanes)}"
        temporary.mkdir()
        command = [self.soffice, "--headless", "--norestore", "--nologo", "--nodefault",
                   "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", "pdf:writer_pdf_Export:" + json.dumps(PDF_OPTIONS),
                   "--outdir", str(self.folder), *map(str, files)]
        log: IO[bytes] = tempfile.TemporaryFile()
        # Its own temporary folder too: LibreOffice stopped leaves its lu*.tmp files there.
        env = {**os.environ, "TMPDIR": str(temporary), "TMP": str(temporary),
               "TEMP": str(temporary)}
        self.lanes.append(_Lane(_start(command, log, env), log, list(files)))
        self.files += files

    def wait(self) -> list[Path]:
        """Wait for every process; the PDFs that did not come out (empty when all did)."""
        for lane in self.lanes:
            self._ended(lane)
        return self._missing()

    def as_converted(self, poll: float = 0.05) -> Iterator[Path]:
        """The files, each as soon as its PDF is whole, while the processes run. A process
        converts its files in order, writing each PDF before it opens the next file: a PDF is
        whole once a later file's PDF has appeared, or its process has ended well. Then as
        wait(); self.late: the files whose PDFs did not come out (not ready in time)."""
        given = [0] * len(self.lanes)
        while True:
            running = False
            for number, lane in enumerate(self.lanes):
                if lane.process.poll() is None:
                    running = True
                    started = [self._pdf(path).exists() for path in lane.files]
                    whole = max((i for i, seen in enumerate(started) if seen), default=0)
                else:
                    self._ended(lane)
                    whole = len(lane.files)
                for path in lane.files[given[number]:whole]:
                    if self._came_out(path):
                        yield path
                given[number] = max(given[number], whole)
            if not running:
                break
            if time.monotonic() > self.started + self.timeout:
                self._ended(next(lane for lane in self.lanes if lane.process.poll() is None))
            time.sleep(poll)
        self.late = self._missing()

    def _pdf(self, path: Path) -> Path:
        return self.folder / (path.stem + ".pdf")

    def _came_out(self, path: Path) -> bool:
        pdf = self._pdf(path)
        return pdf.is_file() and pdf.stat().st_size > 0

    def _missing(self) -> list[Path]:
        return [self._pdf(path) for path in self.files if not self._came_out(path)]

    def _ended(self, lane: _Lane) -> None:
        """Wait for a process, within the time limit; a French error if it failed."""
        deadline = self.started + self.timeout
        try:
            wait_for(lane.process, max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise ConversionFailed(
                f"LibreOffice n'a pas fini en {self.timeout:.0f} s de convertir : "
                f"{self.describe(lane.files)}. Il a été arrêté. Relancez la commande, ou "
                "augmentez --convert-timeout (en secondes)."
            ) from None
        if lane.process.returncode != 0:
            lane.log.seek(0)
            detail = decode_output(lane.log.read()).strip().splitlines()[-1:]
            raise ConversionFailed(
                f"LibreOffice s'est arrêté sur une erreur (code {lane.process.returncode}"
                + (f" : {detail[0]}" if detail else "")
                + f") en convertissant : {self.describe(lane.files)}."
            )

    def finish(self) -> None:
        """Wait for every process and check every PDF came out."""
        missing = self.wait()
        if missing:
            raise ConversionFailed(f"LibreOffice n'a pas produit le PDF de : "
                                   f"{self.describe(missing)}. Relancez la commande ; si "
                                   "l'erreur persiste, ouvrez le modèle dans LibreOffice pour "
                                   "vérifier qu'il est lisible.")


RUNNING: weakref.WeakSet[Converter] = weakref.WeakSet()


def stop_all() -> None:
    """Stop every LibreOffice a conversion under way started (the web server stopping): the
    conversions fail, and their runs clean up as after any failure."""
    for converter in list(RUNNING):
        converter.kill()


def convert_to_pdf(documents: Sequence[Path], folder: Path, timeout: float | None = None,
                   weights: Sequence[int] | None = None,
                   names: Mapping[str, str] | None = None) -> list[Path]:
    """Convert DOCX files into folder, one LibreOffice per core; every PDF must come out."""
    if not documents:
        return []
    weights = weights or [1] * len(documents)
    with Converter(folder, len(documents), timeout, names) as converter:
        for group in share_out(weights, lanes(len(documents), sum(weights))):
            converter.start([documents[i] for i in group])
        converter.finish()
    return [folder / (document.stem + ".pdf") for document in documents]


def _start(command: list[str], errors: IO[bytes], env: dict[str, str]) -> subprocess.Popen:
    options: dict = {"stdout": subprocess.DEVNULL, "stderr": errors,
                     "stdin": subprocess.DEVNULL, "env": env}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    try:
        process = subprocess.Popen(command, **options)
    except OSError as error:
        errors.close()
        raise ConverterMissing(f"Impossible de lancer LibreOffice ({command[0]}) : "
                               f"{error.strerror}. {INSTALL_HINT}") from None
    tie_to_run(process)
    return process


JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
_job: int | None = None


def tie_to_run(process: subprocess.Popen) -> None:
    """On Windows, put the process in a job that Windows closes with this Python, killing
    every process in it: closing the console window runs no `finally`, and LibreOffice would
    keep running. The processes LibreOffice starts join the job too. Best effort."""
    global _job
    if sys.platform != "win32":
        return
    kernel32 = ctypes.windll.kernel32
    if _job is None:
        kernel32.CreateJobObjectW.restype = ctypes.c_void_p
        kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, ctypes.c_wchar_p)
        kernel32.SetInformationJobObject.argtypes = (ctypes.c_void_p, ctypes.c_int,
                                                     ctypes.c_void_p, ctypes.c_uint32)
        kernel32.AssignProcessToJobObject.argtypes = (ctypes.c_void_p, ctypes.c_void_p)
        job = kernel32.CreateJobObjectW(None, None)
        if not job:
            return
        limits = _ExtendedLimits()
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        if not kernel32.SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                                ctypes.byref(limits), ctypes.sizeof(limits)):
            kernel32.CloseHandle(job)
            return
        _job = job  # never closed: Windows closes it when this Python ends
    kernel32.AssignProcessToJobObject(_job, int(process._handle))


class _BasicLimits(ctypes.Structure):
    _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                ("PerJobUserTimeLimit", ctypes.c_int64),
                ("LimitFlags", ctypes.c_uint32),
                ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t),
                ("ActiveProcessLimit", ctypes.c_uint32),
                ("Affinity", ctypes.c_size_t),
                ("PriorityClass", ctypes.c_uint32),
                ("SchedulingClass", ctypes.c_uint32)]


class _IoCounters(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
        "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]


class _ExtendedLimits(ctypes.Structure):
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION."""

    _fields_ = [("BasicLimitInformation", _BasicLimits),
                ("IoInfo", _IoCounters),
                ("ProcessMemoryLimit", ctypes.c_size_t),
                ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t),
                ("PeakJobMemoryUsed", ctypes.c_size_t)]


def _kill_tree(process: subprocess.Popen) -> None:
    """Stop LibreOffice and every process it started."""
    if sys.platform == "win32":
        try:
            subprocess.run([taskkill(), "/F", "/T", "/PID", str(process.pid)],
                           capture_output=True, check=False)
        except OSError:
            pass
        if process.poll() is None:
            process.kill()
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def taskkill() -> str:
    """taskkill.exe by its full path: never a program of that name in the current folder."""
    return ntpath.join(os.environ.get("SystemRoot") or r"C:\Windows", "System32", "taskkill.exe")
