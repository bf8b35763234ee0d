"""Files as Windows treats them: brief locks by an antivirus, an indexer or OneDrive,
read-only attributes, hidden files, and the program that holds a file open."""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

PATIENCE = 2.0  # seconds: an antivirus or OneDrive lets go of a file well within that
BRIEF_LOCKS = {5, 32}  # ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION
FILE_ATTRIBUTE_HIDDEN = 2
PROGRAMS = {".xlsx": "Excel", ".xlsm": "Excel", ".xls": "Excel", ".csv": "Excel",
            ".pdf": "le lecteur PDF", ".docx": "Word", ".doc": "Word"}


def briefly_locked(error: BaseException) -> bool:
    """A Windows error that another process holding the file for a moment gives."""
    return getattr(error, "winerror", None) in BRIEF_LOCKS


def patiently(action: Callable[[], T], patience: float | None = None) -> T:
    """action(), tried again in short steps for a moment while Windows says the file is
    held by another process; any other error, or one that lasts, is raised."""
    deadline = time.monotonic() + (PATIENCE if patience is None else patience)
    while True:
        try:
            return action()
        except OSError as error:
            if not briefly_locked(error) or time.monotonic() > deadline:
                raise
        time.sleep(0.05)


def program_for(path: Path) -> str:
    """The program that most likely keeps this file open, in French."""
    return PROGRAMS.get(path.suffix.lower(), "un autre programme")


def writable_again(function: Callable[..., object], path: str, _error: object) -> None:
    """rmtree's error handler: a read-only file (its attribute copied along with it on
    Windows) is made writable, then removed again; what still fails is left."""
    try:
        os.chmod(path, os.lstat(path).st_mode | stat.S_IWRITE)
        function(path)
    except OSError:
        pass


def hide(path: Path) -> None:
    """Give path the Windows hidden attribute (a leading dot hides nothing there)."""
    if sys.platform != "win32":
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32
    attributes = kernel32.GetFileAttributesW(str(path))
    if attributes == -1 or attributes == 0xFFFFFFFF:
        return
    kernel32.SetFileAttributesW(str(path), attributes | FILE_ATTRIBUTE_HIDDEN)
