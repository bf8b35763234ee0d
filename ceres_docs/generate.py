"""The main job: from a valid workbook, every document, named and filed, swapped in whole."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PageObject

from .convert import Converter, convert_to_pdf, lanes, share_out
from .docxsplit import split_docx
from .engine import Engine, completed
from .errors import CeresDocsError, OutputError
from .kinds import KIND, KINDS, PV_KINDS, kinds_to_render, order, unknown_sessions
from .outgoing import bundle, convocation_mails, print_files, without_email
from .output import (
    TRASH,
    cannot_write,
    output_lock,
    remove_folder,
    remove_stale_staging,
    staging_prefix,
    swap_in,
    uninterrupted,
)
from .pdf import pages_of, split_pdf
from .plan import Document, make_plan, refusal
from .procedure import Stage
from .render import render_batch, template_path
from .report import Issue, Report
from .rules import checked_sessions
from .winfiles import hide

BATCH_SIZE = 200


class NotAllowed(CeresDocsError):
    "A document asked for explicitly that the procedure does not allow for its session."


@dataclass
class Job:
    """A planned run: what will be produced, and where."""

    report: Report
    out: Path
    documents: list[Document]
    scope: set[tuple[str, str]]
    templates: Path | None = None
    pdf: bool = True
    timeout: float | None = None
    derived: set[str] = field(default_factory=set)
    today: dt.date = field(default_factory=dt.date.today)
    stages: dict[str, Stage] = field(default_factory=dict)
    # Sessions left out for their own errors, and errors in rows no session uses.
    skipped: dict[str, list[Issue]] = field(default_factory=dict)
    elsewhere: list[Issue] = field(default_factory=list)
    on_request: bool = False
    engine: Engine | None = None  # the web server's warm LibreOffice; None: started here
    without_email: list[str] = field(default_factory=list)  # who gets no e-mail draft
    produced: list[Document] = field(default_factory=list)
    _pages: dict[str, list[PageObject]] = field(default_factory=dict, repr=False)
    # E-mail drafts made while LibreOffice converts, by batch, with the convocations of the
    # people without an address.
    _mails: dict[int, tuple[list[Document], list[Document]]] = field(default_factory=dict,
                                                                     repr=False)

    @property
    def steps(self) -> int:
        return 4 * len(self.documents) if self.pdf else len(self.documents)

    def run(self, progress: Callable[[int], object] = lambda n: None) -> list[Document]:
        """Build every document in a folder beside out, then swap them in. Meanwhile out is
        locked against another run; whatever fails (Ctrl-C included), out stays as it was and
        the folder beside it is removed. Nothing to produce into a folder that does not exist
        yet: nothing is written."""
        if not self.documents and not self.out.exists():
            return []
        with output_lock(self.out):
            remove_stale_staging(self.out)
            try:
                staging = Path(tempfile.mkdtemp(prefix=staging_prefix(self.out),
                                                dir=self.out.parent))
            except OSError as error:
                raise cannot_write(self.out.parent, error) from None
            hide(staging)
            done = False
            try:
                self.produced = list(self.documents)
                if self.pdf and self.documents:
                    self._build_pdf(staging, progress)
                    self.produced += self._build_outgoing(staging)
                    progress(len(self.documents))
                elif not self.pdf:
                    self._build_docx(staging, progress)
                if self.pdf:
                    self.produced += bundle(self.produced, staging)
                swap_in(staging, self.out, self.produced, self.scope, self.today)
                done = True
            except OSError as error:
                raise cannot_write(self.out.parent, error) from None
            finally:
                with uninterrupted():
                    if done or not _holds_files(staging / TRASH):
                        remove_folder(staging)
        return self.produced

    def _build_outgoing(self, staging: Path) -> list[Document]:
        extra: list[Document] = []
        if "impression-pv" in self.derived:
            extra += print_files(self.documents, staging, lambda d: self._pages.get(d.path)
                                 or pages_of(staging / d.path))
        if "courriel-convocation" in self.derived:
            unmailed: list[Document] = []
            for mails, without in (self._mails[index] for index in sorted(self._mails)):
                extra += mails
                unmailed += without
            unmailed.sort(key=lambda d: (d.session, order(d.kind), d.stem))
            self.without_email = [without_email(d) for d in unmailed]
        return extra

    def _build_docx(self, staging: Path, progress: Callable[[int], object]) -> None:
        """One DOCX per document: the records of a batch rendered together, then cut apart."""
        with _work_folder(staging) as work:
            self._render_docx(work, staging, progress)

    def _render_docx(self, work: Path, staging: Path,
                     progress: Callable[[int], object]) -> None:
        for index, chunk in enumerate(self._chunks()):
            batch = work / f"lot-{index:04d}.docx"
            render_batch(template_path(self.templates, chunk[0].kind),
                         [d.context for d in chunk], batch)
            split_docx(batch, [staging / d.folder / f"{d.stem}.docx" for d in chunk])
            batch.unlink()
            for document in chunk:
                document.path = f"{document.folder}/{document.stem}.docx"
                document.pages = 0
            progress(len(chunk))

    def _chunks(self) -> list[list[Document]]:
        """The documents by batch (kind and centre), at most BATCH_SIZE in each."""
        batches: dict[str, list[Document]] = defaultdict(list)
        for document in self.documents:
            batches[document.batch].append(document)
        return [batch[start:start + BATCH_SIZE] for batch in batches.values()
                for start in range(0, len(batch), BATCH_SIZE)]

    def _build_pdf(self, staging: Path, progress: Callable[[int], object]) -> None:
        with _work_folder(staging) as work:
            self._convert_and_split(work, staging, progress)

    def _convert_and_split(self, work: Path, staging: Path,
                           progress: Callable[[int], object]) -> None:
        chunks = self._chunks()
        weights = [len(chunk) * KIND[chunk[0].kind].weight for chunk in chunks]
        files = [work / f"lot-{index:04d}.docx" for index in range(len(chunks))]
        groups = share_out(weights, lanes(len(files), sum(weights)))
        names = {file.stem: _describe(chunk) for file, chunk in zip(files, chunks, strict=True)}
        converted: Iterable[int]
        if self.engine is not None:
            converted = self._convert_warm(files, chunks, names, progress)
        else:
            converted = self._convert_cold(files, chunks, names, groups, progress)
        mailed = KIND["courriel-convocation"].sources if (
            "courriel-convocation" in self.derived) else ()
        # Each batch is split, and its e-mail drafts written, as soon as its PDF is whole,
        # while LibreOffice converts the next ones; PV pages are kept for the print files.
        for index in converted:
            docx, chunk = files[index], chunks[index]
            targets = [staging / d.folder / f"{d.stem}.pdf" for d in chunk]
            for document in chunk:
                document.path = f"{document.folder}/{document.stem}.pdf"
            for document, pages in zip(chunk, split_pdf(work / f"{docx.stem}.pdf", targets),
                                       strict=True):
                document.pages = len(pages)
                if document.kind in PV_KINDS:
                    self._pages[document.path] = pages
            if chunk[0].kind in mailed:
                self._mails[index] = convocation_mails(chunk, staging)
            progress(len(chunk))

    def _convert_cold(self, files: list[Path], chunks: list[list[Document]],
                      names: dict[str, str], groups: list[list[int]],
                      progress: Callable[[int], object]) -> Iterator[int]:
        """The indexes of the files as their PDFs come out whole. LibreOffice is started
        first: it takes about a second before it opens the first file, time enough to render
        it. Files appear whole (written aside, then renamed), in the order the processes read
        them; one not ready in time is converted again at the end."""
        work = files[0].parent
        index_of = {file: index for index, file in enumerate(files)}
        with Converter(work, len(files), self.timeout, names) as converter:
            for group in groups:
                converter.start([files[index] for index in group])
            for index in _round_robin(groups):
                partial = files[index].with_suffix(".partiel")
                render_batch(template_path(self.templates, chunks[index][0].kind),
                             [d.context for d in chunks[index]], partial)
                os.replace(partial, files[index])
                progress(len(chunks[index]))
            for file in converter.as_converted():
                progress(len(chunks[index_of[file]]))
                yield index_of[file]
            late = converter.late
        if late:
            convert_to_pdf([pdf.with_suffix(".docx") for pdf in late], work, self.timeout,
                           names=names)
            for pdf in late:
                index = index_of[pdf.with_suffix(".docx")]
                progress(len(chunks[index]))
                yield index

    def _convert_warm(self, files: list[Path], chunks: list[list[Document]],
                      names: dict[str, str], progress: Callable[[int], object]
                      ) -> Iterator[int]:
        """The indexes of the files as their PDFs come out. The server's LibreOffice is
        already running: each file is converted as soon as it is rendered, the heaviest
        first, while the next one is rendered."""
        assert self.engine is not None
        futures: dict[Future[Path], int] = {}
        heaviest = sorted(range(len(files)), key=lambda i: -len(chunks[i]) * KIND[
            chunks[i][0].kind].weight)
        try:
            for index in heaviest:
                file, chunk = files[index], chunks[index]
                render_batch(template_path(self.templates, chunk[0].kind),
                             [d.context for d in chunk], file)
                progress(len(chunk))
                futures[self.engine.submit(file, file.with_suffix(".pdf"), names[file.stem],
                                           self.timeout)] = index
            for future in completed(futures):
                future.result()
                progress(len(chunks[futures[future]]))
                yield futures[future]
        finally:
            for future in futures:
                future.cancel()


def _describe(documents: list[Document]) -> str:
    """What a batch file holds, in the user's words: its kind and sessions."""
    sessions = sorted({d.session for d in documents if d.session})
    where = ""
    if len(sessions) == 1:
        where = f" de la session {sessions[0]}"
    elif sessions:
        where = f" des sessions {', '.join(sessions[:5])}" + (" …" if len(sessions) > 5 else "")
    count = len(documents)
    return (f"{KIND[documents[0].kind].plural}{where} "
            f"({count} document{'s' if count > 1 else ''})")


@contextmanager
def _work_folder(staging: Path) -> Iterator[Path]:
    """A folder for LibreOffice's batch files in the local temporary folder, not beside the
    output (on OneDrive or a share, each would be uploaded or cross the network); removed
    whatever happens. A staging folder already there (the web server's) holds it, so that
    it goes with the folder its owner removes."""
    local = Path(tempfile.gettempdir()).resolve()
    within = staging.resolve().is_relative_to(local)
    try:
        work = Path(tempfile.mkdtemp(prefix="ceres-docs-travail-",
                                     dir=staging if within else None))
    except OSError as error:
        raise cannot_write(Path(tempfile.gettempdir()), error) from None
    try:
        yield work
    finally:
        with uninterrupted():
            remove_folder(work)


def _holds_files(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())


def _round_robin(groups: list[list[int]]) -> list[int]:
    """One item of each group in turn: the order in which parallel readers need them."""
    order = []
    for rank in range(max(len(group) for group in groups)):
        order += [group[rank] for group in groups if rank < len(group)]
    return order


def kind_counts(documents: Iterable[Document]) -> list[tuple[int, str]]:
    """How many documents of each kind a run produced, with the kind's French label, in the
    registry's order (envoi/ aside)."""
    counts: dict[str, int] = {}
    for document in documents:
        counts[document.kind] = counts.get(document.kind, 0) + 1
    return [(counts[kind], KIND[kind].label_for(counts[kind])) for kind in KINDS
            if kind in counts]


def prepare(workbook: Path, out: Path, sessions: Iterable[str] = (),
            kinds: Iterable[str] = (), templates: Path | None = None, pdf: bool = True,
            timeout: float | None = None, today: dt.date | None = None,
            strict: bool = False, engine: Engine | None = None) -> Job:
    """Validate and plan the documents due on that day. Raises InvalidWorkbook when an error
    concerns the whole workbook (any error when strict); a session with errors of its own is
    left out of the plan (Job.skipped), and the others are produced."""
    today = today or dt.date.today()
    book, report, found = checked_sessions(workbook, today, strict)
    chosen = [str(s).strip() for s in sessions]
    unknown = [s for s in chosen if s not in book.sessions]
    if unknown:
        raise CeresDocsError(unknown_sessions(unknown))
    kinds = tuple(kinds)
    on_request = bool(chosen and kinds)
    # A document asked for by name, for a session named, that the procedure does not allow
    # (affichage before the plis are collected, P§10): refused with the reason, not skipped.
    asked = [book.sessions[s] for s in chosen
             if not book.sessions[s].cancelled and s not in found.sessions]
    refused = [refusal(session, kind, today) for session in asked for kind in kinds]
    if any(refused):
        raise NotAllowed("\n".join(reason for reason in refused if reason))
    rendered, derived = kinds_to_render(kinds)
    if templates is not None:
        for kind in sorted(rendered):
            template_path(templates, kind)
    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise OutputError(f"« {out} » existe et n'est pas un dossier.")
    existing = next(p for p in [out, *out.parents] if p.exists())
    if not existing.is_dir():
        raise OutputError(f"Impossible de créer « {out} » : « {existing} » est un fichier, "
                          "pas un dossier.")
    if not os.access(existing, os.W_OK):
        raise OutputError(f"Impossible d'écrire dans « {out} » : accès refusé.")
    produced = [s for s in (chosen or sorted(book.sessions)) if s not in found.sessions]
    made = make_plan(book, produced, rendered | derived, today, on_request, str(out))
    skipped = {s: issues for s, issues in found.sessions.items() if not chosen or s in chosen}
    return Job(report, out, made.documents, made.scope, templates, pdf, timeout,
               derived if pdf else set(), today=today, stages=made.stages, skipped=skipped,
               elsewhere=found.elsewhere, on_request=on_request, engine=engine)
