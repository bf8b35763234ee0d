"""Filling DOCX templates with docxtpl, in a sandbox, many records in one document.

Records of one kind are rendered together: the template's body is repeated once per record,
closed by a bookmark that LibreOffice exports as a PDF destination, so the PDF can be split per
record afterwards. Records are separated by a page break, which LibreOffice lays out faster,
unless the pages depend on where a record starts (a page number, a distinct first page, even
and odd pages): then each record gets its own section, page numbers restarting at 1.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree

from .errors import CeresDocsError
from .winfiles import patiently, program_for

# templates/ beside the package in a source tree; ceres_docs/templates once installed.
DEFAULT_TEMPLATES = next(
    (folder for folder in (Path(__file__).resolve().parent.parent / "templates",
                           Path(__file__).resolve().parent / "templates")
     if (folder / "pv-general.docx").is_file()),
    Path(__file__).resolve().parent / "templates",
)
MARK = "ceresfin"
PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'


class TemplateProblem(CeresDocsError):
    "A template is missing, unreadable, or uses what it may not."


class Sandbox(SandboxedEnvironment):
    """Autoescaped sandbox: cell values are printed as text, never run. Each distinct template
    text is compiled once, not once per document."""

    CACHED = 64

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= self.CACHED:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


_SANDBOX = Sandbox()


def environment() -> Sandbox:
    return _SANDBOX


def template_path(folder: Path | None, kind: str) -> Path:
    """The template of a kind: in the centre's folder when given, else the default one."""
    path = (folder or DEFAULT_TEMPLATES) / f"{kind}.docx"
    if path.is_file():
        return path
    if folder is not None:
        raise TemplateProblem(
            f"Modèle « {kind}.docx » introuvable dans « {folder} ». Copiez les modèles par "
            "défaut avec « ceres-docs templates export DOSSIER »."
        )
    raise TemplateProblem(f"Modèle « {kind}.docx » introuvable.")


_BODY = re.compile(r"(<w:body[^>]*>)(.*)(<w:sectPr\b.*</w:sectPr>)\s*(</w:body>)", re.S)


_INSTRUCTION = re.compile(r'<w:instrText\b[^>]*>([^<]*)</w:instrText>|w:instr="([^"]*)"')
_STARTS_MATTER = re.compile(r"\b(?:PAGE|NUMPAGES|SECTIONPAGES)\b")
_FIRST_PAGE = re.compile(r'<w:titlePg\b(?![^>]*w:val="(?:0|false|off)")')
_EVEN_ODD = re.compile(r'<w:evenAndOddHeaders\b(?![^>]*w:val="(?:0|false|off)")')


def _fields(xml: str) -> str:
    """The instructions of a part's fields, complex (possibly split over runs) and simple."""
    return "".join(a or b for a, b in _INSTRUCTION.findall(xml))


_SPECIAL = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.S)


class Template(DocxTemplate):
    """docxtpl, with its two slowest passes done only where they change something."""

    column_loops = True

    def build_xml(self, context: dict[str, Any], jinja_env: Any = None) -> str:
        source = self.get_xml()
        self.column_loops = "{%tc" in source
        xml = self.repeat(self.patch_xml(source))
        return self.render_xml_part(xml, self.docx._part, context, jinja_env)

    def repeat(self, xml: str) -> str:
        """The body as rendered: once, here."""
        return xml

    def resolve_listing(self, xml: str) -> str:
        """Tabs, line and page breaks typed in a cell: only paragraphs holding one."""
        if not _SPECIAL.search(xml):
            return xml
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(
            lambda m: resolve(m.group(0)) if _SPECIAL.search(m.group(0)) else m.group(0), xml)

    def fix_tables(self, xml: str) -> Any:
        """Table grids need fixing only after column loops ({%tc %}); otherwise just parse."""
        if self.column_loops:
            return super().fix_tables(xml)
        return etree.fromstring(xml, parser=etree.XMLParser(recover=True))


class BatchTemplate(Template):
    """A one-record template rendered for many records: one section per record (sections),
    or a page break between records."""

    def __init__(self, path: Path, names: Sequence[str], sections: bool | None = None):
        super().__init__(str(path))
        self.names = list(names)
        self.sections = sections

    def pages_depend_on_start(self, body: str) -> bool:
        """Whether a record's pages would differ if it did not start a section of its own:
        a page-number field (PAGE, NUMPAGES, SECTIONPAGES) in the body, a header or a footer,
        a distinct first page, or distinct even and odd pages."""
        parts = [body] + [self.get_part_xml(part) for uri in (self.HEADER_URI, self.FOOTER_URI)
                          for _key, part in self.get_headers_footers(uri)]
        settings = etree.tostring(self.docx.settings.element).decode()
        return bool(_EVEN_ODD.search(settings)) or any(
            _STARTS_MATTER.search(_fields(xml)) or _FIRST_PAGE.search(xml) for xml in parts)

    def repeat(self, xml: str) -> str:
        """The body once per record, each closed by its bookmark and by a section or page
        break."""
        match = _BODY.search(xml)
        if match is None:
            raise TemplateProblem("Le modèle n'a pas de corps de document lisible.")
        opening, content, final_section, closing = match.groups()
        section = re.sub(r"<w:pgNumType\b[^>]*/>", "", final_section)
        section = section.replace("</w:sectPr>", '<w:pgNumType w:start="1"/></w:sectPr>')
        section = re.sub(r"<w:type\b[^>]*/>", "", section)
        section = re.sub(r"(<w:sectPr\b[^>]*>)", r'\1<w:type w:val="nextPage"/>', section,
                         count=1)
        unpacked = ", ".join(f"{name}=record[{name!r}]" for name in self.names)
        mark = ('<w:bookmarkStart w:id="{{ 900000 + loop.index }}" '
                f'w:name="{MARK}{{{{ loop.index0 }}}}"/>'
                '<w:bookmarkEnd w:id="{{ 900000 + loop.index }}"/>')
        sections = self.sections
        if sections is None:
            sections = self.pages_depend_on_start(xml)
        between, after = (section, "") if sections else ("", PAGE_BREAK)
        tail = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
                'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr>'
                '{% if not loop.last %}' + between + '{% endif %}</w:pPr>' + mark
                + '{% if not loop.last %}' + after + '{% endif %}</w:p>')
        return (opening + "{% for record in records %}{% with " + unpacked + " %}"
                + content + tail + "{% endwith %}{% endfor %}" + section + closing)


def render_batch(template: Path, contexts: Sequence[dict[str, Any]], destination: Path,
                 sections: bool | None = None) -> None:
    """One DOCX holding every record, in order; headers see the first record's context.
    sections: one section per record, or page breaks; by default, sections only when the
    template's pages depend on where a record starts (BatchTemplate.pages_depend_on_start)."""
    names = sorted({name for context in contexts for name in context})
    _render(BatchTemplate(template, names, sections), template,
            {**contexts[0], "records": list(contexts)}, destination)


def render_one(template: Path, context: dict[str, Any], destination: Path) -> None:
    _render(Template(str(template)), template, context, destination)


def _render(document: Template, template: Path, context: dict[str, Any],
            destination: Path) -> None:
    try:
        document.render(context, environment(), autoescape=True)
        document.save(str(destination))
    except (TemplateError, SecurityError) as error:
        raise _problem(template, error) from None


def _problem(template: Path, error: Exception) -> TemplateProblem:
    if isinstance(error, SecurityError):
        detail = f"opération interdite ({error})"
    else:
        detail = str(error).replace("'dict object' has no attribute", "variable inconnue :")
    return TemplateProblem(f"Modèle « {template.name} » : {detail}. Vérifiez-le avec "
                           "« ceres-docs templates check ».")


def template_variables(template: Path) -> dict[str, set[str]]:
    """Top-level variables used by a template: in its body, and in headers and footers."""
    document = DocxTemplate(str(template))
    document.render_init()
    env = environment()
    found: dict[str, set[str]] = {"body": set(), "header": set()}
    try:
        body = document.patch_xml(document.get_xml())
        found["body"] = meta.find_undeclared_variables(env.parse(body))
        for uri in (document.HEADER_URI, document.FOOTER_URI):
            for _key, part in document.get_headers_footers(uri):
                xml = document.patch_xml(document.get_part_xml(part))
                found["header"] |= meta.find_undeclared_variables(env.parse(xml))
    except TemplateError as error:
        raise _problem(template, error) from None
    return found


def export_templates(folder: Path, kinds: Sequence[str], force: bool = False) -> list[Path]:
    """Copy the default templates into folder for a centre to edit."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        target = folder / f"{kind}.docx"
        if target.exists() and not force:
            raise TemplateProblem(f"« {target} » existe déjà : il n'est pas remplacé (ajoutez "
                                  "--force pour l'écraser).")
        temporary = target.with_name(f".{target.name}.tmp")
        try:
            shutil.copyfile(DEFAULT_TEMPLATES / f"{kind}.docx", temporary)
            patiently(lambda: os.replace(temporary, target))  # noqa: B023 (called at once)
        except OSError as error:
            raise TemplateProblem(_cannot_export(target, error)) from None
        finally:
            if temporary.exists():
                try:
                    patiently(temporary.unlink)
                except OSError:
                    pass
        written.append(target)
    return written


def _cannot_export(target: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return (f"Impossible de remplacer « {target} » : accès refusé. S'il est ouvert dans "
                f"{program_for(target)}, fermez-le puis relancez la commande.")
    return (f"Impossible d'écrire « {target} » ({error.strerror or error}) : vérifiez le "
            "dossier, puis relancez la commande.")
