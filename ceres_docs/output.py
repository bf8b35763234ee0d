"""Writing files whole: built aside, then moved into place in one step, by one run at a time;
the output folder's documents swapped in whole, with their manifest."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError
from .kinds import BUNDLE_KIND, order
from .plan import Document
from .winfiles import hide, patiently, program_for, writable_again


def fit_to_page_width(sheet) -> None:
    """Print a sheet landscape, every column on the page width."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_file(path: Path, write: Callable[[str], object]) -> None:
    """Call write(temporary path) beside path, then swap the result in atomically."""
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(
            f"Le dossier « {folder} » n'existe pas : créez-le ou choisissez-en un autre."
        )
    try:
        handle, temporary = tempfile.mkstemp(prefix=".ceres-docs-", suffix=path.suffix,
                                             dir=folder)
    except OSError as error:
        raise cannot_write(folder, error) from None
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's file is private; ours is not
        patiently(lambda: os.replace(temporary, path))
    except PermissionError:
        raise OutputError(
            f"Impossible d'écrire « {path} » : accès refusé. S'il est ouvert dans "
            f"{program_for(path)}, fermez-le puis relancez la commande."
        ) from None
    finally:
        if os.path.exists(temporary):
            try:
                patiently(lambda: os.unlink(temporary))
            except OSError:
                pass


def write_whole(path: Path, data: bytes) -> None:
    """Write bytes to path whole (see replace_file)."""
    replace_file(path, lambda temporary: Path(temporary).write_bytes(data))


class OutputBusy(OutputError):
    "Another run is writing into the same output folder."


STORED = {".pdf", ".xlsx", ".docx", ".zip"}  # compressed already: deflating them again
# costs ten times the time of storing them, for a zip about 15 % smaller


def zip_folder(root: Path, archive: Path, base: str = "") -> Path:
    """archive holding root's files (those under root/base when base is given) by their
    path from root, in a stable order; what is compressed already is stored as it is."""
    top = root / base if base else root
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as made:
        for path in sorted(top.rglob("*")):
            if path.is_file() and path != archive:
                made.write(path, path.relative_to(root).as_posix(),
                           zipfile.ZIP_STORED if path.suffix.lower() in STORED else None)
    return archive


def cannot_write(folder: Path, error: OSError) -> OutputError:
    """The error for a folder the user asked for that cannot be created or written to."""
    if isinstance(error, PermissionError):
        reason = "accès refusé"
    elif isinstance(error, (FileExistsError, NotADirectoryError)):
        reason = "un fichier porte le nom d'un des dossiers du chemin"
    else:
        reason = error.strerror or str(error)
    return OutputError(f"Impossible d'écrire dans « {folder} » : {reason}.")


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(folder, error) from None


def remove_folder(folder: Path, patience: float = 5.0) -> None:
    """Remove a folder whole, waiting a moment for a process just stopped to let go of its
    files (on Windows a file still open cannot be deleted);
    a read-only file is made writable first."""
    deadline = time.monotonic() + patience
    while True:
        if sys.version_info >= (3, 12):
            shutil.rmtree(folder, onexc=writable_again)
        else:
            shutil.rmtree(folder, onerror=writable_again)
        if not os.path.lexists(folder) or time.monotonic() > deadline:
            return
        time.sleep(0.1)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Ignore every stop signal the platform has (Ctrl-C, Ctrl+Break, SIGTERM, SIGHUP) for
    the length of the block: a swap or a clean-up is never left half done. The block must
    be short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in stop_signals()}
    try:
        yield
    finally:
        for number, handler in previous.items():
            if handler is None:
                handler = (signal.default_int_handler if number == signal.SIGINT
                           else signal.SIG_DFL)
            signal.signal(number, handler)


def stop_signals() -> list[int]:
    """The signals that stop a run, those of them that this platform has."""
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def lock_path(out: Path) -> Path:
    """The lock file of an output folder: beside it, never among the documents. The path is
    resolved, so that two runs reaching one folder by different paths share one lock."""
    out = out.resolve()
    return out.parent / f".{out.name}.verrou"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for one run; another run on the same folder is refused at once.

    The lock is the operating system's, on a file beside the folder, so a run that dies
    never leaves it held (at worst its empty file stays, and the next run takes it). The
    file is removed at the end: on POSIX while still held, a run that locked it meanwhile
    seeing it is no longer the file at that path and starting again; on Windows after
    release, and only if no other run has it open (an open file cannot be removed there).
    """
    out = out.absolute()
    make_folder(out.parent)
    path = lock_path(out)
    handle = _take(path, out)
    try:
        yield
    finally:
        with uninterrupted():
            _release(handle, path)


def _take(path: Path, out: Path) -> int:
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise cannot_write(out.parent, error) from None
        try:
            taken = _lock(handle)
        except OSError as error:
            if not _conflict(error):
                os.close(handle)
                raise OutputError(
                    f"Le dossier « {out.parent} » ne permet pas de verrouiller « {path} » "
                    f"({error.strerror or error}) : deux générations pourraient y écrire en "
                    "même temps. Choisissez un dossier de sortie sur un disque local ou un "
                    "autre partage, puis relancez la commande.") from None
            taken = False
        if not taken:
            os.close(handle)
            raise OutputBusy(f"Une autre génération écrit déjà dans « {out} » : attendez "
                             "qu'elle se termine, puis relancez la commande.")
        if sys.platform == "win32" or _still_at(handle, path):
            hide(path)
            return handle
        os.close(handle)


def _conflict(error: OSError) -> bool:
    """The lock is held by another process, as opposed to a lock the file system refuses
    (a share without byte-range locks)."""
    if sys.platform == "win32":
        return error.errno in (errno.EACCES, 36)  # 36: EDEADLOCK from msvcrt.locking
    return error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)


def _still_at(handle: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle), os.stat(path))
    except OSError:
        return False


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: int) -> bool:
        msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        return True

    def _release(handle: int, path: Path) -> None:
        try:
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(handle)
        try:
            os.unlink(path)
        except OSError:
            pass  # opened meanwhile by another run, which removes it when it ends

else:
    import fcntl

    def _lock(handle: int) -> bool:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True

    def _release(handle: int, path: Path) -> None:
        try:
            if _still_at(handle, path):
                os.unlink(path)
        finally:
            os.close(handle)


# The output folder of generate: its documents swapped in whole, and the manifest.

MANIFEST = "manifest.json"
TRASH = ".ancien"


def _entry(document: Document, today: dt.date) -> dict[str, object]:
    return {
        "kind": document.kind,
        "session": document.session or None,
        "candidate": document.candidate,
        "person": document.person,
        "path": document.path,
        "format": Path(document.path).suffix.lstrip(".") or "dossier",
        "pages": document.pages or None,
        "to_dieccte": document.to_dieccte,
        "produced": today.isoformat(),
    }


def read_manifest(out: Path) -> list[dict[str, object]]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return list(data.get("documents", []))
    except (OSError, ValueError, AttributeError):
        return []


def swap_in(staging: Path, out: Path, documents: list[Document],
             scope: set[tuple[str, str]], today: dt.date) -> None:
    """Put the documents produced in place of those of the same sessions and kinds (scope);
    keep every other file of out as it was, with its manifest entry. envoi/ and envoi.zip
    become this run's, or go when nothing leaves (a DOCX run sends nothing): a bundle of an
    earlier run would hold documents replaced since."""
    old = read_manifest(out)
    kept = [e for e in old if (e.get("session"), e.get("kind")) not in scope
            and e.get("kind") != BUNDLE_KIND]
    replaced = {str(e.get("path")) for e in old if (e.get("session"), e.get("kind")) in scope}
    folders = {d.folder for d in documents if d.folder}
    folders |= {str(e.get("path", "")).split("/")[0] for e in old
                if (e.get("session"), e.get("kind")) in scope}
    folders.discard("")
    for folder in folders:
        new, current = staging / folder, out / folder
        new.mkdir(parents=True, exist_ok=True)
        if current.is_dir():
            for path in current.rglob("*"):
                relative = path.relative_to(out).as_posix()
                target = staging / relative
                if path.is_file() and relative not in replaced and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
    manifest = {"documents": kept + [_entry(d, today) for d in documents]}
    manifest["documents"].sort(key=lambda e: (str(e["session"] or ""), order(str(e["kind"])),
                                              str(e["path"])))
    (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                    encoding="utf-8")
    trash = staging / TRASH
    trash.mkdir()
    created = not out.exists()
    moved: list[tuple[Path, Path]] = []

    def move(source: Path, target: Path) -> None:
        patiently(lambda: os.replace(source, target))
        moved.append((source, target))

    # The moves are quick, and Ctrl-C must not leave out half old, half new.
    with uninterrupted():
        place = out
        try:
            out.mkdir(exist_ok=True)
            for folder in sorted(folders):
                new, place = staging / folder, out / folder
                if place.exists():
                    move(place, trash / folder)
                if any(new.iterdir()):
                    move(new, place)
            for name in (BUNDLE_KIND, BUNDLE_KIND + ".zip"):
                place = out / name
                if place.exists():
                    move(place, trash / name)
                if (staging / name).exists():
                    move(staging / name, place)
            place = out / MANIFEST
            move(staging / MANIFEST, place)
        except OSError as error:
            _put_back(moved, out if created else None, trash,
                      f"Impossible de remplacer « {place} » ({error.strerror or error}) : un de "
                      "ses fichiers est sans doute ouvert (lecteur PDF, Word, Excel). Fermez-le "
                      "puis relancez la commande.")


def _put_back(moved: list[tuple[Path, Path]], created: Path | None, trash: Path,
              problem: str) -> None:
    """Undo a swap stopped half way (and remove out if the run created it), then raise the
    problem: out as it was before the run."""
    try:
        for source, target in reversed(moved):
            patiently(lambda: os.replace(target, source))  # noqa: B023 (called at once)
        if created is not None and created.exists():
            created.rmdir()
    except OSError:
        raise OutputError(f"{problem} Le dossier n'a pu être remis en état : les documents "
                          f"précédents sont dans « {trash} ».") from None
    raise OutputError(f"{problem} Le dossier de sortie est resté tel qu'il était.")


def staging_prefix(out: Path) -> str:
    """How the folder a run builds beside out is named: it says whose it is."""
    return f".ceres-docs-{out.name}-"


def remove_stale_staging(out: Path) -> None:
    """Remove the folders beside out left by a run on out that was killed. To be called under
    out's lock, so that none of them is the folder of a running run. A folder whose old
    documents could not be put back (.ancien not empty) is kept for the user."""
    pattern = re.compile(re.escape(staging_prefix(out)) + r"[a-z0-9_]{8}")
    try:
        found = [p for p in out.parent.iterdir() if pattern.fullmatch(p.name)
                 and p.is_dir() and not p.is_symlink()]
    except OSError:
        return
    for folder in found:
        trash = folder / TRASH
        if trash.is_dir() and any(trash.iterdir()):
            continue
        remove_folder(folder, patience=0.5)
