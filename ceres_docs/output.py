"""Writing files whole: built aside, then moved into place in one step."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError


def fit_to_page_width(sheet) -> None:
    """Print a sheet landscape, every column on the page width."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def replace_file(path: Path, write: Callable[[str], object]) -> None:
    """Call write(temporary path) beside path, then swap the result in atomically."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"Le dossier « {folder} » n'existe pas : créez-le ou choisissez-en un autre."
        )
    try:
        handle, temporary = tempfile.mkstemp(prefix=".ceres-docs-", suffix=path.suffix,
                                             dir=folder)
    except OSError as error:
        raise OutputError(f"Impossible d'écrire dans « {folder} » : {error.strerror}.") from None
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except PermissionError:
        raise OutputError(
            f"Impossible d'écrire « {path} » : accès refusé. S'il est ouvert dans Excel, "
            "fermez-le puis relancez la commande."
        ) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
