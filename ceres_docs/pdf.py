"""Cutting a converted batch back into one PDF per record, with pypdf."""

from __future__ import annotations

import io
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
    """Write each record's pages to its destination; returns each record's pages.

    LibreOffice's PDFs are plain (one cross-reference table, one flat page tree): each record
    is then written from the source's own bytes, its pages and what they use (fonts, images)
    copied as they are and renumbered, which is about ten times quicker than pypdf's writer
    cloning every object for every record. Any other PDF goes through pypdf's writer."""
    data = source.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    ranges = record_ranges(reader, len(destinations))
    records = [[reader.pages[number] for number in pages_range] for pages_range in ranges]
    try:
        objects = _RawObjects(reader, data)
        contents = [objects.document(pages) for pages in records]
    except _NotPlain:
        contents = [_written(pages) for pages in records]
    folders: set[Path] = set()
    for destination, content in zip(destinations, contents, strict=True):
        if destination.parent not in folders:
            destination.parent.mkdir(parents=True, exist_ok=True)
            folders.add(destination.parent)
        destination.write_bytes(content)
    return records


def _written(pages: Sequence[PageObject]) -> bytes:
    writer = PdfWriter()
    for page in pages:
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class _NotPlain(Exception):
    "A PDF that the raw split does not handle (object streams, nested page tree, links)."


_HEADER = re.compile(rb"\s*(\d+) 0 obj\b")
_REFERENCE = re.compile(rb"(\d+) (\d+) R\b")


class _RawObjects:
    """A PDF's objects as bytes, found through its cross-reference table, each split into its
    dictionary (where references are) and the rest (its stream, untouched)."""

    def __init__(self, reader: PdfReader, data: bytes):
        if reader.xref_objStm or any(table for generation, table in reader.xref.items()
                                     if generation != 0):
            raise _NotPlain
        self.data = data
        offsets = sorted((offset, number) for number, offset in reader.xref.get(0, {}).items())
        self.spans = {number: (offset, following) for (offset, number), (following, _)
                      in zip(offsets, [*offsets[1:], (len(data), 0)], strict=True)}
        self.pages = {page.indirect_reference.idnum for page in reader.pages
                      if page.indirect_reference is not None}
        parents = {page.get("/Parent") for page in reader.pages}
        if len(self.pages) != len(reader.pages) or len(parents) != 1:
            raise _NotPlain
        parent = parents.pop()
        if parent is None or not hasattr(parent, "idnum"):
            raise _NotPlain
        self.parent = int(parent.idnum)
        self.parts: dict[int, tuple[bytes, bytes, list[int]]] = {}

    def part(self, number: int) -> tuple[bytes, bytes, list[int]]:
        """An object's dictionary, its stream and endobj, and the objects it refers to."""
        found = self.parts.get(number)
        if found is None:
            span = self.spans.get(number)
            if span is None:
                raise _NotPlain
            text = self.data[span[0]:span[1]]
            header, end = _HEADER.match(text), text.rfind(b"endobj")
            if header is None or int(header.group(1)) != number or end < 0:
                raise _NotPlain
            body = text[header.end():end + len(b"endobj")]
            cut = body.find(b"stream")
            head, rest = (body, b"") if cut < 0 else (body[:cut], body[cut:])
            refers = [int(m.group(1)) for m in _REFERENCE.finditer(head)]
            if any(m.group(2) != b"0" for m in _REFERENCE.finditer(head)):
                raise _NotPlain
            found = self.parts[number] = (head, rest, refers)
        return found

    def document(self, pages: Sequence[PageObject]) -> bytes:
        """A PDF of these pages: the objects they reach (their parent aside), renumbered."""
        wanted = [int(page.indirect_reference.idnum) for page in pages
                  if page.indirect_reference is not None]
        order: dict[int, int] = {}
        stack = list(reversed(wanted))
        while stack:
            number = stack.pop()
            if number in order or number == self.parent:
                continue
            if number in self.pages and number not in wanted:
                raise _NotPlain  # a link to another record's page
            order[number] = len(order) + 1
            stack.extend(reversed(self.part(number)[2]))
        tree, catalog = len(order) + 1, len(order) + 2
        numbers = {**order, self.parent: tree}

        def renumbered(match: re.Match[bytes]) -> bytes:
            return b"%d 0 R" % numbers[int(match.group(1))]

        out = [b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n"]
        size = len(out[0])
        offsets = []
        for number, new in order.items():
            head, rest, _ = self.part(number)
            chunk = b"%d 0 obj" % new + _REFERENCE.sub(renumbered, head) + rest + b"\n"
            offsets.append(size)
            out.append(chunk)
            size += len(chunk)
        kids = b" ".join(b"%d 0 R" % order[number] for number in wanted)
        for chunk in (b"%d 0 obj\n<</Type/Pages/Kids[%s]/Count %d>>\nendobj\n"
                      % (tree, kids, len(wanted)),
                      b"%d 0 obj\n<</Type/Catalog/Pages %d 0 R>>\nendobj\n" % (catalog, tree)):
            offsets.append(size)
            out.append(chunk)
            size += len(chunk)
        out.append(b"xref\n0 %d\n0000000000 65535 f \n" % (catalog + 1))
        out += [b"%010d 00000 n \n" % offset for offset in offsets]
        out.append(b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n"
                   % (catalog + 1, catalog, size))
        return b"".join(out)


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
