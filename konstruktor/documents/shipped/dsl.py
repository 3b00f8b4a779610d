"""A small vocabulary for writing document templates in Python; python-docx turns it into DOCX.

The shipped templates live as reviewable source (lists of blocks with docxtpl tags inside the
text) and are built into DOCX at seed time. Paragraph tags (`{%p if … %}`) and row tags
(`{%tr for … %}`) follow docxtpl's rules: a tag paragraph or row disappears on rendering.
"""

import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

DSL_VERSION = "3"
FONT = "Times New Roman"


@dataclass(frozen=True)
class Block:
    kind: str
    text: str = ""
    align: str = "justify"
    bold: bool = False
    italic: bool = False
    size: float = 12
    indent: bool = True
    space_before: float = 0
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    header: tuple[str, ...] = ()
    loop: str = ""
    keep_with_next: bool = False


def P(text: str, *, bold: bool = False, italic: bool = False, indent: bool = True, size: float = 12) -> Block:
    """A justified body paragraph; **bold** marks bold runs."""
    return Block("p", text, bold=bold, italic=italic, indent=indent, size=size)


def Left(text: str, *, bold: bool = False, italic: bool = False, size: float = 12) -> Block:
    return Block("p", text, align="left", bold=bold, italic=italic, indent=False, size=size)


def Center(text: str, *, bold: bool = False, size: float = 12, space_before: float = 0) -> Block:
    return Block("p", text, align="center", bold=bold, indent=False, size=size, space_before=space_before)


def Right(text: str, *, bold: bool = False, size: float = 12) -> Block:
    return Block("p", text, align="right", bold=bold, indent=False, size=size)


def Title(text: str, *, size: float = 14) -> Block:
    return Block("p", text, align="center", bold=True, indent=False, size=size, space_before=6)


def Heading(text: str) -> Block:
    return Block("p", text, align="center", bold=True, indent=False, space_before=10, keep_with_next=True)


def SubHeading(text: str) -> Block:
    return Block("p", text, align="left", bold=True, indent=False, space_before=6, keep_with_next=True)


def Note(text: str) -> Block:
    return Block("p", text, align="justify", italic=True, indent=False, size=10)


def Bullet(text: str) -> Block:
    return Block("bullet", text, align="justify", indent=False)


def Blank() -> Block:
    return Block("p", "", indent=False)


def PageBreak() -> Block:
    return Block("pagebreak")


def Tag(text: str) -> Block:
    """A paragraph holding only a docxtpl paragraph tag, e.g. {%p if x %}."""
    return Block("p", text, align="left", indent=False)


def If(condition: str, *blocks: Block | Sequence[Block], otherwise: Sequence[Block] = ()) -> list[Block]:
    body = [Tag(f"{{%p if {condition} %}}"), *flatten(blocks)]
    if otherwise:
        body += [Tag("{%p else %}"), *flatten(otherwise)]
    return [*body, Tag("{%p endif %}")]


def For(expression: str, *blocks: Block | Sequence[Block]) -> list[Block]:
    return [Tag(f"{{%p for {expression} %}}"), *flatten(blocks), Tag("{%p endfor %}")]


def Table(header: Sequence[str], row: Sequence[str], *, loop: str, widths: Sequence[float] = ()) -> Block:
    """A table with a header row and one row repeated for each item of `loop` ("f in founders")."""
    return Block("table", header=tuple(header), rows=(tuple(row),), loop=loop, widths=tuple(widths))


def Fields(rows: Sequence[tuple[str, ...]], *, widths: Sequence[float] = (7, 10)) -> Block:
    """A two-column table «label — value»; a third element is a condition for showing the row."""
    return Block("fields", rows=tuple(tuple(r) for r in rows), widths=tuple(widths))


def Grid(header: Sequence[str], rows: Sequence[Sequence[str]], *, widths: Sequence[float] = ()) -> Block:
    """A static table (rows may hold tags inside cells)."""
    return Block("grid", header=tuple(header), rows=tuple(tuple(r) for r in rows), widths=tuple(widths))


def Signature(role: str, name: str = "") -> Block:
    text = f"{role}\t________________ / {name} /" if name else f"{role}\t________________"
    return Block("signature", text, align="left", indent=False, space_before=12)


def flatten(items: Iterable[Any]) -> list[Block]:
    result: list[Block] = []
    for item in items:
        if isinstance(item, Block):
            result.append(item)
        else:
            result.extend(flatten(item))
    return result


@dataclass
class DocSpec:
    """One shipped document: its text as blocks plus how it enters the package."""

    title: str
    filename: str
    blocks: list[Block]
    condition: str = ""
    copies: int = 1
    note: str = ""
    landscape: bool = False
    core_title: str = field(default="")

    def source_hash(self) -> str:
        digest = hashlib.sha256(DSL_VERSION.encode())
        digest.update(repr((self.title, self.landscape, self.blocks)).encode())
        return digest.hexdigest()

    def build(self) -> bytes:
        """The DOCX, built once per process for each version of the source."""
        key = self.source_hash()
        if key not in _BUILT:
            _BUILT[key] = build_docx(self.blocks, title=self.title, landscape=self.landscape)
        return _BUILT[key]


_BUILT: dict[str, bytes] = {}


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _runs(paragraph: Any, text: str, block: Block) -> None:
    pieces = _BOLD.split(text)
    for index, piece in enumerate(pieces):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold = block.bold or index % 2 == 1
        run.italic = block.italic
        run.font.size = Pt(block.size)


def _paragraph(document: Any, block: Block) -> None:
    style = "List Bullet" if block.kind == "bullet" else None
    paragraph = document.add_paragraph(style=style) if style else document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(2)
    fmt.space_before = Pt(block.space_before)
    fmt.keep_with_next = block.keep_with_next
    fmt.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[block.align]
    if block.indent and block.kind == "p":
        fmt.first_line_indent = Cm(1.25)
    if block.kind == "signature":
        fmt.tab_stops.add_tab_stop(Cm(9))
    _runs(paragraph, block.text, block)


def _cell(cell: Any, text: str, *, bold: bool = False, size: float = 11) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _widths(table: Any, widths: Sequence[float]) -> None:
    if not widths:
        return
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def _table(document: Any, block: Block) -> None:
    columns = len(block.header) or len(block.rows[0])
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.header:
        cells = table.add_row().cells
        for cell, text in zip(cells, block.header, strict=True):
            _cell(cell, text, bold=True)
        _repeat_header(table.rows[0])
    if block.kind == "table":
        _cell(table.add_row().cells[0], f"{{%tr for {block.loop} %}}")
        for row in block.rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                _cell(cell, text)
        _cell(table.add_row().cells[0], "{%tr endfor %}")
    elif block.kind == "grid":
        for row in block.rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                _cell(cell, text)
    else:  # fields
        for row in block.rows:
            label, value, *condition = row
            if condition:
                _cell(table.add_row().cells[0], f"{{%tr if {condition[0]} %}}")
            cells = table.add_row().cells
            _cell(cells[0], label)
            _cell(cells[1], value)
            if condition:
                _cell(table.add_row().cells[0], "{%tr endif %}")
    _widths(table, block.widths)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _page_number_footer(section: Any) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(10)


def build_docx(blocks: Sequence[Block], *, title: str, landscape: bool = False) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    _page_number_footer(section)
    document.core_properties.title = title
    document.core_properties.author = "Платформа «Конструктор»"
    document.core_properties.language = "ru-RU"
    for block in blocks:
        if block.kind in ("table", "fields", "grid"):
            _table(document, block)
        elif block.kind == "pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            _paragraph(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
