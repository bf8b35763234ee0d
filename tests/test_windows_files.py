"""Windows' ways with files, emulated on Linux: stop signals during the swap, brief locks
by an antivirus or OneDrive, read-only files, hidden folders, stale staging folders, file
systems without locks."""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
import tempfile
import types
from pathlib import Path

import pytest

from ceres_docs import output, winfiles
from ceres_docs.errors import OutputError
from ceres_docs.generate import Job
from ceres_docs.output import (
    OutputBusy,
    output_lock,
    remove_folder,
    replace_file,
    staging_prefix,
    uninterrupted,
)
from ceres_docs.render import TemplateProblem, export_templates
from ceres_docs.report import Report


@pytest.fixture(autouse=True)
def short_patience(monkeypatch):
    monkeypatch.setattr(winfiles, "PATIENCE", 0.3)


def sharing_violation(winerror: int = 32) -> PermissionError:
    error = PermissionError(13, "Le processus ne peut pas accéder au fichier")
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


def held_for(times: int, real, winerror: int = 32):
    """os.replace or os.unlink, refused times times as Windows does while another process
    holds the file, then done."""
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            raise sharing_violation(winerror)
        return real(*args, **kwargs)

    fake.calls = calls  # type: ignore[attr-defined]
    return fake


# 1. Ctrl+Break (and any other stop signal) during the swap

def test_every_stop_signal_is_ignored_during_the_swap_and_restored_after(monkeypatch):
    monkeypatch.setattr(signal, "SIGBREAK", signal.SIGUSR1, raising=False)  # as on Windows
    def handler(number, frame):
        return None
    before = {number: signal.signal(number, handler)
              for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1)}
    try:
        with uninterrupted():
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1):
                assert signal.getsignal(number) == signal.SIG_IGN
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1):
            assert signal.getsignal(number) is handler
    finally:
        for number, previous in before.items():
            signal.signal(number, previous)


# 2. Brief locks: retried; a lasting one named with its program

@pytest.mark.parametrize("winerror", [5, 32])
def test_a_file_held_a_moment_is_replaced_all_the_same(tmp_path, monkeypatch, winerror):
    fake = held_for(3, os.replace, winerror)
    monkeypatch.setattr(os, "replace", fake)
    target = tmp_path / "liste.pdf"
    replace_file(target, lambda temporary: Path(temporary).write_bytes(b"%PDF"))
    assert target.read_bytes() == b"%PDF"
    assert fake.calls["n"] == 4
    assert [p.name for p in tmp_path.iterdir()] == ["liste.pdf"]


@pytest.mark.parametrize("suffix, program", [(".pdf", "le lecteur PDF"), (".xlsx", "Excel"),
                                             (".docx", "Word"),
                                             (".json", "un autre programme")])
def test_a_file_held_for_good_names_the_program_to_close(tmp_path, monkeypatch, suffix,
                                                           program):
    monkeypatch.setattr(os, "replace", held_for(10**6, os.replace))
    target = tmp_path / f"liste{suffix}"
    with pytest.raises(OutputError) as raised:
        replace_file(target, lambda temporary: Path(temporary).write_bytes(b"x"))
    assert str(raised.value) == (
        f"Impossible d'écrire « {target} » : accès refusé. S'il est ouvert dans {program}, "
        "fermez-le puis relancez la commande.")
    assert list(tmp_path.iterdir()) == []


def test_the_swap_waits_for_a_file_held_a_moment(tmp_path, monkeypatch):
    out = tmp_path / "sortie"
    job = Job(Report(), out, [], set(), pdf=False)
    out.mkdir()
    fake = held_for(2, os.replace)
    monkeypatch.setattr(os, "replace", fake)
    job.run()
    assert (out / "manifest.json").is_file()
    assert fake.calls["n"] >= 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sortie.verrou", "sortie"] or \
        sorted(p.name for p in tmp_path.iterdir()) == ["sortie"]


def test_exporting_over_a_template_open_in_word_says_so_and_leaves_nothing(tmp_path,
                                                                          monkeypatch):
    export_templates(tmp_path, ["convocation-candidat"])
    monkeypatch.setattr(os, "replace", held_for(10**6, os.replace))
    target = tmp_path / "convocation-candidat.docx"
    with pytest.raises(TemplateProblem) as raised:
        export_templates(tmp_path, ["convocation-candidat"], force=True)
    assert str(raised.value) == (
        f"Impossible de remplacer « {target} » : accès refusé. S'il est ouvert dans Word, "
        "fermez-le puis relancez la commande.")
    assert [p.name for p in tmp_path.iterdir()] == ["convocation-candidat.docx"]


def test_exporting_over_a_template_held_a_moment_succeeds(tmp_path, monkeypatch):
    export_templates(tmp_path, ["convocation-candidat"])
    monkeypatch.setattr(os, "replace", held_for(2, os.replace))
    assert export_templates(tmp_path, ["convocation-candidat"], force=True) == [
        tmp_path / "convocation-candidat.docx"]
    assert [p.name for p in tmp_path.iterdir()] == ["convocation-candidat.docx"]


# 3. Read-only files in a folder to remove

def test_a_read_only_file_does_not_keep_its_folder(tmp_path, monkeypatch):
    folder = tmp_path / ".ceres-docs-x"
    (folder / "sous").mkdir(parents=True)
    locked = folder / "sous" / "copie.pdf"
    locked.write_bytes(b"%PDF")
    os.chmod(locked, stat.S_IREAD)
    real = os.unlink

    def windows_unlink(path, *, dir_fd=None):
        if not os.stat(path, dir_fd=dir_fd).st_mode & stat.S_IWRITE:
            raise sharing_violation(5)
        real(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "unlink", windows_unlink)
    monkeypatch.setattr(os, "remove", windows_unlink)
    remove_folder(folder, patience=0.2)
    assert not folder.exists()


# 4. What stays beside the output is hidden; what a killed run left there is removed

class FakeKernel32:
    def __init__(self):
        self.hidden: list[str] = []

    def GetFileAttributesW(self, path):  # noqa: N802 (the Windows name)
        return 0x20

    def SetFileAttributesW(self, path, attributes):  # noqa: N802
        if attributes & winfiles.FILE_ATTRIBUTE_HIDDEN:
            self.hidden.append(path)
        return 1


@pytest.fixture
def windows_kernel(monkeypatch):
    kernel32 = FakeKernel32()
    monkeypatch.setitem(sys.modules, "ctypes",
                        types.SimpleNamespace(windll=types.SimpleNamespace(kernel32=kernel32)))
    monkeypatch.setattr(sys, "platform", "win32")
    return kernel32


def test_the_staging_folder_and_the_lock_file_are_hidden_on_windows(tmp_path, monkeypatch,
                                                                    windows_kernel):
    out = tmp_path / "sortie"
    out.mkdir()
    monkeypatch.setattr(output, "_release", lambda handle, path: os.close(handle))
    Job(Report(), out, [], set(), pdf=False).run()
    names = [Path(path).name for path in windows_kernel.hidden]
    assert names[0] == ".sortie.verrou"
    assert len(names) == 2 and names[1].startswith(staging_prefix(out))


def test_nothing_is_hidden_elsewhere(tmp_path):
    winfiles.hide(tmp_path)  # no ctypes.windll on Linux: it must not be reached


def test_the_work_folder_is_in_the_local_temporary_folder(tmp_path, monkeypatch):
    from ceres_docs import generate

    made: list[Path] = []
    real = generate._work_folder

    def spy(staging):
        context = real(staging)
        folder = context.__enter__()
        made.append(folder)
        return _Wrapped(context, folder)

    monkeypatch.setattr(generate, "_work_folder", spy)
    local = tmp_path / "local"
    local.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(local))
    out = tmp_path / "OneDrive" / "sortie"
    out.mkdir(parents=True)
    Job(Report(), out, [], set(), pdf=False).run()
    assert made and made[0].name.startswith("ceres-docs-travail-")
    assert made[0].parent == local
    assert not made[0].exists()


class _Wrapped:
    def __init__(self, context, folder):
        self.context, self.folder = context, folder

    def __enter__(self):
        return self.folder

    def __exit__(self, *info):
        return self.context.__exit__(*info)


def stale(out: Path, suffix: str = "abcd1234") -> Path:
    folder = out.parent / f"{staging_prefix(out)}{suffix}"
    (folder / "session").mkdir(parents=True)
    (folder / "session" / "PV.pdf").write_bytes(b"%PDF")
    return folder


def test_a_folder_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    out = tmp_path / "sortie"
    out.mkdir()
    left = stale(out)
    other = stale(tmp_path / "sortie-b", "efgh5678")  # another output folder's: not ours
    Job(Report(), out, [], set(), pdf=False).run()
    assert not left.exists()
    assert other.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ceres")] == [
        other.name]


def test_the_folder_of_a_run_holding_the_lock_is_left_alone(tmp_path):
    out = tmp_path / "sortie"
    out.mkdir()
    with output_lock(out):
        running = stale(out)
        with pytest.raises(OutputBusy):
            Job(Report(), out, [], set(), pdf=False).run()
        assert (running / "session" / "PV.pdf").is_file()


# 6. Only a real conflict says another run is writing

def fake_flock(error: OSError):
    def flock(handle, operation):
        raise error
    return flock


@pytest.mark.parametrize("error", [BlockingIOError(errno.EWOULDBLOCK, "busy"),
                                   OSError(errno.EAGAIN, "busy")])
def test_a_lock_held_by_another_run_says_so(tmp_path, monkeypatch, error):
    monkeypatch.setattr(output.fcntl, "flock", fake_flock(error))
    out = tmp_path / "sortie"
    with pytest.raises(OutputBusy, match="Une autre génération écrit déjà dans"):
        with output_lock(out):
            pass


def test_a_folder_without_locks_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(output.fcntl, "flock",
                        fake_flock(OSError(errno.ENOLCK, "No locks available")))
    out = tmp_path / "sortie"
    with pytest.raises(OutputError) as raised:
        with output_lock(out):
            pass
    assert not isinstance(raised.value, OutputBusy)
    assert str(raised.value) == (
        f"Le dossier « {tmp_path} » ne permet pas de verrouiller « {tmp_path / '.sortie.verrou'} »"
        " (No locks available) : deux générations pourraient y écrire en même temps. "
        "Choisissez un dossier de sortie sur un disque local ou un autre partage, puis "
        "relancez la commande.")


@pytest.mark.parametrize("number, busy", [(errno.EACCES, True), (36, True),
                                          (errno.ENOLCK, False), (errno.EINVAL, False)])
def test_on_windows_only_msvcrt_s_conflict_errors_mean_busy(monkeypatch, number, busy):
    monkeypatch.setattr(sys, "platform", "win32")
    assert output._conflict(OSError(number, "x")) is busy


def test_names_are_shortened_so_that_paths_stay_within_240_characters_under_a_deep_folder(
        tmp_path, monkeypatch):
    """Windows refuses paths past 260 characters: under a deep OneDrive folder, names are
    cut (never below 60 characters) so that every path of a run stays within 240 — its
    folder beside the output, envoi/<recipient>/<channel>/<session>/ and an e-mail draft
    included; under a short folder they keep their whole length."""
    from builders import EVERY_KIND, full_book, write

    from ceres_docs.kinds import KIND
    from ceres_docs.naming import MAX_NAME, MIN_NAME, PATH_LIMIT
    from ceres_docs.plan import BUNDLE_EXTRA, STAGING_EXTRA, make_plan
    from ceres_docs.rules import validate

    book = validate(write(full_book(), tmp_path)).book
    assert book is not None
    deep = "C:\\Users\\marie-claire.hoarau\\OneDrive - SPL AFPAR\\Examens\\Sessions 2026\\"
    deep += "documents-" + "x" * (91 - len(deep) - 10)  # 91 characters: 60 left for a stem
    short = "C:\\Examens\\documents"
    kinds = [*EVERY_KIND, "courriel-convocation"]
    assert [d.stem for d in make_plan(book, ["224566"], kinds, on_request=True,
                                      out=deep).documents] == \
        [d.stem for d in make_plan(book, ["224566"], kinds, on_request=True).documents]
    monkeypatch.setattr(sys, "platform", "win32")
    long_names = {d.stem for d in make_plan(book, ["224566"], kinds, on_request=True,
                                            out=short).documents}
    cut = make_plan(book, ["224566"], kinds, on_request=True, out=deep).documents
    assert {d.stem for d in cut} != long_names
    for document in cut:
        deepest = (len(deep) + STAGING_EXTRA + BUNDLE_EXTRA + len(document.folder) + 1
                   + len(KIND["courriel-convocation"].prefix) + 1 + len(document.stem)
                   + len(".docx"))
        assert deepest <= PATH_LIMIT, document.stem
    assert all(len(stem) <= MAX_NAME for stem in long_names)
    deeper = make_plan(book, ["224566"], kinds, on_request=True, out=deep + "\\plus-loin").documents
    assert min(len(d.stem) for d in deeper if len(d.stem) >= MIN_NAME) == MIN_NAME  # no shorter
    # The RA form's name is the DIECCTE's convention: short enough never to be cut.
    assert {d.stem for d in cut if d.kind == "formulaire-ra"} == {
        d for d in long_names if d.startswith("RA_")}
