"""«Справочник консультанта» as DOCX (always) and PDF (when LibreOffice is installed)."""

import io
import shutil

import pytest
from django.urls import reverse
from docx import Document

from konstruktor.core.testing import login
from konstruktor.knowledge.tests.factories import SectionFactory, make_article

pytestmark = pytest.mark.django_db


def paragraphs(content: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(content)).paragraphs]


def test_whole_handbook_docx_has_contents_sections_and_articles(client) -> None:  # type: ignore[no-untyped-def]
    first = SectionFactory(title="Создание НКО", order=1)
    second = SectionFactory(title="Отчётность", order=2)
    make_article(section=first, title="Сколько нужно учредителей?", body="### Кто может\n- граждане\n- **юрлица**")
    make_article(section=second, title="Когда сдавать ОН0001?", legal_basis="7-ФЗ ст. 32")
    response = client.get(reverse("knowledge:export", args=["docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    rows = paragraphs(response.content)
    assert ("Title", "Справочник консультанта") in rows
    assert ("Heading 1", "Создание НКО") in rows and ("Heading 1", "Отчётность") in rows
    assert ("Heading 2", "Сколько нужно учредителей?") in rows and ("Heading 2", "Когда сдавать ОН0001?") in rows
    assert ("List Paragraph", "1. Сколько нужно учредителей?") in rows  # the plain contents list
    assert ("List Bullet", "юрлица") in rows
    assert any("Правовое основание: 7-ФЗ ст. 32" in text for _, text in rows)
    assert any("Действует с: 01.01.2026" in text for _, text in rows)
    assert b"TOC \\o" in _document_xml(response.content)


def _document_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml")


def test_section_export_holds_only_that_section(client) -> None:  # type: ignore[no-untyped-def]
    first, second = SectionFactory(title="Создание НКО"), SectionFactory(title="Отчётность")
    make_article(section=first, title="Вопрос раздела")
    make_article(section=second, title="Чужой вопрос")
    response = client.get(reverse("knowledge:section_export", args=[first.slug, "docx"]))
    texts = [text for _, text in paragraphs(response.content)]
    assert "Вопрос раздела" in texts and "Чужой вопрос" not in texts and "Отчётность" not in texts


def test_public_export_leaves_out_internal_articles_and_staff_export_has_them(client, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    section = SectionFactory()
    make_article(section=section, title="Открытый вопрос")
    make_article(section=section, title="Внутренняя памятка", audience="internal")
    url = reverse("knowledge:export", args=["docx"])
    public = [text for _, text in paragraphs(client.get(url).content)]
    assert "Открытый вопрос" in public and "Внутренняя памятка" not in public
    staff = [text for _, text in paragraphs(login(perm_consultant).get(url).content)]
    assert "Внутренняя памятка" in staff
    only_public = [text for _, text in paragraphs(login(perm_consultant).get(url + "?audience=public").content)]
    assert "Внутренняя памятка" not in only_public


@pytest.mark.skipif(shutil.which("soffice") is not None, reason="LibreOffice установлен: проверяется сам PDF")
def test_without_libreoffice_the_page_explains_and_pdf_link_redirects(client) -> None:  # type: ignore[no-untyped-def]
    make_article()
    body = client.get(reverse("knowledge:index")).content.decode()
    assert "PDF недоступен: на сервере не установлен LibreOffice" in body
    response = client.get(reverse("knowledge:export", args=["pdf"]), follow=True)
    assert response.status_code == 200 and "PDF сейчас недоступен" in response.content.decode()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) не установлен: PDF не собирается")
def test_pdf_export_is_a_pdf(client) -> None:  # type: ignore[no-untyped-def]
    make_article(title="Сколько нужно учредителей?")
    response = client.get(reverse("knowledge:export", args=["pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_empty_export_returns_to_the_page_with_a_note(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("knowledge:export", args=["docx"]), follow=True)
    assert "ни одной опубликованной статьи" in response.content.decode()
