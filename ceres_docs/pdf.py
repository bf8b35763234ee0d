"""Cutting a converted batch back into one PDF per record, with pypdf."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from .convert import ConversionFailed
from .errors import CeresDocsError
from .render import MARK


def record_ranges(reader: PdfReader, count: int) -> list[range]:
    """Page range of each record, from the end-of-record destinations LibreOffice exported."""
    ends: dict[int, int] = {}
    for name, destination in reader.named_destinations.items():
        match = re.fullmatch(rf"/?{MARK}(\d+)", str(name))
        page = reader.get_destination_page_number(destination) if match else None
        if match and page is not None:
            ends[int(match.group(1))] = page
    if sorted(ends) != list(range(count)):
        raise ConversionFailed(
            f"Le PDF produit ne permet pas de séparer les {count} documents (repères "
            f"trouvés : {len(ends)}). Vérifiez que le modèle ne supprime pas la fin de page."
        )
    ranges, start = [], 0
    for index in range(count):
        end = ends[index]
        if end < start:
            raise ConversionFailed("Le PDF produit a des repères de documents dans le désordre.")
        ranges.append(range(start, end + 1))
        start = end + 1
    return ranges


def split_pdf(source: Path, destinations: Sequence[Path]) -> list[list[PageObject]]:
    """Write each record's pages to its destination; returns each record's pages."""
    reader = PdfReader(source)
    records = []
    folders: set[Path] = set()
    for destination, pages_range in zip(destinations,
                                        record_ranges(reader, len(destinations)), strict=True):
        writer = PdfWriter()
        pages = [reader.pages[number] for number in pages_range]
        for page in pages:
            writer.add_page(page)
        if destination.parent not in folders:
            destination.parent.mkdir(parents=True, exist_ok=True)
            folders.add(destination.parent)
        with destination.open("wb") as handle:
            writer.write(handle)
        records.append(pages)
    return records


def print_ready(documents: Sequence[Sequence[PageObject]], destination: Path) -> int:
    """One PDF of all documents, each padded with a blank page to an even count (recto verso)."""
    writer = PdfWriter()
    for pages in documents:
        for page in pages:
            writer.add_page(page)
        if len(pages) % 2:
            last = pages[-1].mediabox
            writer.add_blank_page(width=float(last.width), height=float(last.height))
    destination.parent.mkdir(parents=True, exist_ok=True)
    with destination.open("wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def pages_of(path: Path) -> list[PageObject]:
    return list(PdfReader(path).pages)


class UnreadablePdf(CeresDocsError):
    "A file given as a PDF is not a readable PDF."


def readable_pdf(path: Path) -> int:
    """Page count of a PDF that pypdf can read through; a French error otherwise."""
    hint = ("Scannez le document au format PDF (pas en image ni en document Word) et "
            "indiquez ce fichier.")
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
        if b"%PDF-" not in head:
            raise UnreadablePdf(f"« {path.name} » n'est pas un PDF. {hint}")
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnreadablePdf(f"« {path.name} » est protégé par un mot de passe. {hint}")
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - touching each page proves it can be read
    except UnreadablePdf:
        raise
    except (PdfReadError, OSError, ValueError, KeyError) as error:
        raise UnreadablePdf(f"« {path.name} » est un PDF illisible ou endommagé ({error}). "
                            f"{hint}") from None
    if pages == 0:
        raise UnreadablePdf(f"« {path.name} » ne contient aucune page. {hint}")
    return pages
