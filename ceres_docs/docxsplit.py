"""Cutting a rendered batch DOCX back into one DOCX per record (generate --no-pdf).

A batch (render.py) holds each record's body in turn, each closed by a paragraph carrying the
record's end bookmark; a record's DOCX is the batch with only that record's body, under the
batch's last section properties, every other part (styles, headers, footers, numbering)
kept as it is. Rendering a batch once and cutting it is many times quicker than rendering
each document from its template, which docxtpl reads, patches and compiles again each time.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from .errors import CeresDocsError
from .render import MARK

DOCUMENT = "word/document.xml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_END = re.compile(rf"{MARK}(\d+)")


class UnsplittableDocx(CeresDocsError):
    "A rendered batch whose records cannot be told apart."


def split_docx(source: Path, destinations: Sequence[Path]) -> None:
    """Write each record of the batch source to its destination, in order."""
    with zipfile.ZipFile(source) as batch:
        entries = [(info, batch.read(info)) for info in batch.infolist()]
    document = next((data for info, data in entries if info.filename == DOCUMENT), None)
    if document is None:
        raise UnsplittableDocx(f"« {source.name} » n'a pas de corps de document.")
    root = etree.fromstring(document)
    body = root.find(f"{W}body")
    assert body is not None
    children = list(body)
    section = children.pop() if children and children[-1].tag == f"{W}sectPr" else None
    records: list[list[etree._Element]] = []
    current: list[etree._Element] = []
    for child in children:
        body.remove(child)
        end = _record_end(child)
        if end is None:
            current.append(child)
            continue
        if end != len(records):
            raise UnsplittableDocx(f"« {source.name} » : les repères de fin de document sont "
                                   "dans le désordre.")
        records.append(current)
        current = []
    if len(records) != len(destinations) or current:
        raise UnsplittableDocx(
            f"« {source.name} » ne permet pas de séparer les {len(destinations)} documents "
            f"(repères trouvés : {len(records)}). Vérifiez que le modèle ne supprime pas la "
            "fin de page.")
    if section is not None:
        body.remove(section)
    for destination, record in zip(destinations, records, strict=True):
        body.extend(record)
        if section is not None:
            body.append(section)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        for child in list(body):
            body.remove(child)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in entries:
                out.writestr(info, xml if info.filename == DOCUMENT else data)


def _record_end(element: etree._Element) -> int | None:
    """The record number whose end bookmark this paragraph carries, or None."""
    if element.tag != f"{W}p":
        return None
    for mark in element.iter(f"{W}bookmarkStart"):
        match = _END.fullmatch(mark.get(f"{W}name", ""))
        if match:
            return int(match.group(1))
    return None
