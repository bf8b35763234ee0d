"""The Windows desktop path of conversion and drafts, emulated on Linux: platform switches,
fake winreg, kernel32 and subprocess."""

from __future__ import annotations

import ctypes
import email
import importlib.util
import io
import os
import re
import subprocess
import sys
import threading
import time
import types
from concurrent.futures import ALL_COMPLETED, Future, wait
from email import policy
from pathlib import Path

import pytest

from ceres_docs import convert, engine, mail

LONG_SUBJECT = ("Convocations de la session 2026-014 « Agent de restauration » : "
                "candidats, jury et surveillants, à envoyer avant le vendredi")


def test_a_draft_has_crlf_line_endings_everywhere_and_reads_back():
    body = "Bonjour,\n\nVeuillez trouver ci-joint les documents.\nCordialement,\nÉquipe\n"
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 20
    content = mail.draft("ceres@example.org", "jury@example.org", LONG_SUBJECT, body,
                         [("pv-session-2026-014.pdf", pdf)], sender_name="Équipe CERES",
                         recipient_name="Anne Rivière")
    lines = content.split(b"\r\n")
    assert lines[-1] == b""
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # a folded header, folded with CRLF
    message = email.message_from_bytes(content, policy=policy.default)
    assert message["Subject"] == LONG_SUBJECT
    assert message["To"] == "Anne Rivière <jury@example.org>"
    assert message["From"] == "Équipe CERES <ceres@example.org>"
    assert message["X-Unsent"] == "1"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert text.replace("\r\n", "\n") == body
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "pv-session-2026-014.pdf"
    assert attachment.get_content() == pdf


# Ctrl-C during a conversion: never one long wait, which Windows cannot interrupt.

class FakeProcess:
    """A LibreOffice that ends after `runs` seconds, recording every wait asked of it."""

    def __init__(self, runs: float = 1e9, returncode: int = 0, pid: int = 4321):
        self.ends = time.monotonic() + runs
        self.returncode: int | None = None
        self.final = returncode
        self.pid = pid
        self.asked: list[float | None] = []

    def poll(self) -> int | None:
        if time.monotonic() >= self.ends:
            self.returncode = self.final
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self.asked.append(timeout)
        if timeout is not None and self.ends - time.monotonic() > timeout:
            time.sleep(timeout)
            raise subprocess.TimeoutExpired("soffice", timeout)
        time.sleep(max(0.0, self.ends - time.monotonic()))
        self.returncode = self.final
        return self.final

    def kill(self) -> None:
        self.ends = time.monotonic()


def converter_with(tmp_path, monkeypatch, process: FakeProcess, log: bytes = b"",
                   timeout: float = 0.7) -> tuple[convert.Converter, convert._Lane]:
    monkeypatch.setenv("CERES_DOCS_SOFFICE", sys.executable)
    converter = convert.Converter(tmp_path, 1, timeout=timeout)
    converter.started = time.monotonic()
    lane = convert._Lane(process, io.BytesIO(log), [tmp_path / "lot-1.docx"])  # type: ignore
    return converter, lane


def test_a_hung_libreoffice_is_waited_for_in_short_steps(tmp_path, monkeypatch):
    process = FakeProcess()
    converter, lane = converter_with(tmp_path, monkeypatch, process)
    with pytest.raises(convert.ConversionFailed, match="^LibreOffice n'a pas fini en 1 s"):
        converter._ended(lane)
    assert len(process.asked) >= 3
    assert all(t is not None and t <= convert.WAIT_STEP for t in process.asked)


def test_a_libreoffice_ending_in_time_is_waited_for_in_short_steps(tmp_path, monkeypatch):
    process = FakeProcess(runs=0.5)
    converter, lane = converter_with(tmp_path, monkeypatch, process, timeout=30)
    converter._ended(lane)
    assert process.returncode == 0
    assert all(t is not None and t <= convert.WAIT_STEP for t in process.asked)


class RecordingFuture(Future):
    def __init__(self):
        super().__init__()
        self.asked: list[float | None] = []

    def result(self, timeout=None):
        self.asked.append(timeout)
        return super().result(timeout)


def test_the_warm_engine_s_results_are_waited_for_in_short_steps(monkeypatch, tmp_path):
    future = RecordingFuture()
    threading.Timer(0.5, future.set_result, (tmp_path / "lot.pdf",)).start()
    assert engine.result(future) == tmp_path / "lot.pdf"
    assert len(future.asked) >= 2
    assert all(t is not None and t <= convert.WAIT_STEP for t in future.asked)

    asked: list[float | None] = []

    def recording_wait(futures, timeout=None, return_when=ALL_COMPLETED):
        asked.append(timeout)
        return wait(futures, timeout, return_when)

    monkeypatch.setattr(engine, "wait", recording_wait)
    first, second = Future(), Future()
    threading.Timer(0.3, second.set_result, (tmp_path / "b.pdf",)).start()
    threading.Timer(0.6, first.set_result, (tmp_path / "a.pdf",)).start()
    assert list(engine.completed([first, second])) == [second, first]
    assert len(asked) >= 3
    assert all(t is not None and t <= convert.WAIT_STEP for t in asked)


# Closing the console window: LibreOffice sits in a job Windows kills with this Python.

def fake_kernel32(monkeypatch) -> dict[str, list]:
    calls: dict[str, list] = {"create": [], "limits": [], "assign": []}

    def CreateJobObjectW(attributes, name):
        calls["create"].append((attributes, name))
        return 77

    def SetInformationJobObject(job, kind, information, size):
        limits = information._obj
        calls["limits"].append((job, kind, limits.BasicLimitInformation.LimitFlags, size))
        return 1

    def AssignProcessToJobObject(job, handle):
        calls["assign"].append((job, handle))
        return 1

    kernel32 = types.SimpleNamespace(
        CreateJobObjectW=CreateJobObjectW, SetInformationJobObject=SetInformationJobObject,
        AssignProcessToJobObject=AssignProcessToJobObject, CloseHandle=lambda handle: 1)
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32),
                        raising=False)
    monkeypatch.setattr(convert, "_job", None)
    return calls


def test_on_windows_libreoffice_is_put_in_a_job_killed_with_this_python(monkeypatch):
    calls = fake_kernel32(monkeypatch)
    monkeypatch.setattr(sys, "platform", "win32")
    convert.tie_to_run(types.SimpleNamespace(_handle=1001))  # type: ignore[arg-type]
    convert.tie_to_run(types.SimpleNamespace(_handle=1002))  # type: ignore[arg-type]
    assert calls["create"] == [(None, None)]  # one job for the run
    [(job, kind, flags, size)] = calls["limits"]
    assert (job, kind) == (77, 9)  # JobObjectExtendedLimitInformation
    assert flags & 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    assert size == ctypes.sizeof(convert._ExtendedLimits)
    if ctypes.sizeof(ctypes.c_void_p) == 8:
        assert size == 144  # JOBOBJECT_EXTENDED_LIMIT_INFORMATION on 64-bit Windows
    assert calls["assign"] == [(77, 1001), (77, 1002)]


def test_elsewhere_no_job_is_made(monkeypatch):
    calls = fake_kernel32(monkeypatch)
    convert.tie_to_run(types.SimpleNamespace(_handle=1001))  # type: ignore[arg-type]
    assert calls == {"create": [], "limits": [], "assign": []}


def test_every_libreoffice_started_is_tied_to_the_run(monkeypatch, tmp_path):
    tied = []
    monkeypatch.setattr(convert, "tie_to_run", tied.append)
    with open(tmp_path / "log", "wb") as log:
        process = convert._start([sys.executable, "-c", "pass"], log, dict(os.environ))
    process.wait()
    assert tied == [process]


# CERES_DOCS_SOFFICE as people paste it, and the registry.

@pytest.fixture
def libreoffice(tmp_path, monkeypatch) -> Path:
    """A LibreOffice folder with program\\soffice.exe, on an emulated Windows without
    soffice on the PATH."""
    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"MZ")
    monkeypatch.setattr(convert.shutil, "which", lambda *args, **kwargs: None)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("CERES_DOCS_SOFFICE", raising=False)
    return program.parent


def test_a_quoted_soffice_path_is_accepted(libreoffice, monkeypatch):
    soffice = libreoffice / "program" / "soffice.exe"
    monkeypatch.setenv("CERES_DOCS_SOFFICE", f'"{soffice}"')
    assert convert.find_soffice() == str(soffice)
    monkeypatch.setenv("CERES_DOCS_SOFFICE", f' "{soffice}" ')
    assert convert.find_soffice() == str(soffice)


@pytest.mark.parametrize("folder", ["", "program"])
def test_libreoffice_s_folder_or_program_folder_is_accepted(libreoffice, monkeypatch, folder):
    monkeypatch.setenv("CERES_DOCS_SOFFICE", f'"{libreoffice / folder}"')
    assert convert.find_soffice() == str(libreoffice / "program" / "soffice.exe")


def test_a_folder_without_soffice_is_refused(libreoffice, monkeypatch):
    monkeypatch.setenv("CERES_DOCS_SOFFICE", str(libreoffice.parent))
    with pytest.raises(convert.ConverterMissing,
                       match=f"^CERES_DOCS_SOFFICE indique « {re.escape(str(libreoffice.parent))} "
                             "», qui n'existe pas"):
        convert.find_soffice()


def fake_winreg(monkeypatch, values: dict[tuple[int, str], str]) -> list:
    opened = []

    class Key:
        def __init__(self, value: str):
            self.value = value

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def OpenKey(hive, path):
        opened.append((hive, path))
        if (hive, path) not in values:
            raise FileNotFoundError(2, "Le fichier spécifié est introuvable")
        return Key(values[hive, path])

    def QueryValueEx(key, name):
        assert name == ""
        return key.value, 1  # REG_SZ

    module = types.ModuleType("winreg")
    module.HKEY_LOCAL_MACHINE, module.HKEY_CURRENT_USER = 0x80000002, 0x80000001  # type: ignore
    module.OpenKey, module.QueryValueEx = OpenKey, QueryValueEx  # type: ignore
    monkeypatch.setitem(sys.modules, "winreg", module)
    return opened


def test_soffice_is_found_from_the_registry(libreoffice, monkeypatch):
    opened = fake_winreg(monkeypatch, {
        (0x80000002, r"SOFTWARE\LibreOffice\UNO\InstallPath"): str(libreoffice / "program")})
    assert convert.find_soffice() == str(libreoffice / "program" / "soffice.exe")
    assert opened == [(0x80000002, r"SOFTWARE\LibreOffice\UNO\InstallPath")]


def test_without_the_registry_key_soffice_is_missing(libreoffice, monkeypatch):
    opened = fake_winreg(monkeypatch, {})
    with pytest.raises(convert.ConverterMissing, match="^LibreOffice est introuvable"):
        convert.find_soffice()
    assert len(opened) == 2


# taskkill.exe by its full path, never one in the current folder.

def test_taskkill_is_called_by_its_full_path(monkeypatch):
    commands = []
    monkeypatch.setattr(convert.subprocess, "run",
                        lambda command, **kwargs: commands.append(command))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("SystemRoot", r"D:\WINDOWS")
    convert._kill_tree(FakeProcess(runs=0))  # type: ignore[arg-type]
    monkeypatch.delenv("SystemRoot")
    convert._kill_tree(FakeProcess(runs=0))  # type: ignore[arg-type]
    assert commands == [[r"D:\WINDOWS\System32\taskkill.exe", "/F", "/T", "/PID", "4321"],
                        [r"C:\Windows\System32\taskkill.exe", "/F", "/T", "/PID", "4321"]]


def test_the_uno_worker_calls_taskkill_by_its_full_path(monkeypatch):
    for name in ("uno", "com", "com.sun", "com.sun.star", "com.sun.star.beans"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    sys.modules["com.sun.star.beans"].PropertyValue = object  # type: ignore[attr-defined]
    spec = importlib.util.spec_from_file_location(
        "fake_unoworker", Path(convert.__file__).with_name("unoworker.py"))
    assert spec is not None and spec.loader is not None
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    commands = []
    monkeypatch.setattr(worker.subprocess, "run",
                        lambda command, **kwargs: commands.append(command))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("SystemRoot", r"C:\WINDOWS")
    worker.stop(FakeProcess(runs=0), None)  # no desktop: stopped by force
    assert commands == [[r"C:\WINDOWS\System32\taskkill.exe", "/F", "/T", "/PID", "4321"]]


# LibreOffice's error output: the ANSI code page on Windows.

def test_libreoffice_s_error_is_read_in_the_ansi_code_page_on_windows(tmp_path, monkeypatch):
    log = "Erreur : impossible d'ouvrir le modèle édité".encode("cp1252")
    monkeypatch.setattr(convert.locale, "getpreferredencoding", lambda *args: "cp1252")
    converter, lane = converter_with(tmp_path, monkeypatch, FakeProcess(runs=0, returncode=1),
                                     log=log)
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(convert.ConversionFailed) as failed:
        converter._ended(lane)
    assert str(failed.value) == ("LibreOffice s'est arrêté sur une erreur (code 1 : Erreur : "
                                 "impossible d'ouvrir le modèle édité) en convertissant : "
                                 "lot-1.")


def test_elsewhere_libreoffice_s_error_is_read_as_utf_8(monkeypatch):
    monkeypatch.setattr(convert.locale, "getpreferredencoding", lambda *args: "cp1252")
    assert convert.decode_output("modèle".encode()) == "modèle"


# A frozen build's entry point.

def test_the_entry_point_calls_freeze_support_first(monkeypatch):
    from ceres_docs import __main__ as entry

    calls = []
    monkeypatch.setattr(entry.multiprocessing, "freeze_support",
                        lambda: calls.append("freeze_support"))
    monkeypatch.setattr(entry, "cli", lambda: calls.append("cli"))
    entry.main()
    assert calls == ["freeze_support", "cli"]
