"""Write ceres-docs' default DOCX templates into this folder: one per kind of the registry
(ceres_docs/kinds.py) that is filled from a template, each by its builder in BUILDERS.

    python templates/build_templates.py              # (re)writes the templates
    python templates/build_templates.py --out DIR    # or writes them into DIR

To check them: `ceres-docs templates check templates` (each template is filled with the
example of ceres_docs.templatecheck.example_contexts); to see them filled: `make demo`.
tests/test_builders.py rebuilds them and compares them with the committed files.

The templates are docxtpl (Jinja2) documents: a centre can copy them
(`ceres-docs templates export DIR`) and touch them up in Word or LibreOffice.
Layout: A4 portrait, 2 cm margins, Arial (Liberation Sans under LibreOffice), the centre's
letterhead at the top of the body (three "left ⇥ right" paragraphs, easy to replace), a
footer "organisme – centre" with the page number.
Few tables, and no table style: LibreOffice's DOCX import pays for every table and every cell
(more so when a table style applies to it), and a centre converts thousands of pages.
Single-cell boxes are bordered (w:pBdr) and shaded (w:shd) paragraphs, and so are the
label/value blocks of the convocations and the PV individuel (Builder.fields: tab stops where
the table's columns were); tables remain for the repeated lists ({%tr for … %}) and the other
label/value grids, with a fixed layout (w:tblLayout fixed).
The documents of one page by design (candidate's convocation, PV individuel) have no page
number in their footer: records are then separated by page breaks rather than one section
each (render.py), which LibreOffice lays out faster.
Every text goes through french_spaces: French non-breaking spaces before « : ; ! ? » and
inside « », outside the Jinja tags.

The script is deterministic: two runs write files identical byte for byte (fixed document
properties, fixed zip entry dates and order).
Available variables: see docs/modeles.md; headers and footers only use organisme, centre and
date_edition.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from collections.abc import Iterable
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_TrPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Length, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ceres_docs.kinds import KIND, TEMPLATE_FILES

HERE = Path(__file__).resolve().parent

FONT = "Arial"
BODY_SIZE = Pt(10)
TABLE_SIZE = Pt(9)
BLUE = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "DCE4F0"  # table headers: light grey-blue, readable printed in black and white
LABEL_FILL = "F2F4F8"  # label cells
BORDER_COLOR = "8C9BB0"
TEXT_WIDTH = Cm(17)  # A4 (21 cm) minus two 2 cm margins
FIELD_PAD = 5  # pt: a label/value block's inner margin, as a table cell's (0.19 cm)
ADDRESS_INDENT = Cm(9.5)  # addressee and signature blocks, where a window envelope shows
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)


class Merge(Enum):
    """In a table row: merge this cell with the one on its left."""

    MERGE = "merge"


MERGE = Merge.MERGE
# A table cell: its text, several paragraphs, or MERGE.
CellValue = str | list[str] | Merge
Row = list[CellValue]

# Shared texts --------------------------------------------------------------------------------
DATE_LINE = (
    "{% if lieu_edition %}{{ lieu_edition }}, le{% else %}Le{% endif %} {{ date_edition }}"
)
TYPE_LABEL = (
    "{% if session.type == 'CCP' %}Certificat (CCP){% else %}Titre professionnel{% endif %}"
)
TYPE_OF = (
    "{% if session.type == 'CCP' %}du certificat de compétences professionnelles (CCP)"
    "{% else %}du titre professionnel{% endif %}"
)
SESSION_LABEL = "{{ session.code }} – {{ session.intitule }}"
HOURS = (
    "à partir de {{ session.heure_debut }}"
    "{% if session.heure_fin %} (fin prévue à {{ session.heure_fin }}){% endif %}"
)
RS = "{{ session.rs_nom }}{% if session.rs_qualite %} ({{ session.rs_qualite }}){% endif %}"
# On the convocations: how to reach the RS, when the workbook says.
RS_CONTACT = (
    RS + "{% if session.rs_telephone %} – tél. {{ session.rs_telephone }}{% endif %}"
    "{% if session.rs_courriel %} – {{ session.rs_courriel }}{% endif %}"
)
# A row of a label/value block (Builder.fields).
Field = tuple[str, ...]


def rs_field(value: str) -> list[Field]:
    """The RS's row, left out when the workbook names no RS (never a label with nothing
    after it)."""
    return [("{%p if session.rs_nom %}",), ("Responsable de session", value), ("{%p endif %}",)]


# For a CCP session: the title the certificate belongs to.
TITLE_OF_CCP_FIELD: list[Field] = [
    ("{%p if session.type == 'CCP' %}",),
    ("Titre professionnel", "{{ session.titre_code }} – {{ session.titre_intitule }}"),
    ("{%p endif %}",),
]
# Beside another value: the label and the name, or neither.
RS_LABEL = "{% if session.rs_nom %}Responsable de session{% endif %}"
RS_IF = "{% if session.rs_nom %}" + RS + "{% endif %}"
# For a CCP session: the title the certificate belongs to (a {%tr if %} row).
TITLE_OF_CCP_4: list[Row] = [
    ["{%tr if session.type == 'CCP' %}", "", "", ""],
    ["Titre professionnel", "{{ session.titre_code }} – {{ session.titre_intitule }}", MERGE,
     MERGE],
    ["{%tr endif %}", "", "", ""],
]
PV_WIDTHS = [4.2, 4.4, 3.4, 5.0]
# "CP-00001, CP-00002": one code per line, otherwise the word processor breaks after the
# hyphen ("CP-" / "00002") in a narrow column.
CCPS_ONE_PER_LINE = "{{ c.ccps_obtenus | replace(', ', '\\n') }}"
# "Parchemin, Notification de résultat": one document per line.
DOCUMENTS_ONE_PER_LINE = "{{ c.documents | replace(', ', '\\n') }}"
CLOSING = (
    "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."
)


# Document and styles -------------------------------------------------------------------------
def _set_font(rpr: BaseOxmlElement, name: str = FONT) -> None:
    """An explicit font on an rPr (drops the theme fonts, which would take precedence)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _style_fonts(style: BaseStyle) -> None:
    _set_font(style.element.get_or_add_rPr())


def new_document(title: str, page_number: bool = True) -> DocumentObject:
    doc = Document()
    # No thumbnail (python-docx's default template shows an empty page).
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    props = doc.core_properties
    props.title = title
    props.author = "ceres-docs"
    props.last_modified_by = "ceres-docs"
    props.comments = "Modèle ceres-docs (docxtpl) – voir docs/modeles.md"
    props.language = "fr-FR"
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    styles = doc.styles
    # Document defaults: Arial 10 pt, French, no inherited spacing.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_font(rpr)
    rpr.find(qn("w:sz")).set(qn("w:val"), "20")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "20")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "fr-FR")
    lang.set(qn("w:eastAsia"), "fr-FR")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = styles["Normal"]
    _style_fonts(normal)
    normal.font.size = BODY_SIZE
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.0

    h1 = styles["Heading 1"]
    _style_fonts(h1)
    h1.font.size = Pt(15)
    h1.font.bold = True
    h1.font.color.rgb = BLUE
    h1.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h1.paragraph_format.space_before = Pt(10)
    h1.paragraph_format.space_after = Pt(8)
    h1.paragraph_format.keep_with_next = True

    h2 = styles["Heading 2"]
    _style_fonts(h2)
    h2.font.size = Pt(11)
    h2.font.bold = True
    h2.font.color.rgb = BLUE
    h2.paragraph_format.space_before = Pt(9)
    h2.paragraph_format.space_after = Pt(3)
    h2.paragraph_format.keep_with_next = True

    for name in ("List Bullet", "Footer", "Header"):
        _style_fonts(styles[name])
    styles["List Bullet"].paragraph_format.space_after = Pt(1)

    # Our own styles, which a centre can change in one go.
    cell = styles.add_style("Texte tableau", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = TABLE_SIZE
    cell.paragraph_format.space_before = Pt(1)
    cell.paragraph_format.space_after = Pt(1)

    fields = styles.add_style("Fiche", WD_STYLE_TYPE.PARAGRAPH)
    fields.base_style = cell
    fields.paragraph_format.keep_together = True
    # a table row's height: a cell's spacing, plus its borders
    fields.paragraph_format.space_before = Pt(2)
    fields.paragraph_format.space_after = Pt(2)

    address = styles.add_style("Destinataire", WD_STYLE_TYPE.PARAGRAPH)
    address.base_style = normal
    address.paragraph_format.left_indent = ADDRESS_INDENT
    address.paragraph_format.space_after = Pt(0)

    letterhead = styles.add_style("Bloc du centre", WD_STYLE_TYPE.PARAGRAPH)
    letterhead.base_style = normal
    letterhead.paragraph_format.space_after = Pt(0)
    letterhead.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)

    small = styles.add_style("Mention", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(8)
    small.font.color.rgb = GREY

    footer_style = styles["Footer"]
    footer_style.base_style = normal
    footer_style.font.size = Pt(8)
    footer_style.font.color.rgb = GREY
    # the default template's Letter-size tab stops: removed (the footer sets its own at 17 cm)
    style_ppr = footer_style.element.pPr
    if style_ppr is not None and style_ppr.find(qn("w:tabs")) is not None:
        style_ppr.remove(style_ppr.find(qn("w:tabs")))

    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Cm(21)
    section.page_height = Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = Cm(1.6)
    section.bottom_margin = Cm(1.8)
    section.header_distance = Cm(0.8)
    section.footer_distance = Cm(0.8)
    # Page numbering restarts at 1: useful if the engine copies the section for each record.
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    section._sectPr.find(qn("w:cols")).addprevious(pg)  # schema order: pgMar, pgNumType, cols
    _footer(section, page_number)
    return doc


def _field(paragraph: Paragraph, instr: str, placeholder: str) -> None:
    """A Word complex field (PAGE…), which LibreOffice understands too."""
    def run_with(child: BaseOxmlElement) -> Run:
        run = paragraph.add_run()
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _footer(section: Section, page_number: bool = True) -> None:
    """"organisme – centre", and the page number unless the document is one page by design:
    without a page number, records are rendered together with page breaks rather than one
    section each (render.py), which LibreOffice lays out faster."""
    footer = section.footer
    footer.is_linked_to_previous = False
    par = footer.paragraphs[0]
    par.style = "Footer"
    par.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _border(par, "top", size=4, space=4)
    if page_number:
        par.add_run("{{ organisme.nom }} – {{ centre.nom }}\tPage ")
        _field(par, "PAGE", "1")
    else:
        par.add_run("{{ organisme.nom }} – {{ centre.nom }}")


# schema order of w:pPr (CT_PPr): pBdr and shd must go in at their place
_PPR_ORDER = [
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
]


def _ppr_child(paragraph: Paragraph, tag: str) -> BaseOxmlElement:
    """The `tag` child of the paragraph's w:pPr, created at its schema place if missing."""
    ppr = paragraph._p.get_or_add_pPr()
    found = ppr.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    later = {qn(t) for t in _PPR_ORDER[_PPR_ORDER.index(tag) + 1:]}
    for child in ppr:
        if child.tag in later:
            child.addprevious(element)
            return element
    ppr.append(element)
    return element


def _border(paragraph: Paragraph, side: str, size: int = 4, space: int = 1,
            color: str = BORDER_COLOR) -> None:
    """A paragraph border; call in schema order: top, left, bottom, right."""
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    _ppr_child(paragraph, "w:pBdr").append(edge)


def _shade_paragraph(paragraph: Paragraph, fill: str) -> None:
    shd = _ppr_child(paragraph, "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


# Building the body ---------------------------------------------------------------------------
def add_runs(paragraph: Paragraph, text: str, size: Length | None = None,
             color: RGBColor | None = None) -> None:
    """Add `text`; the parts between ** ** are bold. A Jinja tag stays in one run."""
    for i, chunk in enumerate(text.split("**")):
        if not chunk:
            continue
        run = paragraph.add_run(chunk)
        if i % 2:
            run.bold = True
        if size is not None:
            run.font.size = size
        if color is not None:
            run.font.color.rgb = color


_NBSP_BEFORE = re.compile(r" ([:;!?»])")
# Jinja tags ({{ … }}, {% … %}, {# … #}), kept as they are: "session.type != 'CCP'" in a tag
# is code, not French text.
_JINJA_TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.DOTALL)


def french_spaces(text: str) -> str:
    """French typography's non-breaking spaces: before « : ; ! ? » and inside the quotation
    marks, so that a line never starts with one of these signs. Only in the literal text
    between Jinja tags, never inside a tag."""
    parts = _JINJA_TAG.split(text)  # literal text at even indexes, tags at odd ones
    for i in range(0, len(parts), 2):
        parts[i] = _NBSP_BEFORE.sub("\u00a0\\1", parts[i]).replace("« ", "«\u00a0")
    return "".join(parts)


class Builder:
    """One template being built; every text it is given gets French non-breaking spaces
    (french_spaces)."""

    def __init__(self, title: str, page_number: bool = True) -> None:
        self.doc = new_document(title, page_number)

    # paragraphs
    def p(self, text: str = "", *, style: str | None = None,
          align: WD_ALIGN_PARAGRAPH | None = None, before: Length | None = None,
          after: Length | None = None, keep_next: bool = False, italic: bool = False,
          size: Length | None = None, color: RGBColor | None = None,
          indent: Length | None = None) -> Paragraph:
        par = self.doc.add_paragraph(style=style)
        add_runs(par, french_spaces(text), size=size, color=color)
        fmt = par.paragraph_format
        if align is not None:
            fmt.alignment = align
        if before is not None:
            fmt.space_before = before
        if after is not None:
            fmt.space_after = after
        if keep_next:
            fmt.keep_with_next = True
        if indent is not None:
            fmt.left_indent = indent
        if italic:
            for run in par.runs:
                run.italic = True
        return par

    def tag(self, tag: str) -> Paragraph:
        """A {%p … %} paragraph on its own (docxtpl replaces it whole)."""
        return self.p(tag)

    def h1(self, text: str) -> Paragraph:
        return self.doc.add_paragraph(french_spaces(text), style="Heading 1")

    def h2(self, text: str) -> Paragraph:
        return self.doc.add_paragraph(french_spaces(text), style="Heading 2")

    def bullet(self, text: str) -> Paragraph:
        return self.p(text, style="List Bullet")

    # tables
    def table(self, widths: list[float], rows: list[Row], *, header: bool = False,
              labels: Iterable[int] = (), grid: bool = True, height: float | None = None,
              height_rows: Iterable[int] = (), keep_together: bool = False,
              align_center: Iterable[int] = (), sections: Iterable[int] = ()) -> Table:
        """`rows`: lists of cells (a str, a list of str for several paragraphs, or MERGE).

        header: the first row is a header repeated on every page;
        labels: label columns (light background, bold);
        sections: rows titling a part of the table ("Candidat", "Session"…: bold text on the
        header background, the row merged across all columns), which stand for a level-2
        heading followed by a separate table;
        height / height_rows: minimum height (cm) of these rows (signature rows).
        """
        table = self.doc.add_table(rows=len(rows), cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # No table style ("Table Grid"): borders and cell margins are written in the table.
        # LibreOffice applies a table style cell by cell on import: without one, converting
        # an individual PV is markedly faster.
        _plain_table(table, borders=grid)
        for col, width in zip(table.columns, widths, strict=True):
            col.width = Cm(width)
        label_columns = set(labels)
        centered = set(align_center)
        tall_rows = set(height_rows)
        section_rows = set(sections)
        for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
            _cant_split(row)
            if header and r == 0:
                _repeat_header(row)
            if height is not None and r in tall_rows:
                row.height = Cm(height)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                cell.width = Cm(widths[c])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                if value is MERGE:
                    continue
                texts = value if isinstance(value, list) else [value]
                par = cell.paragraphs[0]
                for i, text in enumerate(texts):
                    text = french_spaces(text)
                    if i:
                        par = cell.add_paragraph()
                    par.style = self.doc.styles["Texte tableau"]
                    is_tag = text.startswith("{%tr")
                    if r in section_rows:
                        add_runs(par, text, size=Pt(10), color=BLUE)
                        for run in par.runs:
                            run.bold = True
                        par.paragraph_format.keep_with_next = True
                    elif header and r == 0 and not is_tag:
                        add_runs(par, f"**{text}**" if text else "")
                    elif c in label_columns and text and not is_tag:
                        add_runs(par, f"**{text}**")
                    else:
                        add_runs(par, text)
                    if c in centered and not is_tag:
                        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    if keep_together:
                        par.paragraph_format.keep_with_next = True
                if grid and (r in section_rows or header and r == 0):
                    _shade(cell, HEADER_FILL)
                elif grid and c in label_columns:
                    _shade(cell, LABEL_FILL)
            # merge once filled (right to left)
            for c in range(len(values) - 1, 0, -1):
                if values[c] is MERGE:
                    row.cells[c - 1].merge(row.cells[c])
        return table

    def fields(self, widths: list[float], rows: list[tuple[str, ...]]) -> list[Paragraph]:
        """A label/value block without a table, one paragraph per row (style "Fiche"):
        "label ⇥ value" or "label ⇥ value ⇥ label ⇥ value", each at the column it had in the
        table (widths, cm, tab stops at the columns' left edges), the labels in bold, a long
        value wrapping under the first value (hanging indent), the rows boxed and ruled like
        a table's (paragraph borders). A one-cell row is a part's title (bold, on the header
        background, as a merged title row); a row whose first cell starts with "{%p" is a
        docxtpl tag paragraph, which shows or leaves out the rows up to its closing tag.
        LibreOffice lays such paragraphs out in half the time of a table's cells."""
        pars = []
        for row in rows:
            if row[0].startswith("{%p"):
                self.tag(row[0])
                continue
            par = self.doc.add_paragraph(style="Fiche")
            if len(row) == 1:
                add_runs(par, french_spaces(row[0]), size=Pt(10), color=BLUE)
                for run in par.runs:
                    run.bold = True
                par.paragraph_format.keep_with_next = True
                _shade_paragraph(par, HEADER_FILL)
            else:
                add_runs(par, french_spaces("\t".join(
                    f"**{text}**" if i % 2 == 0 and text else text
                    for i, text in enumerate(row))))
            pars.append(par)
        inset = Pt(FIELD_PAD + 0.5)
        edges, left = [], 0.0
        for width in widths[:-1]:
            left += width
            edges.append(left)
        for par in pars:
            fmt = par.paragraph_format
            fmt.left_indent = Cm(widths[0]) + inset
            fmt.first_line_indent = -Cm(widths[0])
            fmt.right_indent = inset
            for edge in edges:
                fmt.tab_stops.add_tab_stop(Cm(edge) + inset)
            for side in ("top", "left", "bottom", "right", "between"):
                _border(par, side, space=0 if side in ("top", "bottom", "between")
                        else FIELD_PAD)
        return pars

    # shared blocks
    def letterhead(self) -> list[Paragraph]:
        """The centre's block: three "left ⇥ right" paragraphs (style "Bloc du centre", right
        tab stop at 17 cm) at the top of the body; replace it with a logo if need be.

        No table: LibreOffice's DOCX import pays per table, on every page.
        The address fits on one line (its line breaks become ", ").
        """
        lines = [
            ("{{ organisme.nom }}", Pt(13), True,
             "{{ centre.adresse | replace('\\n', ', ') }}"),
            ("{{ centre.nom }}", Pt(10), False, "Tél. {{ centre.telephone }}"),
            ("", None, False, "{{ centre.courriel }}"),
        ]
        pars = []
        for left, size, bold, right in lines:
            par = self.doc.add_paragraph(style="Bloc du centre")
            if left:
                run = par.add_run(left)
                run.bold = bold or None
                run.font.size = size
                run.font.color.rgb = BLUE
            run = par.add_run("\t" + right)
            run.font.size = Pt(9)
            run.font.color.rgb = GREY
            pars.append(par)
        # same height as the former block (4 lines of 9 pt on the right)
        pars[-1].paragraph_format.space_after = Pt(4)
        return pars

    def date_line(self, before: float = 10, keep_next: bool = False) -> Paragraph:
        return self.p(DATE_LINE, align=WD_ALIGN_PARAGRAPH.RIGHT, before=Pt(before), after=Pt(0),
                      keep_next=keep_next)

    def signature(self, lines: list[str], space: float = 34) -> None:
        """A signature block aligned with the addressee: capacity, room to sign (spacing
        before the name, no empty paragraph), name, centre."""
        for i, text in enumerate(lines):
            before = Pt(10) if i == 0 else Pt(space) if i == 1 else None
            self.p(text, indent=ADDRESS_INDENT, before=before, after=Pt(0),
                   keep_next=i < len(lines) - 1)

    def rs_signature(self) -> None:
        """The RS's signature block; without an RS named in the workbook, the capacity and
        the centre only (no empty line where the name goes)."""
        self.p("Le responsable de session,", indent=ADDRESS_INDENT, before=Pt(10), after=Pt(0),
               keep_next=True)
        self.tag("{%p if session.rs_nom %}")
        self.p("**{{ session.rs_nom }}**", indent=ADDRESS_INDENT, before=Pt(34), after=Pt(0),
               keep_next=True)
        self.p("{{ centre.nom }}", indent=ADDRESS_INDENT, after=Pt(0))
        self.tag("{%p else %}")
        self.p("{{ centre.nom }}", indent=ADDRESS_INDENT, before=Pt(34), after=Pt(0))
        self.tag("{%p endif %}")

    def box(self, paragraphs: list[Paragraph], *, fill: str | None = None, pad: float = 5,
            pad_top: float = 3, pad_bottom: float = 3) -> list[Paragraph]:
        """A box without a table: the same borders (w:pBdr) and background (w:shd) on
        consecutive paragraphs with the same indents, which Word and LibreOffice join into one
        frame. pad: inner margin (pt); the left and right indents make up for it so that the
        frame lines up with the tables (edges on the page margins)."""
        inset = Pt(pad + 0.5)  # inner margin + border width (4 eighths of a point)
        for par in paragraphs:
            fmt = par.paragraph_format
            fmt.left_indent = (fmt.left_indent or 0) + inset
            fmt.right_indent = inset
            for side, space in (("top", pad_top), ("left", pad), ("bottom", pad_bottom),
                                ("right", pad)):
                _border(par, side, space=round(space))
            if fill:
                _shade_paragraph(par, fill)
        return paragraphs

    def observations(self, text: str) -> Paragraph:
        """The observations frame (a bordered paragraph, no table): a minimum height of about
        1.6 cm, set by the template and not by the data (an empty line of exact spacing in
        the same frame, under the text)."""
        body = self.p(text, style="Texte tableau", keep_next=True)
        room = self.p("", style="Texte tableau")
        room.paragraph_format.line_spacing = Pt(27)
        room.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        self.box([body, room])
        return body

    def note(self, title: str, items: list[str]) -> list[Paragraph]:
        """A box on a light background (bordered paragraphs, no table): a bold title, then one
        bullet per item."""
        pad = 5
        # The bullets' text starts at the tab stop of the "List Bullet" list (0.635 cm from
        # the margin: LibreOffice always uses it); the bullet, at the inner edge of the frame.
        text_at = Twips(360)
        hanging = text_at - Pt(pad + 0.5)
        head = self.p(f"**{title}**", color=BLUE, after=Pt(2), keep_next=True)
        pars = [head] + [self.p(item, style="List Bullet", keep_next=True) for item in items]
        for par in pars:
            # the same indents everywhere (the condition for a single frame): the title, with
            # its negative first-line indent, starts level with the bullets
            par.paragraph_format.left_indent = hanging
            par.paragraph_format.first_line_indent = -hanging
        self.box(pars, fill=LABEL_FILL, pad=pad)
        return pars

    def save(self, path: Path) -> None:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        path.write_bytes(_deterministic_zip(_only_used_styles(buffer.getvalue())))


_STYLE_USE = re.compile(rb'w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')
_WITH_EFFECTS = re.compile(rb"<(?:Relationship|Override) [^>]*stylesWithEffects[^>]*/>")


def _only_used_styles(data: bytes) -> bytes:
    """Keep the styles in use (and those they inherit from), without the 150 others of
    python-docx's default template nor their stylesWithEffects copy: LibreOffice reads each
    document 2.5 times faster (measured: 160 files in 14 s instead of 37 s)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = src.namelist()
        parts = {name: src.read(name) for name in names}
    used = {match.decode() for name, xml in parts.items()
            if name.startswith("word/") and name.endswith(".xml") and "styles" not in name
            for match in _STYLE_USE.findall(xml)}
    root = etree.fromstring(parts["word/styles.xml"])
    styles = {style.get(f"{w}styleId"): style for style in root.findall(f"{w}style")}
    used |= {key for key, style in styles.items() if style.get(f"{w}default") in ("1", "true")}
    pending = list(used)
    while pending:
        style = styles.get(pending.pop())
        for tag in ("basedOn", "link", "next"):
            found = style.find(f"{w}{tag}") if style is not None else None
            if found is not None and found.get(f"{w}val") not in used:
                used.add(found.get(f"{w}val"))
                pending.append(found.get(f"{w}val"))
    for key, style in styles.items():
        if key not in used:
            root.remove(style)
    for latent in root.findall(f"{w}latentStyles"):
        root.remove(latent)
    parts["word/styles.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
    parts.pop("word/stylesWithEffects.xml", None)
    for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
        parts[name] = _WITH_EFFECTS.sub(b"", parts[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            if name in parts:
                dst.writestr(name, parts[name])
    return out.getvalue()


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite the archive with fixed dates (python-docx stamps each entry with the current
    time), in the same entry order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # schema order: tcW, gridSpan, vMerge, tcBorders, shd, noWrap, tcMar, textDirection, vAlign
    valign = tcpr.find(qn("w:vAlign"))
    if valign is not None:
        valign.addprevious(shd)
    else:
        tcpr.append(shd)


def _plain_table(table: Table, borders: bool = True) -> None:
    """Table properties without a style: thin grey-blue borders (rather than the black lines
    of "Table Grid") and 0.19 cm cell margins left and right, as in "Table Grid"."""
    tblpr = table._tbl.tblPr
    for tag in ("w:tblStyle", "w:tblLook"):  # tblLook: options of a table style
        found = tblpr.find(qn(tag))
        if found is not None:
            tblpr.remove(found)
    # schema order: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize,
    # tblStyleColBandSize, tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout,
    # tblCellMar, tblLook…
    layout = tblpr.find(qn("w:tblLayout"))
    if borders:
        edges = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), BORDER_COLOR)
            edges.append(edge)
        layout.addprevious(edges)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(width))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    layout.addnext(margins)


def _trpr(row: _Row) -> CT_TrPr:
    return row._tr.get_or_add_trPr()


def _cant_split(row: _Row) -> None:
    _trpr(row).insert(0, OxmlElement("w:cantSplit"))


def _repeat_header(row: _Row) -> None:
    trpr = _trpr(row)
    header = OxmlElement("w:tblHeader")
    height = trpr.find(qn("w:trHeight"))
    if height is not None:
        height.addnext(header)
    else:
        trpr.append(header)


# The templates -------------------------------------------------------------------------------
def convocation_candidat() -> Builder:
    b = Builder("Convocation du candidat", page_number=False)
    b.letterhead()
    b.p("**{{ candidat.nom_complet }}**", style="Destinataire", before=Pt(14))
    b.tag("{%p if candidat.adresse %}")
    b.p("{{ candidat.adresse }}", style="Destinataire")
    b.tag("{%p endif %}")
    b.date_line()
    b.h1("CONVOCATION")
    b.p("**N° CERES :** {{ candidat.numero_ceres }}", after=Pt(2))
    b.p(f"**Objet :** Convocation à la session d'examen {TYPE_OF} {SESSION_LABEL}",
        after=Pt(8))
    b.p("Madame, Monsieur,", after=Pt(6))
    b.p("Nous avons le plaisir de vous convoquer aux épreuves de la session d'examen suivante :",
        after=Pt(6))
    b.fields([4.5, 12.5], [
        ("Session n°", "{{ session.numero }}"),
        (TYPE_LABEL, f"**{SESSION_LABEL}**"),
        *TITLE_OF_CCP_FIELD,
        ("Dates", "{{ session.dates }}"),
        ("Heure de convocation", "**{{ session.heure_debut }}**"),
        ("Lieu", "{{ session.lieu }}"),
        *rs_field(RS_CONTACT),
    ])
    b.tag("{%p if session.epreuves %}")
    b.h2("Nature des épreuves")
    b.p("{{ session.epreuves }}")
    b.tag("{%p endif %}")
    b.tag("{%p if session.deroulement %}")
    b.h2("Déroulement")
    b.p("{{ session.deroulement }}")
    b.tag("{%p endif %}")
    b.h2("Documents à présenter")
    b.p("Présentez-vous à l'heure indiquée muni(e) de :", keep_next=True, after=Pt(2))
    b.tag("{%p for document in session.documents_a_presenter %}")
    b.bullet("{{ document }}{% if not loop.last %} ;{% else %}.{% endif %}")
    b.tag("{%p endfor %}")
    b.h2("Contact")
    b.p("{% if session.rs_nom %}La session est placée sous la responsabilité de "
        "**{{ session.rs_nom }}**, responsable de session. {% endif %}Pour toute question, ou si "
        "vous ne pouvez pas vous présenter, prévenez le centre sans délai : "
        "**{{ centre.telephone }}** – **{{ centre.courriel }}**.")
    b.p(CLOSING, before=Pt(6))
    b.rs_signature()
    return b


def _convocation_intervenant(title: str, heading: str, role: str, duty: str,
                             extra: list[tuple[str, str]], trainers: str) -> Builder:
    """A jury member's or invigilator's convocation; trainers: what the procedure forbids a
    trainer who trained one of the session's candidates, listed below it (P§)."""
    b = Builder(title)
    b.letterhead()
    b.p("**{{ intervenant.nom_complet }}**", style="Destinataire", before=Pt(14))
    b.tag("{%p if intervenant.adresse %}")
    b.p("{{ intervenant.adresse }}", style="Destinataire")
    b.tag("{%p endif %}")
    b.date_line()
    b.h1(heading)
    b.p(f"**Objet :** Convocation en qualité de {role} – session d'examen {TYPE_OF} "
        f"{SESSION_LABEL}", after=Pt(8))
    b.p("Madame, Monsieur,", after=Pt(6))
    b.p(f"Nous avons l'honneur de vous convoquer en qualité de **{role}** pour la session "
        "d'examen suivante :", after=Pt(6))
    b.fields([4.5, 12.5], [
        ("Rôle", role[0].upper() + role[1:]),
        ("Session n°", "{{ session.numero }}"),
        (TYPE_LABEL, f"**{SESSION_LABEL}**"),
        *TITLE_OF_CCP_FIELD,
        ("Dates", "{{ session.dates }}"),
        ("Horaires", HOURS),
        ("Lieu", "{{ session.lieu }}"),
        *rs_field(RS_CONTACT),
    ])
    b.tag("{%p if session.deroulement %}")
    b.h2("Déroulement")
    b.p("{{ session.deroulement }}")
    b.tag("{%p endif %}")
    b.h2("Votre rôle")
    b.p(duty)
    for kind, text in extra:
        if kind == "tag":
            b.tag(text)
        else:
            b.p(text)
    b.h2("Candidats de la session")
    b.tag("{%p if candidats %}")
    b.p(f"{trainers} Si vous avez participé à la formation de l'un des candidats ci-dessous, "
        "merci de nous le signaler dès réception de cette convocation.", keep_next=True,
        after=Pt(3))
    # Three names a row, in name order: a list of twenty stays on the page.
    b.table(
        [17 / 3] * 3,
        [["{%tr for ligne in candidats | batch(3, '') %}", "", ""],
         [f"{{{{ ligne[{i}].nom_complet if ligne[{i}] else '' }}}}" for i in range(3)],
         ["{%tr endfor %}", "", ""]],
        grid=False,
    )
    b.tag("{%p else %}")
    b.p(f"{trainers} Aucun candidat n'est encore inscrit : si vous avez participé à la "
        "formation de l'un des candidats, merci de nous le signaler dès que nous vous en "
        "aurons communiqué la liste.")
    b.tag("{%p endif %}")
    b.p("Nous vous remercions de bien vouloir **nous confirmer votre disponibilité** dans les "
        "meilleurs délais, par courriel à {{ centre.courriel }} ou par téléphone au "
        "{{ centre.telephone }}. Le responsable de session{% if session.rs_nom %}, "
        "{{ session.rs_nom }},{% endif %} se tient à votre disposition pour toute précision.",
        before=Pt(6))
    b.p(CLOSING, before=Pt(6))
    b.rs_signature()
    return b


def convocation_jury() -> Builder:
    return _convocation_intervenant(
        "Convocation d'un membre du jury", "CONVOCATION – MEMBRE DU JURY", "membre du jury",
        "Le jury évalue les candidats à partir des épreuves prévues par le référentiel et "
        "délibère à l'issue de la session. Chaque membre du jury présent signe le procès-verbal "
        "général de la session ainsi que les procès-verbaux individuels des candidats.",
        [("tag", "{%p if intervenant.fin_habilitation %}"),
         ("p", "Votre habilitation de membre de jury doit être valide aux dates de la session ; "
               "d'après nos informations, elle prend fin le "
               "**{{ intervenant.fin_habilitation }}**."),
         ("tag", "{%p endif %}")],
        "Un formateur qui a formé un candidat ne peut ni surveiller la session, ni évaluer ce "
        "candidat.",
    )


def convocation_surveillant() -> Builder:
    return _convocation_intervenant(
        "Convocation d'un surveillant", "CONVOCATION – SURVEILLANCE D'EXAMEN", "surveillant(e)",
        "Vous assurez la surveillance des épreuves : accueil des candidats et contrôle de leur "
        "pièce d'identité et de leur convocation, respect des horaires et des consignes, "
        "signalement de tout incident au responsable de session.",
        [],
        "Un formateur qui a formé l'un des candidats ne peut pas surveiller la session.",
    )


def pv_individuel() -> Builder:
    b = Builder("Procès-verbal individuel", page_number=False)
    b.letterhead()
    b.h1("PROCÈS-VERBAL INDIVIDUEL")
    b.p(f"Session d'examen {TYPE_OF}", align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(10))
    # Candidate, session and result: a single block, a title row per part.
    b.fields(PV_WIDTHS, [
        ("Candidat",),
        ("Nom", "**{{ candidat.nom }}**", "Prénom", "**{{ candidat.prenom }}**"),
        ("Date de naissance", "{{ candidat.date_naissance }}", "Lieu de naissance",
         "{{ candidat.lieu_naissance }}"),
        ("N° CERES", "**{{ candidat.numero_ceres }}**"),
        ("Session",),
        ("Session n°", "{{ session.numero }}", "Centre", "{{ centre.nom }}"),
        (TYPE_LABEL, SESSION_LABEL),
        *TITLE_OF_CCP_FIELD,
        ("Dates", "{{ session.dates }}"),
        *rs_field(RS),
        ("Résultat",),
        ("Présence", "**{{ resultat.presence }}**", "Décision du jury",
         "**{{ resultat.decision or '—' }}**"),
    ])
    b.h2("Certificats de compétences professionnelles du titre")
    b.table(
        [2.6, 11.2, 3.2],
        [["Code", "Intitulé", "Résultat"],
         ["{%tr for ccp in resultat.ccps %}", "", ""],
         ["{{ ccp.code }}", "{{ ccp.intitule }}", "**{{ ccp.mention }}**"],
         ["{%tr endfor %}", "", ""]],
        header=True, align_center=[2],
    )
    b.h2("Observations du jury")
    b.observations("{{ resultat.commentaire }}")
    b.date_line(before=8, keep_next=True)
    jury_signatures(b, 1.15)
    b.p("PV individuel – {{ candidat.nom_complet }} ({{ candidat.numero_ceres }}) – session "
        "n° {{ session.numero }} – {{ session.code }}", style="Mention", before=Pt(4))
    return b


def jury_signatures(b: Builder, height: float) -> None:
    """One signature row per jury member (the PVs are signed by every member)."""
    b.h2("Signatures des membres du jury")
    b.table(
        [7.0, 10.0],
        [["Nom", "Signature"],
         ["{%tr for membre in jury %}", ""],
         ["{{ membre.nom_complet }}", ""],
         ["{%tr endfor %}", ""]],
        header=True, height=height, height_rows=[2], keep_together=True,
    )


def pv_general() -> Builder:
    b = Builder("Procès-verbal général de session")
    b.letterhead()
    b.h1("PROCÈS-VERBAL GÉNÉRAL DE SESSION")
    b.h2("Session")
    b.table(
        [3.4, 4.4, 4.2, 5.0],
        [["Session n°", "**{{ session.numero }}**", "Centre", "{{ centre.nom }}"],
         [TYPE_LABEL, SESSION_LABEL, MERGE, MERGE],
         *TITLE_OF_CCP_4,
         ["Dates", "{{ session.dates }}", MERGE, MERGE],
         ["Date réelle de fin", "{{ session.date_reelle_fin }}", RS_LABEL, RS_IF]],
        labels=[0, 2],
    )
    b.h2("Membres du jury")
    b.tag("{%p for membre in jury %}")
    b.bullet("{{ membre.nom_complet }}")
    b.tag("{%p endfor %}")
    b.h2("Résultats des candidats")
    b.table(
        [3.0, 5.0, 3.1, 3.4, 2.5],
        [["N° CERES", "Nom Prénom", "Présence", "Décision", "CCP obtenus"],
         ["{%tr for c in candidats %}", "", "", "", ""],
         ["{{ c.numero_ceres }}", "{{ c.nom_complet }}", "{{ c.presence }}",
          "{{ c.decision }}", CCPS_ONE_PER_LINE],
         ["{%tr endfor %}", "", "", "", ""]],
        header=True,
    )
    b.h2("Totaux")
    # presence on the left, decisions on the right; "label value" also reads in the PDF text
    b.table(
        [5.0, 3.5, 5.0, 3.5],
        [["Inscrits", "**{{ totaux.inscrits }}**", "Admis", "{{ totaux.admis }}"],
         ["Présents", "{{ totaux.presents }}", "Partiellement admis",
          "{{ totaux.partiellement_admis }}"],
         ["Absences justifiées", "{{ totaux.absents_justifies }}", "Refusés",
          "{{ totaux.refuses }}"],
         ["Absences injustifiées", "{{ totaux.absents_injustifies }}", "", MERGE]],
        labels=[0, 2], align_center=[1, 3], keep_together=True,
    )
    b.date_line(before=8, keep_next=True)
    jury_signatures(b, 1.3)
    b.p("PV général – session n° {{ session.numero }} – {{ session.code }} – "
        "{{ session.intitule }}", style="Mention", before=Pt(4))
    return b


def formulaire_ra() -> Builder:
    b = Builder("Formulaire de remise des parchemins")
    b.letterhead()
    b.h1("FORMULAIRE DE REMISE DES PARCHEMINS")
    b.h2("Session")
    b.table(
        [3.6, 4.9, 3.6, 4.9],
        [["Session n°", "**{{ session.numero }}**", "Centre", "{{ centre.nom }}"],
         [TYPE_LABEL, "**{{ session.code }}**", "Abrégé", "{{ session.titre_abrege }}"],
         ["Intitulé", "{{ session.intitule }}", MERGE, MERGE],
         *TITLE_OF_CCP_4,
         ["Dates", "{{ session.dates }}", MERGE, MERGE],
         ["Parchemins reçus le", "{{ date_reception_parchemins }}", "Date limite d'envoi",
          "**{{ date_limite }}**"]],
        labels=[0, 2],
    )
    b.p("Chaque candidat signe lors du retrait de ses documents. Le formulaire est transmis à la "
        "DIECCTE après le dernier retrait, et au plus tard deux mois après la réception des "
        "parchemins.", before=Pt(6))
    b.h2("Remise des documents")
    b.table(
        [3.2, 3.0, 2.5, 3.2, 2.1, 3.0],
        [["Nom Prénom", "N° CERES", "Décision", "Documents à remettre", "Date de retrait",
          "Signature du candidat"],
         ["{%tr for c in candidats %}", "", "", "", "", ""],
         ["**{{ c.nom_complet }}**", "{{ c.numero_ceres }}", "{{ c.decision }}",
          "{{ c.documents }}", "{{ c.date_retrait }}", ""],
         ["{%tr endfor %}", "", "", "", "", ""]],
        header=True, height=1.25, height_rows=[2], align_center=[4],
    )
    b.h2("Consignes de la DIECCTE")
    b.p("Après l'avoir complété et fait signer aux candidats, transmettez ce formulaire à la "
        "DIECCTE par courriel, au format PDF, sous le nom indiqué :", keep_next=True)
    b.table(
        [4.5, 12.5],
        [["Adresse de la DIECCTE", "**{{ dieccte.courriel }}**"],
         ["Nom du fichier PDF", "**{{ nom_fichier }}**"]],
        labels=[0], keep_together=True,
    )
    b.p("Les livrets, notifications et parchemins qui n'ont pas été retirés par les candidats "
        "doivent être renvoyés à la DIECCTE (courrier postal ou dépôt dans ses locaux).",
        before=Pt(6), after=Pt(0))
    return b


CERTIFICATION = "Service certification"
UD = "Unité départementale (UD)"


def _to_administration(b: Builder, service: str = CERTIFICATION) -> None:
    """Addressee: the administration (DIECCTE, now DEETS), its name and address lines as
    the workbook's Paramètres give them, and the service."""
    b.p("**{{ administration.nom }}**", style="Destinataire", before=Pt(14))
    b.p(service, style="Destinataire")
    b.tag("{%p for ligne in administration.adresse %}")
    b.p("{{ ligne }}", style="Destinataire")
    b.tag("{%p endfor %}")


def bordereau_dieccte() -> Builder:
    b = Builder("Bordereau d'envoi des procès-verbaux")
    b.letterhead()
    _to_administration(b)
    b.date_line()
    b.h1("BORDEREAU D'ENVOI DES PROCÈS-VERBAUX")
    b.p("Vous trouverez sous ce pli les originaux signés des procès-verbaux de la session "
        "d'examen suivante :", after=Pt(6))
    b.table(
        [3.4, 4.4, 4.2, 5.0],
        [["Session n°", "**{{ session.numero }}**", "Centre", "{{ centre.nom }}"],
         [TYPE_LABEL, f"**{SESSION_LABEL}**", MERGE, MERGE],
         *TITLE_OF_CCP_4,
         ["Dates", "{{ session.dates }}", MERGE, MERGE],
         ["Date réelle de fin", "{{ session.date_reelle_fin }}", RS_LABEL, RS_IF],
         ["Résultats",
          ["Inscrits : {{ totaux.inscrits }} – présents : {{ totaux.presents }} – absences "
           "justifiées : {{ totaux.absents_justifies }} – absences injustifiées : "
           "{{ totaux.absents_injustifies }}",
           "Admis : {{ totaux.admis }} – partiellement admis : "
           "{{ totaux.partiellement_admis }} – refusés : {{ totaux.refuses }}"], MERGE, MERGE]],
        labels=[0, 2],
    )
    b.h2("Pièces jointes (originaux signés)")
    b.p("**1.** Procès-verbal général de session, signé par tous les membres du jury : "
        "**1 original**.", after=Pt(3))
    b.tag("{%p if pv_joints %}")
    b.p("**2.** Procès-verbaux individuels des candidats non admis en totalité (nombre : "
        "**{{ nombre_pv_individuels }}**) :", keep_next=True, after=Pt(3))
    b.table(
        [3.4, 8.6, 5.0],
        [["N° CERES", "Nom Prénom", "Motif"],
         ["{%tr for c in pv_joints %}", "", ""],
         ["{{ c.numero_ceres }}", "**{{ c.nom_complet }}**", "{{ c.motif }}"],
         ["{%tr endfor %}", "", ""]],
        header=True,
    )
    b.tag("{%p else %}")
    b.p("**2.** Aucun procès-verbal individuel n'est joint : tous les candidats de la session "
        "sont admis en totalité.")
    b.tag("{%p endif %}")
    b.p("", after=Pt(4))
    b.note("À savoir", [
        "Les procès-verbaux individuels des candidats admis en totalité (nombre : "
        "**{{ nombre_admis }}**) restent au centre : ils ne sont pas envoyés.",
        "La DIECCTE ne traite la session qu'à réception des originaux papier signés.",
        "La session doit être **clôturée dans CERES** ; à défaut, le procès-verbal n'est pas "
        "validé.",
    ])
    b.p("**Avant l'envoi :**   ☐ PV général signé     {% if pv_joints %}☐ PV individuels "
        "signés     {% endif %}☐ Session clôturée dans CERES", before=Pt(6),
        keep_next=True)
    b.signature(["L'assistant(e) technique,", "{{ centre.nom }}"])
    b.p("Bordereau d'envoi des PV – session n° {{ session.numero }} – {{ session.code }} – "
        "{{ session.intitule }}", style="Mention", before=Pt(8))
    return b


def bordereau_retour() -> Builder:
    b = Builder("Bordereau de retour des documents non retirés")
    b.letterhead()
    _to_administration(b)
    b.date_line()
    b.h1("BORDEREAU DE RETOUR DES DOCUMENTS NON RETIRÉS")
    b.table(
        [3.6, 4.9, 3.6, 4.9],
        [["Session n°", "**{{ session.numero }}**", "Centre", "{{ centre.nom }}"],
         [TYPE_LABEL, f"**{SESSION_LABEL}**", MERGE, MERGE],
         *TITLE_OF_CCP_4,
         ["Dates", "{{ session.dates }}", MERGE, MERGE],
         ["Parchemins reçus le", "{{ date_reception_parchemins }}", MERGE, MERGE]],
        labels=[0, 2],
    )
    b.p("Les livrets de certification, notifications de résultat et parchemins ci-dessous "
        "n'ont pas été retirés par les candidats. Ils sont retournés à la DIECCTE, par courrier "
        "postal ou par dépôt dans ses locaux.", before=Pt(8), after=Pt(3))
    b.p("**Mode de retour :**   ☐ courrier postal     ☐ dépôt dans les locaux de la DIECCTE",
        after=Pt(6))
    b.h2("Documents retournés")
    b.table(
        [3.0, 6.0, 3.4, 4.6],
        [["N° CERES", "Nom Prénom", "Décision", "Documents retournés"],
         ["{%tr for c in non_retires %}", "", "", ""],
         ["{{ c.numero_ceres }}", "**{{ c.nom_complet }}**", "{{ c.decision }}",
          DOCUMENTS_ONE_PER_LINE],
         ["{%tr endfor %}", "", "", ""]],
        header=True,
    )
    b.p("**Total : {{ nombre_non_retires }} candidat(s)**", align=WD_ALIGN_PARAGRAPH.RIGHT,
        before=Pt(3), keep_next=True)
    b.signature(["L'assistant(e) technique,", "{{ centre.nom }}"])
    b.p("Retour des documents non retirés – session n° {{ session.numero }} – "
        "{{ session.code }} – {{ session.intitule }}", style="Mention", before=Pt(8))
    return b


# "CP-00970, CP-00971": one code per line; "Titre complet" for a candidate who passed the title.
LAUREATE_CCPS = ("{% if l.titre_complet %}Titre complet{% else %}"
                 "{{ l.ccps_obtenus | replace(', ', '\\n') }}{% endif %}")


def affichage() -> Builder:
    """The list of results to put up (P§10): passed and partly passed candidates only,
    without CERES number or birth date."""
    b = Builder("Résultats de la session d'examen (affichage)")
    b.letterhead()
    b.h1("RÉSULTATS DE LA SESSION D'EXAMEN")
    b.p(f"Session d'examen {TYPE_OF}", align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(2))
    b.p(f"**{SESSION_LABEL}**", align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(10))
    b.table(
        [3.4, 4.4, 4.2, 5.0],
        [["Session n°", "**{{ session.numero }}**", "Centre", "{{ centre.nom }}"],
         *TITLE_OF_CCP_4,
         ["Dates", "{{ session.dates }}", MERGE, MERGE]],
        labels=[0, 2],
    )
    b.tag("{%p if laureats %}")
    b.p("Candidats admis ou partiellement admis, par ordre alphabétique :", before=Pt(10),
        after=Pt(4), keep_next=True)
    b.table(
        [5.2, 4.6, 3.4, 3.8],
        [["Nom", "Prénom", "Résultat", "CCP obtenus"],
         ["{%tr for l in laureats %}", "", "", ""],
         ["**{{ l.nom }}**", "{{ l.prenom }}", "{{ l.decision }}", LAUREATE_CCPS],
         ["{%tr endfor %}", "", "", ""]],
        header=True,
    )
    b.p("**Admis : {{ nombre_admis }} – partiellement admis : "
        "{{ nombre_partiellement_admis }}**", align=WD_ALIGN_PARAGRAPH.RIGHT, before=Pt(3))
    b.tag("{%p else %}")
    b.p("Aucun candidat n'est admis ni partiellement admis à cette session.", before=Pt(10))
    b.tag("{%p endif %}")
    b.tag("{%p if session.type != 'CCP' and titre.ccps %}")
    b.h2("Certificats de compétences professionnelles (CCP) du titre")
    b.table(
        [2.6, 14.4],
        [["Code", "Intitulé"],
         ["{%tr for ccp in titre.ccps %}", ""],
         ["{{ ccp.code }}", "{{ ccp.intitule }}"],
         ["{%tr endfor %}", ""]],
        header=True,
    )
    b.tag("{%p endif %}")
    b.date_line()
    b.p("Résultats validés par la DIECCTE (procès-verbaux validés reçus le "
        "{{ date_reception_pv }}). Seuls les candidats admis ou partiellement admis figurent "
        "sur cette liste ; chaque candidat reçoit sa notification de résultat.",
        style="Mention", before=Pt(8))
    return b


def demande_report() -> Builder:
    """Postponement request to the UD (N): the session's ID, the wished dates; if no
    agrément covers these dates, the SIRET, the title and the agrément's ID."""
    b = Builder("Demande de report de session")
    b.letterhead()
    _to_administration(b, UD)
    b.date_line()
    b.h1("DEMANDE DE REPORT DE SESSION")
    b.p("**Objet :** Report de la session n° {{ session.numero }} – {{ session.code }} – "
        "{{ session.intitule }}", after=Pt(8))
    b.p("Madame, Monsieur,", after=Pt(6))
    b.p("Nous vous demandons de bien vouloir reporter dans CERES la session d'examen "
        "ci-dessous, au statut « {{ session.statut }} » et qui n'a pas commencé, aux dates "
        "souhaitées indiquées :", after=Pt(6))
    b.table(
        [4.0, 4.5, 3.5, 5.0],
        [["Session (ID CERES)", "**{{ session.numero }}**", "Centre", "{{ centre.nom }}"],
         [TYPE_LABEL, SESSION_LABEL, MERGE, MERGE],
         *TITLE_OF_CCP_4,
         ["Statut dans CERES", "{{ session.statut }}", MERGE, MERGE],
         ["Dates actuelles", "{{ session.dates }}", MERGE, MERGE],
         ["Début souhaité", "**{{ report.date_debut_longue }}**", "Fin souhaitée",
          "**{{ report.date_fin_longue }}**"]],
        labels=[0, 2],
    )
    b.tag("{%p if agrement.echu %}")
    b.h2("Agrément échu : éléments complémentaires")
    b.p("Aucun agrément du centre pour ce titre ne couvre les dates souhaitées"
        "{% if agrement.date_fin %} : l'agrément N° {{ agrement.numero }} a pris fin le "
        "{{ agrement.date_fin }}{% endif %}. Voici les éléments que vous demandez dans ce cas :",
        keep_next=True, after=Pt(4))
    b.table(
        [4.5, 12.5],
        [["N° SIRET du centre", "**{{ organisme.siret or 'à compléter' }}**"],
         ["Titre professionnel", "{{ session.titre_code }} – {{ session.titre_intitule }}"],
         ["ID agrément", "**{{ agrement.numero or 'à compléter' }}**"]],
        labels=[0], keep_together=True,
    )
    b.tag("{%p endif %}")
    b.p("Pour tout complément d'information, vous pouvez joindre le centre au "
        "{{ centre.telephone }} ou à {{ centre.courriel }}.", before=Pt(8))
    b.p(CLOSING, before=Pt(6))
    b.signature(["Le manager de formation,", "{{ centre.nom }}"])
    b.p("Demande de report – session n° {{ session.numero }} – {{ session.code }}",
        style="Mention", before=Pt(8))
    return b


def doublons() -> Builder:
    """Letter to the DIECCTE: the duplicate candidate records, to be merged (P§4.3). One row
    per record, the records of one person under a title row."""
    b = Builder("Fiches candidats en double")
    b.letterhead()
    _to_administration(b)
    b.p("{{ dieccte.courriel }}", style="Destinataire")
    b.date_line()
    b.h1("FICHES CANDIDATS EN DOUBLE")
    b.p("**Objet :** Fiches candidats en double dans CERES", after=Pt(8))
    b.p("Madame, Monsieur,", after=Pt(6))
    b.p("Nous avons relevé dans CERES des fiches candidats en double : une même personne "
        "(même nom, même prénom et même date de naissance) y est enregistrée sous plusieurs "
        "N° CERES. Ne pouvant pas corriger ces fiches à notre niveau, nous vous demandons de "
        "bien vouloir les regrouper en une seule fiche par personne. C'est particulièrement "
        "important pour les candidats qui capitalisent des CCP d'une session à l'autre.",
        after=Pt(6))
    b.p("Personnes concernées : **{{ nombre_groupes }}** – fiches : **{{ nombre_fiches }}**. "
        "Les noms sont reproduits tels qu'ils ont été saisis.", keep_next=True, after=Pt(4))
    b.table(
        [3.2, 5.0, 4.2, 4.6],
        [["N° CERES", "Nom et prénom saisis", "Lieu de naissance", "Sessions"],
         ["{%tr for g in groupes %}", "", "", ""],
         ["Personne {{ g.numero }} : {{ g.nom_complet }}, né(e) le {{ g.date_naissance }} "
          "({{ g.nombre_fiches }} fiches)", MERGE, MERGE, MERGE],
         ["{%tr for f in g.fiches %}", "", "", ""],
         ["**{{ f.numero_ceres }}**", "{{ f.nom_complet }}", "{{ f.lieu_naissance }}",
          "{{ f.sessions | replace(', ', '\\n') if f.sessions else '—' }}"],
         ["{%tr endfor %}", "", "", ""],
         ["{%tr endfor %}", "", "", ""]],
        header=True, sections=[2],
    )
    b.p(CLOSING, before=Pt(8))
    b.signature(["Le manager de formation,", "{{ centre.nom }}"])
    return b


BUILDERS = {
    "convocation-candidat": convocation_candidat,
    "convocation-jury": convocation_jury,
    "convocation-surveillant": convocation_surveillant,
    "pv-individuel": pv_individuel,
    "pv-general": pv_general,
    "formulaire-ra": formulaire_ra,
    "bordereau-dieccte": bordereau_dieccte,
    "bordereau-retour": bordereau_retour,
    "affichage": affichage,
    "demande-report": demande_report,
    "doublons": doublons,
}


def build(outdir: Path = HERE) -> list[Path]:
    """Write the template of every kind of the registry into `outdir`; return the paths
    written, in the registry's order."""
    missing = [name for name in TEMPLATE_FILES if name not in BUILDERS]
    unknown = [name for name in BUILDERS if name not in TEMPLATE_FILES]
    if missing or unknown:
        raise SystemExit(f"BUILDERS and the kind registry disagree: no builder for {missing}, "
                         f"no kind for {unknown}.")
    paths = []
    for name in TEMPLATE_FILES:
        template = KIND[name].template
        assert template is not None
        path = outdir / template
        BUILDERS[name]().save(path)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Écrit les modèles DOCX par défaut de ceres-docs.")
    parser.add_argument("--out", type=Path, default=HERE, help="dossier des modèles")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(f"écrit : {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
