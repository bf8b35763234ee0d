"""A warm engine for the web server: LibreOffice processes kept running between productions.

The command line starts LibreOffice for each run (convert.py): it pays about two seconds of
start-up, once. A server pays it once for all: each process of the engine is one LibreOffice
driven through UNO by unoworker.py, with its own profile, converting one file at a time. A
process is started again after RESTART_AFTER conversions (LibreOffice grows), after any
failure, and after a time-out; close() stops every one of them, and a worker whose server
died stops its LibreOffice by itself (its input ends).
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import secrets
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as NotYet  # not the builtin before 3.11
from pathlib import Path
from typing import IO

from .convert import (
    WAIT_STEP,
    ConversionFailed,
    _kill_tree,
    decode_output,
    find_soffice,
    tie_to_run,
    wait_for,
)
from .errors import CeresDocsError
from .output import remove_folder

WORKER = Path(__file__).resolve().parent / "unoworker.py"
RESTART_AFTER = 200  # conversions by one LibreOffice before it is started afresh
READY_WITHIN = 90.0  # seconds for a LibreOffice to start and answer
CONVERT_WITHIN = 120.0  # seconds for one file (a batch of up to 200 records)
STOP_WITHIN = 5.0  # seconds a LibreOffice has to close itself when the server stops


class EngineUnavailable(CeresDocsError):
    "No Python with LibreOffice's uno module: the server converts as the command line does."


def find_uno_python(soffice: str) -> str:
    """A Python that can import LibreOffice's uno module: CERES_DOCS_UNO_PYTHON, the one
    LibreOffice ships beside soffice (Windows), this one, or the system's (python3-uno)."""
    configured = os.environ.get("CERES_DOCS_UNO_PYTHON")
    if configured:
        return configured
    program = Path(soffice).resolve().parent
    for name in ("python.exe", "python"):
        if (program / name).is_file():
            return str(program / name)
    if importlib.util.find_spec("uno") is not None:
        return sys.executable
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if Path(candidate).is_file() and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, check=False,
                timeout=30).returncode == 0:
            return candidate
    raise EngineUnavailable(
        "Le module uno de LibreOffice est introuvable (sous Debian/Ubuntu : « sudo apt-get "
        "install python3-uno ») : LibreOffice sera démarré à chaque production.")


class Office:
    """One LibreOffice and its UNO worker, started again whenever needed."""

    def __init__(self, python: str, soffice: str, folder: Path, number: int):
        self.python, self.soffice, self.number = python, soffice, number
        self.profile = folder / f"profil-{number}"
        self.temporary = folder / f"temp-{number}"
        self.temporary.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen[str] | None = None
        self.answers: queue.Queue[str] = queue.Queue()
        self.log: IO[bytes] | None = None
        self.ready = False
        self.conversions = 0
        self.starts = 0

    def start(self) -> None:
        """Launch LibreOffice and return at once: it gets ready while the server waits."""
        self.starts += 1
        self.answers = queue.Queue()
        self.log = tempfile.TemporaryFile()
        options: dict = {}
        if sys.platform == "win32":
            options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            options["start_new_session"] = True
        env = {**os.environ, "TMPDIR": str(self.temporary), "TMP": str(self.temporary),
               "TEMP": str(self.temporary)}
        pipe = f"ceres-docs-{secrets.token_hex(8)}"  # unique: two engines never share one
        self.process = subprocess.Popen(
            [self.python, str(WORKER), self.soffice, self.profile.as_uri(), pipe],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
            encoding="utf-8", env=env, **options)
        tie_to_run(self.process)
        self.ready, self.conversions = False, 0
        threading.Thread(target=_read_lines, args=(self.process.stdout, self.answers),
                         daemon=True).start()

    def stop(self, within: float = 0.0) -> None:
        """Stop LibreOffice: by force, or first by ending the worker's input and giving it
        within seconds to close LibreOffice itself (nothing left behind, not even a zombie)."""
        if self.process is not None:
            if within and self.process.stdin is not None:
                try:
                    self.process.stdin.close()
                    wait_for(self.process, within)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            if self.process.poll() is None:
                _kill_tree(self.process)
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass
            self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def answer(self, within: float) -> dict:
        """The worker's next answer; ConversionFailed when it died or said nothing in time."""
        try:
            line = self.answers.get(timeout=within)
        except queue.Empty:
            raise TimeoutError from None
        if not line:
            raise ConversionFailed(f"il s'est arrêté{self._last_error()}")
        return json.loads(line)

    def convert(self, docx: Path, pdf: Path, within: float) -> None:
        assert self.process is not None and self.process.stdin is not None
        if not self.ready:
            self.answer(READY_WITHIN)
            self.ready = True
        try:
            self.process.stdin.write(json.dumps({"docx": str(docx), "pdf": str(pdf)}) + "\n")
            self.process.stdin.flush()
        except OSError:
            raise ConversionFailed(f"il s'est arrêté{self._last_error()}") from None
        said = self.answer(within)
        self.conversions += 1
        if "error" in said:
            raise ConversionFailed(f"il a répondu « {said['error']} »")

    def _last_error(self) -> str:
        if self.log is None:
            return ""
        self.log.seek(0)
        lines = decode_output(self.log.read()).strip().splitlines()
        return f" ({lines[-1]})" if lines else ""


def result(future: Future[Path]) -> Path:
    """future.result(), waited for in short steps so Ctrl-C stops it on Windows too."""
    while True:
        try:
            return future.result(timeout=WAIT_STEP)
        except NotYet:
            continue


def completed(futures: Iterable[Future[Path]]) -> Iterator[Future[Path]]:
    """The futures as they complete (as_completed), waited for in short steps so Ctrl-C
    stops it on Windows too."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=WAIT_STEP, return_when=FIRST_COMPLETED)
        yield from done


def _read_lines(stream: IO[str] | None, into: queue.Queue[str]) -> None:
    """Every line the worker writes, then "" when its output ends."""
    if stream is None:
        return
    try:
        for line in stream:
            into.put(line)
    except (OSError, ValueError):
        pass
    into.put("")


class Engine:
    """Warm LibreOffice processes converting side by side: one per core, at most four.

    submit() returns at once with a Future, so the caller renders the next file meanwhile.
    A failed or timed-out conversion stops its LibreOffice, which is started again and
    tries once more; a file that fails twice fails its Future with a French message.
    """

    def __init__(self, count: int | None = None, restart_after: int = RESTART_AFTER,
                 within: float = CONVERT_WITHIN):
        soffice = find_soffice()
        python = find_uno_python(soffice)
        self.count = count or max(1, min(os.cpu_count() or 1, 4))
        self.restart_after, self.within = restart_after, within
        self.private = Path(tempfile.mkdtemp(prefix="ceres-docs-moteur-"))
        self.closed = False
        self.lock = threading.Lock()
        self.offices = [Office(python, soffice, self.private, n) for n in range(self.count)]
        self.idle: queue.Queue[Office] = queue.Queue()
        for office in self.offices:
            office.start()
            self.idle.put(office)
        self.pool = ThreadPoolExecutor(self.count, thread_name_prefix="libreoffice")

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, docx: Path, pdf: Path, label: str = "",
               within: float | None = None) -> Future[Path]:
        """Convert docx into pdf on the first LibreOffice free; label names it in messages."""
        if self.closed:
            raise ConversionFailed("Le serveur s'arrête : la production est interrompue.")
        return self.pool.submit(self._convert, docx, pdf, label or docx.name,
                                within or self.within)

    def convert(self, files: list[Path], folder: Path,
                label: Callable[[Path], str] = lambda path: path.name) -> list[Path]:
        """Convert every file into folder and wait for them all."""
        futures = [self.submit(path, folder / (path.stem + ".pdf"), label(path))
                   for path in files]
        return [result(future) for future in futures]

    def _convert(self, docx: Path, pdf: Path, label: str, within: float) -> Path:
        office = self.idle.get()
        try:
            for attempt in (1, 2):
                if self.closed:
                    break
                try:
                    office.convert(docx, pdf, within)
                    if pdf.is_file() and pdf.stat().st_size > 0:
                        return pdf
                    problem = "le PDF n'est pas sorti"
                except TimeoutError:
                    office.restart()
                    raise ConversionFailed(
                        f"LibreOffice n'a pas fini en {within:.0f} s de convertir : {label}. "
                        "Il a été redémarré ; relancez la production.") from None
                except ConversionFailed as error:
                    problem = str(error)
                if self.closed:
                    break
                office.restart()
                if attempt == 2:
                    raise ConversionFailed(
                        f"LibreOffice n'a pas pu convertir {label} : {problem}. Relancez la "
                        "production ; si l'erreur persiste, ouvrez le modèle dans LibreOffice "
                        "pour vérifier qu'il est lisible.")
            raise ConversionFailed("Le serveur s'arrête : la production est interrompue.")
        finally:
            if office.conversions >= self.restart_after and not self.closed:
                office.restart()
            self.idle.put(office)

    def wait_ready(self, within: float = READY_WITHIN) -> bool:
        """Whether every LibreOffice answered within its time (its first start makes its
        profile). Each is taken from the idle ones meanwhile, so no conversion reads the
        answer it waits for."""
        taken = [self.idle.get() for _ in self.offices]
        try:
            for office in taken:
                if not office.ready:
                    office.answer(within)
                    office.ready = True
            return True
        except (TimeoutError, ConversionFailed):
            return False
        finally:
            for office in taken:
                self.idle.put(office)

    def pids(self) -> list[int]:
        """The worker processes running now (for tests and the server's log)."""
        return [o.process.pid for o in self.offices if o.process is not None]

    def close(self) -> None:
        """Stop every LibreOffice (a conversion under way fails) and remove their folder."""
        with self.lock:
            if self.closed:
                return
            self.closed = True
        for office in self.offices:
            if office.process is not None and office.process.stdin is not None:
                try:
                    office.process.stdin.close()  # each closes its LibreOffice meanwhile
                except OSError:
                    pass
        for office in self.offices:
            office.stop(within=STOP_WITHIN)
        self.pool.shutdown(wait=True, cancel_futures=True)
        for office in self.offices:  # one restarted meanwhile by a failing conversion
            office.stop()
        remove_folder(self.private)
