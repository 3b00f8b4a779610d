"""Attachments (type and size checks, access), the home page search, query counts of the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.knowledge.models import Attachment
from konstruktor.knowledge.tests.factories import SectionFactory, make_article, ngo_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def upload(client, article, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("knowledge:attachment_upload", args=[article.pk]),
        {"title": "Образец устава", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_consultant_attaches_a_pdf_that_anonymous_visitors_download(perm_consultant, client) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    response = upload(login(perm_consultant), article, "ustav.pdf", PDF)
    assert "Файл прикреплён" in response.content.decode()
    attachment = Attachment.objects.get()
    assert (attachment.extension, attachment.size) == ("pdf", len(PDF))
    url = reverse("knowledge:attachment", args=[article.section.slug, article.slug, attachment.pk])
    assert url in client.get(article.get_absolute_url()).content.decode()
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_file_of_another_type_or_with_a_false_extension_is_rejected(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    client = login(perm_consultant)
    assert "Можно прикрепить PDF" in upload(client, article, "virus.exe", b"MZ\x90\x00").content.decode()
    assert "не соответствует" in upload(client, article, "fake.pdf", b"<html>").content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_20_mb_is_rejected(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    response = upload(login(perm_consultant), article, "big.pdf", PDF + b"0" * (20 * 1024 * 1024))
    assert "больше 20 МБ" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachment_of_an_internal_article_is_404_for_anonymous(perm_consultant, client) -> None:  # type: ignore[no-untyped-def]
    article = make_article(audience="internal")
    upload(login(perm_consultant), article, "ustav.pdf", PDF)
    attachment = Attachment.objects.get()
    url = reverse("knowledge:attachment", args=[article.section.slug, article.slug, attachment.pk])
    assert client.get(url).status_code == 404


def test_home_page_search_shows_handbook_articles_the_user_may_read(perm_org) -> None:  # type: ignore[no-untyped-def]
    article = make_article(title="Как стать поставщиком социальных услуг?", body="Подайте **заявление**.")
    make_article(title="Поставщик социальных услуг: памятка", audience="internal")
    body = login(ngo_member(perm_org)).get(reverse("home"), {"q": "поставщик соцуслуг"}).content.decode()
    assert article.get_absolute_url() in body and "памятка" not in body and "&lt;mark" not in body


def test_handbook_link_is_in_the_navigation_for_everyone(client) -> None:  # type: ignore[no-untyped-def]
    assert reverse("knowledge:index") in client.get(reverse("home")).content.decode()


def test_section_and_article_pages_make_a_fixed_number_of_queries(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    section = SectionFactory()
    articles = [make_article(section=section, tags=["устав", "Минюст"]) for _ in range(12)]
    for other in articles[1:]:
        articles[0].related.add(other)
    with django_assert_max_num_queries(8):
        assert client.get(section.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(articles[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("knowledge:index")).status_code == 200
