"""Cutting a converted batch back into one PDF per record, with pypdf."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from .convert import ConversionFailed
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


def split_pdf(source: Path, destinations: Sequence[Path]) -> list[int]:
    """Write each record's pages to its destination; returns the page count of each."""
    reader = PdfReader(source)
    pages = []
    for destination, pages_range in zip(destinations,
                                        record_ranges(reader, len(destinations)), strict=True):
        writer = PdfWriter()
        for number in pages_range:
            writer.add_page(reader.pages[number])
        destination.parent.mkdir(parents=True, exist_ok=True)
        with destination.open("wb") as handle:
            writer.write(handle)
        pages.append(len(pages_range))
    return pages


def page_count(path: Path) -> int:
    return len(PdfReader(path).pages)
