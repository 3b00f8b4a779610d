"""«Справочник консультанта» as a printable DOCX (python-docx) and PDF (LibreOffice, if installed)."""

import datetime
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from konstruktor.knowledge.models import Article, Section
from konstruktor.knowledge.rendering import markdown_html

DOCUMENT_TITLE = "Справочник консультанта"
PDF_TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class ExportSection:
    section: Section
    articles: Sequence[Article]


def pdf_available() -> bool:
    return shutil.which("soffice") is not None


class _BodyWriter(HTMLParser):
    """Sanitised article HTML → DOCX paragraphs: headings, lists, tables, bold and italic runs."""

    def __init__(self, document: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph: Any = None
        self.bold = 0
        self.italic = 0
        self.lists: list[str] = []
        self.table_rows: list[list[str]] | None = None
        self.cell: list[str] | None = None

    def _new(self, style: str | None = None) -> None:
        self.paragraph = self.document.add_paragraph(style=style)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3", "h4", "h5", "h6"):
            self._new("Heading 3")
        elif tag == "p" and self.cell is None:
            self._new("Quote" if "blockquote" in self.lists else None)
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "blockquote":
            self.lists.append("blockquote")
        elif tag == "li":
            self._new("List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "table":
            self.table_rows = []
        elif tag == "tr" and self.table_rows is not None:
            self.table_rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol", "blockquote") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("td", "th") and self.cell is not None and self.table_rows:
            self.table_rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.table_rows is not None:
            self._table(self.table_rows)
            self.table_rows = None
        elif tag in ("p", "li", "h2", "h3", "h4", "h5", "h6"):
            self.paragraph = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
            return
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self._new()
        run = self.paragraph.add_run(data)
        run.bold = self.bold > 0 or None
        run.italic = self.italic > 0 or None

    def _table(self, rows: list[list[str]]) -> None:
        rows = [r for r in rows if r]
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                table.cell(i, j).text = value


def _toc_field(document: Any) -> None:
    """A real table-of-contents field: Word and LibreOffice fill in page numbers on update."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(begin)
    run._r.append(instruction)
    run._r.append(separate)
    placeholder = paragraph.add_run("Оглавление с номерами страниц появится после обновления поля (F9 в Word).")
    placeholder.italic = True
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def handbook_docx(sections: Sequence[ExportSection], *, subtitle: str, today: datetime.date | None = None) -> bytes:
    """The DOCX: title page, contents (a TOC field and a plain list), sections with their articles."""
    today = today or datetime.date.today()
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "PT Serif"
    normal.font.size = Pt(11)
    document.core_properties.title = DOCUMENT_TITLE
    document.core_properties.subject = subtitle
    document.core_properties.language = "ru-RU"

    document.add_paragraph(DOCUMENT_TITLE, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(subtitle, style="Subtitle").alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = document.add_paragraph(
        f"Платформа «Конструктор» ресурсных центров поддержки СОНКО\nСформирован {today:%d.%m.%Y}"
    )
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_break(document)

    heading = document.add_paragraph()
    heading_run = heading.add_run("Содержание")
    heading_run.bold = True
    heading_run.font.size = Pt(16)
    _toc_field(document)
    for item in sections:
        line = document.add_paragraph()
        line.add_run(item.section.title).bold = True
        for number, article in enumerate(item.articles, 1):
            document.add_paragraph(f"{number}. {article.title}", style="List Paragraph")
    _page_break(document)

    for index, item in enumerate(sections):
        if index:
            _page_break(document)
        document.add_heading(item.section.title, level=1)
        if item.section.description:
            document.add_paragraph(item.section.description).runs[0].italic = True
        for article in item.articles:
            document.add_heading(article.title, level=2)
            meta = document.add_paragraph()
            if article.legal_basis:
                meta.add_run("Правовое основание: ").bold = True
                meta.add_run(article.legal_basis)
            if article.valid_from:
                if article.legal_basis:
                    meta.add_run().add_break()
                meta.add_run("Действует с: ").bold = True
                meta.add_run(f"{article.valid_from:%d.%m.%Y}")
            writer = _BodyWriter(document)
            writer.feed(markdown_html(article.body))
            writer.close()

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_to_pdf(data: bytes) -> bytes | None:
    """Convert with LibreOffice; None when it is not installed or the conversion failed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="handbook-") as tmp:
        source = Path(tmp) / "handbook.docx"
        source.write_bytes(data)
        # LibreOffice needs a writable profile; a private one also avoids clashing with a running instance.
        env = {**os.environ, "HOME": tmp}
        try:
            subprocess.run(
                [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                 "--outdir", tmp, str(source)],
                check=True, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, env=env,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError):
            return None
        target = Path(tmp) / "handbook.pdf"
        return target.read_bytes() if target.exists() else None
