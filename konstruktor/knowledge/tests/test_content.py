"""Loading the Markdown content: idempotent, versioned, tolerant of a broken file."""

from pathlib import Path

import pytest
from django.core.management import call_command

from konstruktor.core.search import search
from konstruktor.knowledge.actions import article_update, knowledge_content_sync
from konstruktor.knowledge.content import CONTENT_DIR, article_file_parse, content_files
from konstruktor.knowledge.models import Article, Section

pytestmark = pytest.mark.django_db

ARTICLE = """---
title: "{title}"
section: sozdanie-nko
tags: [учредители, АНО]
legal_basis: "7-ФЗ ст. 15"
valid_from: 2026-01-01
audience: {audience}
related: [{related}]
---
**Короткий ответ.** {body}
"""


def write(root: Path, name: str, *, title: str = "Сколько нужно учредителей?", body: str = "Один.",
          audience: str = "public", related: str = "") -> Path:  # fmt: skip
    folder = root / "sozdanie-nko"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(ARTICLE.format(title=title, body=body, audience=audience, related=related), encoding="utf-8")
    return path


def test_sync_creates_sections_publishes_articles_and_indexes_them(tmp_path: Path) -> None:
    write(tmp_path, "01-uchrediteli.md", related="gosposhlina")
    write(tmp_path, "02-gosposhlina.md", title="Сколько стоит регистрация?", audience="internal")
    report = knowledge_content_sync(directory=tmp_path)
    assert (report.created, report.errors) == (2, [])
    assert Section.objects.get(slug="sozdanie-nko").title == "Создание НКО"
    assert Section.objects.get(slug="proektnoe-upravlenie").title == "Участие в проектном управлении социальной сферой"
    article = Article.objects.get(slug="uchrediteli")
    assert (article.status, article.order, article.legal_basis) == ("published", 1, "7-ФЗ ст. 15")
    assert sorted(t.name for t in article.tags.all()) == ["АНО", "учредители"]
    assert [r.slug for r in article.related.all()] == ["gosposhlina"]
    assert Article.objects.get(slug="gosposhlina").audience == "internal"
    assert [h.object_id for h in search("учредители", public_only=True).results] == [article.pk]


def test_sync_is_idempotent_and_versions_only_changed_content(tmp_path: Path) -> None:
    path = write(tmp_path, "01-uchrediteli.md")
    knowledge_content_sync(directory=tmp_path)
    again = knowledge_content_sync(directory=tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    article = Article.objects.get(slug="uchrediteli")
    assert article.versions.count() == 1
    write(tmp_path, path.name, body="Один или больше.")
    changed = knowledge_content_sync(directory=tmp_path)
    assert changed.updated == 1 and article.versions.count() == 2
    assert search("больше").total == 1


def test_sync_keeps_an_editors_later_changes(tmp_path: Path, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "01-uchrediteli.md")
    knowledge_content_sync(directory=tmp_path)
    article = Article.objects.get(slug="uchrediteli")
    article_update(article=article, by=perm_consultant, body="Правка редактора.")
    report = knowledge_content_sync(directory=tmp_path)
    assert report.kept == ["uchrediteli"]
    article.refresh_from_db()
    assert article.body == "Правка редактора."


def test_a_broken_file_is_reported_and_the_rest_still_loads(tmp_path: Path) -> None:
    write(tmp_path, "01-uchrediteli.md")
    (tmp_path / "sozdanie-nko" / "02-bez-metadannyh.md").write_text("Просто текст", encoding="utf-8")
    (tmp_path / "sozdanie-nko" / "Плохое имя.md").write_text("---\ntitle: x\n---\nтекст", encoding="utf-8")
    report = knowledge_content_sync(directory=tmp_path)
    assert report.created == 1 and len(report.errors) == 2
    assert any("02-bez-metadannyh.md" in e for e in report.errors)


def test_management_command_loads_the_folder(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "01-uchrediteli.md")
    call_command("sync_knowledge", directory=tmp_path)
    assert "добавлено 1" in capsys.readouterr().out


REAL_FILES = len(content_files(CONTENT_DIR))


@pytest.mark.skipif(
    REAL_FILES < 60, reason=f"в knowledge/content пока {REAL_FILES} статей из 60: содержание ещё пишется"
)
def test_the_real_content_folder_loads_without_errors(client) -> None:  # type: ignore[no-untyped-def]
    report = knowledge_content_sync()
    assert report.created == REAL_FILES
    assert report.errors == []
    sections = {s.slug for s in Section.objects.filter(articles__isnull=False)}
    assert {"sozdanie-nko", "transfer-praktik", "proektnoe-upravlenie"} <= sections
    for article in Article.objects.filter(audience="public")[:10]:
        assert client.get(article.get_absolute_url()).status_code == 200


def test_every_related_slug_in_the_content_names_an_article_of_the_content() -> None:
    articles = [article_file_parse(path) for path in content_files(CONTENT_DIR)]
    slugs = {a.slug for a in articles}
    assert len(slugs) == len(articles), "один код статьи в двух файлах"
    missing = sorted(f"{a.section}/{a.slug}: {slug}" for a in articles for slug in a.related if slug not in slugs)
    assert missing == [], "related: нет таких статей в knowledge/content"
    itself = sorted(f"{a.section}/{a.slug}" for a in articles if a.slug in a.related)
    assert itself == [], "статья ссылается на саму себя"
