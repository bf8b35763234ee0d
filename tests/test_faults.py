"""Faults: LibreOffice hung or interrupted, two runs on one folder, an output that cannot be
written. Whatever happens, the earlier output is left as it was and nothing is left behind."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from builders import (
    SESSION,
    fake_soffice,
    full_book,
    posix_only,
    run,
    sha256,
    windows_only,
    write,
)
from test_outgoing import make_scan

from ceres_docs import generate
from ceres_docs.output import OutputBusy, lock_path, output_lock

TIMEOUT = 3
MARGIN = 20  # a bound on a fault, not a speed goal
CLI = [sys.executable, "-m", "ceres_docs"]
BUSY = ("Erreur : Une autre génération écrit déjà dans « {} » : attendez qu'elle se termine, "
        "puis relancez la commande.")
# The day of every run, the day after 224600 (01/06/2026, its results typed once it is over):
# it is at « résultats saisis », so a plain run produces its PVs and slip and posts them to the
# DIECCTE (envoi/), and 224566's RA form (its parchemins received on 04/05/2026).
DAY = ("--today", "2026-06-02")


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256(p)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden(folder: Path) -> list[str]:
    """What a run may leave beside the output folder: its staging folder, its lock file."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def hanging_soffice(folder: Path) -> tuple[str, Path]:
    """A LibreOffice that fills its profile, starts a child, and then both never end.

    Each start appends "its PID, its child's PID" to the file returned."""
    pids = folder / "pids"
    body = f"""
    import urllib.parse, urllib.request
    for arg in sys.argv[1:]:
        if arg.startswith("-env:UserInstallation="):
            uri = urllib.parse.urlparse(arg.split("=", 1)[1])
            profile = urllib.request.url2pathname(uri.path)
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as xcu:
        xcu.write("profil")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    with open({str(pids)!r}, "a") as written:
        written.write(f"{{os.getpid()}} {{child.pid}}\\n")
    child.wait()
    """
    return fake_soffice(folder, body), pids


def started(pids: Path, process: subprocess.Popen | None = None) -> list[int]:
    """The PIDs of the fake LibreOffice and its child, once it has started."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if pids.exists() and pids.read_text().endswith("\n"):
            return [int(pid) for pid in pids.read_text().split()]
        assert process is None or process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the fake LibreOffice never started")


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for init (which may never reap it here). Never
    os.kill(pid, 0) on Windows: there it kills the process."""
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) \
                and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    proc = Path(f"/proc/{pid}/stat")
    if Path("/proc").is_dir():
        try:
            return proc.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def all_gone(pids: list[int], patience: float = 5.0) -> bool:
    deadline = time.monotonic() + patience
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# What a user's Ctrl-C is, as one process can send it to another: on Windows, Ctrl+Break to
# a process started in its own group (Ctrl-C cannot be sent there).
CTRL_C = signal.CTRL_BREAK_EVENT if sys.platform == "win32" else signal.SIGINT


def start_generate(workbook: Path, out: Path, soffice: str, temp: Path) -> subprocess.Popen:
    """`ceres-docs generate` as a user starts it, in its own process, Ctrl-C not ignored."""
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "CERES_DOCS_SOFFICE": soffice, "TMPDIR": str(temp), "TEMP": str(temp),
           "TMP": str(temp)}
    if sys.platform == "win32":
        options: dict = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    else:
        options = {"preexec_fn": lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)}
    return subprocess.Popen(
        [*CLI, "generate", str(workbook), "--out", str(out), *DAY], env=env,
        cwd=workbook.parent,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        **options)


def interrupt(process: subprocess.Popen, number: int = CTRL_C) -> tuple[str, str]:
    process.send_signal(number)
    try:
        return process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def earlier(tmp_path):
    """A workbook and an output folder holding an earlier run's documents."""
    workbook = write(full_book(), tmp_path)
    out = tmp_path / "documents"
    result = run("generate", workbook, "--out", out, "--no-pdf", *DAY)
    assert result.exit_code == 0, result.output
    (out / "notes.txt").write_text("à garder", encoding="utf-8")
    return workbook, out


def test_hung_libreoffice_is_stopped_with_its_children(earlier, tmp_path, monkeypatch):
    workbook, out = earlier
    before = digests(out)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    soffice, pids = hanging_soffice(tmp_path)
    clock = time.monotonic()
    result = run("generate", workbook, "--out", out, "--convert-timeout", TIMEOUT, *DAY,
                 env={"CERES_DOCS_SOFFICE": soffice})
    elapsed = time.monotonic() - clock
    assert result.exit_code == 1
    assert TIMEOUT <= elapsed < TIMEOUT + MARGIN
    assert (f"Erreur : LibreOffice n'a pas fini en {TIMEOUT} s de convertir : formulaires RA "
            "de la session 224566 (1 document) ; PV généraux de la session 224600 (1 document) "
            "; PV individuels de la session 224600 (1 document) ; bordereaux d'envoi à la "
            "DIECCTE de la session 224600 (1 document).") in result.output
    assert result.output.rstrip().endswith(
        "Il a été arrêté. Relancez la commande, ou augmentez --convert-timeout (en secondes).")
    assert digests(out) == before
    assert hidden(tmp_path) == []
    assert list(temp.iterdir()) == []  # profiles included
    assert started(pids) and all_gone(started(pids))


@pytest.mark.parametrize("number", [
    pytest.param(signal.SIGINT, id="ctrl-c", marks=posix_only),
    pytest.param(signal.SIGTERM, id="kill", marks=posix_only),  # Windows: TerminateProcess
    pytest.param(getattr(signal, "SIGHUP", None), id="terminal-closed", marks=posix_only),
    pytest.param(getattr(signal, "CTRL_BREAK_EVENT", None), id="ctrl-break", marks=windows_only),
])
def test_ctrl_c_stops_libreoffice_and_changes_nothing(earlier, tmp_path, number):
    workbook, out = earlier
    before = digests(out)
    soffice, pids = hanging_soffice(tmp_path)
    process = start_generate(workbook, out, soffice, tmp_path / "tmp")
    converters = started(pids, process)
    _, errors = interrupt(process, number)
    assert process.returncode == 130, errors
    assert errors.rstrip().endswith("Interrompu : aucun document n'a été modifié.")
    assert "Traceback" not in errors
    assert all_gone(converters)
    assert digests(out) == before
    assert hidden(tmp_path) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_second_run_on_the_same_folder_is_refused(earlier, tmp_path):
    workbook, out = earlier
    before = digests(out)
    soffice, pids = hanging_soffice(tmp_path)
    first = start_generate(workbook, out, soffice, tmp_path / "tmp")
    try:
        started(pids, first)
        second = run("generate", workbook, "--out", out, "--no-pdf", *DAY)
        assert second.exit_code == 1
        assert second.output.rstrip().endswith(BUSY.format(out))
        mail = run("ra-mail", workbook, "--session", SESSION, "--scan",
                   make_scan(tmp_path / "scan.pdf"), "--out", out)
        assert mail.exit_code == 1
        assert mail.output.rstrip().endswith(BUSY.format(out))
        assert digests(out) == before
    finally:
        interrupt(first)
    assert first.returncode == 130
    assert digests(out) == before
    again = run("generate", workbook, "--out", out, "--no-pdf", *DAY)
    assert again.exit_code == 0, again.output
    assert hidden(tmp_path) == []


def test_a_run_that_dies_leaves_no_lock_held(tmp_path):
    out = tmp_path / "documents"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from ceres_docs.output import output_lock\n"
         f"with output_lock(Path({str(out)!r})):\n print('pris', flush=True); time.sleep(600)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "pris\n"
        with pytest.raises(OutputBusy):
            with output_lock(out):
                pass
    finally:
        holder.kill()
        holder.communicate()
    assert lock_path(out).exists()  # killed: its file stays, but nobody holds it
    result = run("generate", write(full_book(), tmp_path), "--out", out, "--no-pdf", *DAY)
    assert result.exit_code == 0, result.output
    assert hidden(tmp_path) == []


def test_the_lock_is_beside_the_output_and_removed_after(tmp_path):
    out = tmp_path / "documents"
    with output_lock(out):
        assert lock_path(out) == tmp_path / ".documents.verrou"
        assert lock_path(out).exists() and not out.exists()
        with pytest.raises(OutputBusy, match="Une autre génération écrit déjà"):
            with output_lock(tmp_path / "." / "documents"):
                pass
    assert hidden(tmp_path) == []
    with output_lock(out):  # taken again at once
        pass


def test_output_under_a_file_is_refused(tmp_path):
    (tmp_path / "fichier").write_text("", encoding="utf-8")
    out = tmp_path / "fichier" / "documents"
    result = run("generate", write(full_book(), tmp_path), "--out", out, "--no-pdf", *DAY)
    assert result.exit_code == 1
    assert result.output.rstrip().endswith(
        f"Erreur : Impossible de créer « {out} » : « {tmp_path / 'fichier'} » est un fichier, "
        "pas un dossier.")
    assert "Traceback" not in result.output


def test_output_without_write_access_is_refused(tmp_path, monkeypatch):
    workbook = write(full_book(), tmp_path)
    out = tmp_path / "documents"
    monkeypatch.setattr(generate.os, "access", lambda path, mode: not mode & os.W_OK)
    result = run("generate", workbook, "--out", out, "--no-pdf", *DAY)
    assert result.exit_code == 1
    assert result.output.rstrip().endswith(
        f"Erreur : Impossible d'écrire dans « {out} » : accès refusé.")
    assert "Traceback" not in result.output
    assert hidden(tmp_path) == [] and not out.exists()


def test_output_refused_while_writing_is_reported(earlier, tmp_path, monkeypatch):
    """On Windows, os.access says yes and the folder still refuses files (its ACL)."""
    workbook, out = earlier
    before = digests(out)
    real = tempfile.mkdtemp

    def refuse(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == tmp_path:
            raise PermissionError(13, "Permission denied")
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(generate.tempfile, "mkdtemp", refuse)
    result = run("generate", workbook, "--out", out, "--no-pdf", *DAY)
    assert result.exit_code == 1
    assert result.output.rstrip().endswith(
        f"Erreur : Impossible d'écrire dans « {tmp_path} » : accès refusé.")
    assert "Traceback" not in result.output
    assert digests(out) == before
    assert hidden(tmp_path) == []


def test_a_folder_held_open_stops_the_swap_and_it_is_undone(earlier, tmp_path, monkeypatch):
    """On Windows a folder cannot be moved while a PDF viewer holds one of its files."""
    workbook, out = earlier
    before = digests(out)
    held = sorted(p for p in out.iterdir() if p.is_dir())[-1]
    real = os.replace

    def replace(source, target):
        if Path(source) == held:
            raise PermissionError(13, "Permission denied", str(source))
        real(source, target)

    monkeypatch.setattr(generate.os, "replace", replace)
    result = run("generate", workbook, "--out", out, "--no-pdf", *DAY)
    assert result.exit_code == 1
    assert result.output.rstrip().endswith(
        f"Erreur : Impossible de remplacer « {held} » (Permission denied) : un de ses fichiers "
        "est sans doute ouvert (lecteur PDF, Word, Excel). Fermez-le puis relancez la "
        "commande. Le dossier de sortie est resté tel qu'il était.")
    assert digests(out) == before
    assert hidden(tmp_path) == []


def test_a_failed_swap_into_a_new_folder_leaves_no_folder(tmp_path, monkeypatch):
    workbook = write(full_book(), tmp_path)
    out = tmp_path / "documents"
    real = os.replace

    def replace(source, target):
        if Path(target) == out / "manifest.json":
            raise PermissionError(13, "Permission denied", str(target))
        real(source, target)

    monkeypatch.setattr(generate.os, "replace", replace)
    result = run("generate", workbook, "--out", out, "--no-pdf", *DAY)
    assert result.exit_code == 1
    assert "Le dossier de sortie est resté tel qu'il était." in result.output
    assert not out.exists()
    assert hidden(tmp_path) == []


def test_a_server_stopping_stops_the_libreoffice_of_a_run_under_way(earlier, tmp_path,
                                                                       monkeypatch):
    """The web server without its warm engine converts as the command line does: stopping
    it (convert.stop_all) stops that LibreOffice at once, and the run fails cleanly."""
    import threading

    from ceres_docs.convert import ConversionFailed, stop_all
    from ceres_docs.generate import prepare

    workbook, out = earlier
    before = digests(out)
    soffice, pids = hanging_soffice(tmp_path)
    monkeypatch.setenv("CERES_DOCS_SOFFICE", soffice)
    job = prepare(workbook, out, today=dt.date.fromisoformat(DAY[1]))
    failures: list[BaseException] = []

    def production() -> None:
        try:
            job.run()
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=production)
    thread.start()
    converters = started(pids)
    clock = time.monotonic()
    stop_all()
    thread.join(30)
    assert not thread.is_alive() and time.monotonic() - clock < 10
    assert len(failures) == 1 and isinstance(failures[0], ConversionFailed)
    assert all_gone(converters)
    assert digests(out) == before
    assert hidden(tmp_path) == []


WINDOWS = """
import os, signal, subprocess, sys, types
# what is not ours, as it is (some of it looks at the platform when imported)
import asyncio, concurrent.futures, email.utils, secrets, socket, urllib.request, uuid
import webbrowser
import click.testing, docx, docxtpl, hypothesis, jinja2, lxml.etree, openpyxl, pypdf, pytest
import python_calamine, starlette.testclient, uvicorn

sys.platform = "win32"
for name in ("SIGHUP", "SIGKILL", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGALRM"):
    if hasattr(signal, name):
        delattr(signal, name)
for name in ("killpg", "getpgid", "getpgrp", "setsid", "getuid", "geteuid", "fork"):
    if hasattr(os, name):
        delattr(os, name)
for name in ("fcntl", "pwd", "grp", "resource", "termios"):
    sys.modules[name] = None
for name in ("msvcrt", "winreg"):  # Windows' own, empty: imported, used only when running
    sys.modules[name] = types.ModuleType(name)


def no_key(*args):
    raise FileNotFoundError(2, "no such key")


winreg = sys.modules["winreg"]  # a registry without LibreOffice: test_engine's import asks it
winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER, winreg.OpenKey = 1, 2, no_key
signal.SIGBREAK, signal.CTRL_C_EVENT, signal.CTRL_BREAK_EVENT = 21, 0, 1
subprocess.CREATE_NEW_PROCESS_GROUP = 0x200
# -s: pytest's capture would look for Windows' console; -W: the modules imported above
sys.exit(pytest.main(["--collect-only", "-q", "-s", "-p", "no:cacheprovider",
                      "-W", "ignore::pytest.PytestAssertRewriteWarning", sys.argv[1]]))
"""


def test_the_tests_can_be_collected_on_windows():
    """Nothing POSIX-only is read when a test module is imported: on a Python without SIGHUP,
    SIGKILL, killpg or fcntl, calling itself win32, every test is collected."""
    tests = Path(__file__).parent
    collected = subprocess.run([sys.executable, "-c", WINDOWS, str(tests)], cwd=tests.parent,
                               capture_output=True, text=True, timeout=120)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
