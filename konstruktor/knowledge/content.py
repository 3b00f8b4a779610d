"""Reading the handbook's Markdown files: `content/<section>/<NN>-<slug>.md` with YAML front matter.

Front matter keys: title, section, tags (list), legal_basis, valid_from (date), audience
(public | internal), related (list of slugs). Parsing only; knowledge_content_sync writes.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).parent / "content"
_NAME = re.compile(r"^(?P<order>\d+)-(?P<slug>[a-z0-9][a-z0-9-]*)\.md$")

# The sections the handbook ships with: folder name → (title, order, description).
SECTIONS: dict[str, tuple[str, int, str]] = {
    "sozdanie-nko": (
        "Создание НКО",
        10,
        "Выбор формы, учредители, документы и регистрация некоммерческой организации.",
    ),
    "status-sonko-i-reestry": (
        "Статус СОНКО и реестры",
        20,
        "Социально ориентированные НКО, исполнители общественно полезных услуг, реестры получателей поддержки.",
    ),
    "otchetnost": ("Отчётность", 30, "Отчёты в Минюст, налоговая и бухгалтерская отчётность, сроки."),
    "finansirovanie-i-granty": (
        "Финансирование и гранты",
        40,
        "Гранты, субсидии, пожертвования и другие источники денег для НКО.",
    ),
    "socialnye-uslugi": (
        "Оказание социальных услуг",
        50,
        "Поставщики социальных услуг, реестр, стандарты и социальный заказ.",
    ),
    "transfer-praktik": ("Трансфер практик", 60, "Как описать, отобрать и передать успешную практику в другой регион."),
    "proektnoe-upravlenie": (
        "Участие в проектном управлении социальной сферой",
        70,
        "Проектные и рабочие группы, дорожные карты, участие НКО в решениях региона.",
    ),
}


class ContentError(ValueError):
    """A content file cannot be loaded; the message names the file and the problem."""


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    slug: str
    order: int
    section: str
    title: str
    body: str
    legal_basis: str = ""
    valid_from: datetime.date | None = None
    audience: str = "public"
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def _as_date(value: Any, name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ContentError(f"{name}: дата valid_from должна быть в виде ГГГГ-ММ-ДД, а не «{value}»") from exc


def article_file_parse(path: Path) -> ArticleFile:
    name = f"{path.parent.name}/{path.name}"
    match = _NAME.match(path.name)
    if not match:
        raise ContentError(f"{name}: имя файла должно быть вида NN-slug.md (латиница, цифры, дефисы)")
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    if not text.startswith("---"):
        raise ContentError(f"{name}: нет блока метаданных (front matter) между строками ---")
    parts = re.split(r"^---\s*$", text, maxsplit=2, flags=re.MULTILINE)
    if len(parts) < 3:
        raise ContentError(f"{name}: блок метаданных не закрыт строкой ---")
    try:
        meta = yaml.safe_load(parts[1]) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{name}: ошибка YAML в метаданных: {exc}") from exc
    if not isinstance(meta, dict):
        raise ContentError(f"{name}: метаданные должны быть словарём ключ: значение")
    title = str(meta.get("title") or "").strip()
    if not title:
        raise ContentError(f"{name}: не указан title")
    section = str(meta.get("section") or path.parent.name).strip()
    audience = str(meta.get("audience") or "public").strip()
    if audience not in ("public", "internal"):
        raise ContentError(f"{name}: audience должен быть public или internal, а не «{audience}»")
    body = parts[2].strip()
    if not body:
        raise ContentError(f"{name}: пустой текст статьи")
    return ArticleFile(
        path=path,
        slug=match.group("slug"),
        order=int(match.group("order")),
        section=section,
        title=title,
        body=body,
        legal_basis=str(meta.get("legal_basis") or "").strip(),
        valid_from=_as_date(meta.get("valid_from"), name),
        audience=audience,
        tags=_as_list(meta.get("tags")),
        related=_as_list(meta.get("related")),
    )


def content_files(directory: Path | None = None) -> list[Path]:
    root = directory or CONTENT_DIR
    if not root.is_dir():
        return []
    return sorted(p for p in root.glob("*/*.md") if p.is_file())
