"""The template upload check: DOCX structure, Jinja syntax, and every variable the package defines.

A refused template is reported with the place (part, paragraph and its text) of each problem,
in Russian, so that a non-programmer can find it in Word.
"""

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import meta, nodes

from konstruktor.documents.questionnaire import COMPOUND_FIELDS, COMPUTED_NAMES, Questionnaire, QuestionSpec
from konstruktor.documents.rendering import ENV, TEMPLATED_PART, has_tags, prepare_part

PART_TITLES = {"word/document.xml": "основной текст"}
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class TemplateIssue:
    message: str
    place: str = ""

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


# A descriptor says which attributes a value has: a dict of attribute → descriptor, ANY for a
# value whose attributes are not checked, or ("list", item descriptor) for lists.
ANY: Any = None
PERSON_COMPUTED = ("full_name", "short_name", "initials_name", "passport")


def _describe(question: QuestionSpec) -> Any:
    if question.kind in COMPOUND_FIELDS:
        desc: dict[str, Any] = {s.key: ANY for s in COMPOUND_FIELDS[question.kind]}
        if question.kind == "person":
            desc.update({k: ANY for k in PERSON_COMPUTED})
        elif question.kind == "address":
            desc["full"] = ANY
        else:
            desc["name"] = ANY
        return desc
    if question.kind == "group":
        item = {child.key: _describe(child) for child in question.children}
        item.update({"name": ANY, "is_individual": ANY})
        return ("list", item)
    if question.kind in ("choice", "multichoice"):
        return ANY  # a string with .label
    return ANY


def template_names(questionnaire: Questionnaire, constants: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every name a template of this package may read, with its descriptor."""
    names: dict[str, Any] = {key: ANY for key in COMPUTED_NAMES}
    for key in constants or {}:
        names[key] = ANY
    for question in questionnaire.questions():
        names[question.key] = _describe(question)
    address = {s.key: ANY for s in COMPOUND_FIELDS["address"]} | {"full": ANY}
    person = {s.key: ANY for s in COMPOUND_FIELDS["person"]} | {k: ANY for k in PERSON_COMPUTED}
    names["org"] = {"full_name": ANY, "short_name": ANY, "form_title": ANY, "location": ANY, "address": address}
    names["applicant"] = person
    founders = names.get("founders")
    names["individual_founders"] = founders if isinstance(founders, tuple) else ANY
    names["legal_founders"] = founders if isinstance(founders, tuple) else ANY
    names["timeline"] = ("list", {"title": ANY, "date": ANY, "basis": ANY, "note": ANY})
    names["documents"] = ("list", {"title": ANY, "copies": ANY, "note": ANY, "filename": ANY})
    names["package"] = {"title": ANY, "legal_basis": ANY}
    names["loop"] = ANY
    return names


def _paragraph(source: str, lineno: int) -> str:
    lines = source.splitlines()
    if not 1 <= lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1])
    text = re.sub(r"\s+", " ", text).strip()
    return text[:120] + ("…" if len(text) > 120 else "")


def _place(part: str, source: str, lineno: int | None) -> str:
    where = PART_TITLES.get(part, f"часть {part}")
    if lineno is None:
        return where
    # Line 1 holds what precedes the first paragraph; paragraphs start on line 2.
    text = _paragraph(source, lineno)
    number = max(lineno - 1, 1)
    return f"{where}, абзац {number}" + (f" «{text}»" if text else "")


class _AttributeWalker:
    """Follows loops and attribute access to catch `{{ f.persn.full_name }}`-style typos."""

    def __init__(self, names: dict[str, Any]) -> None:
        self.names = names
        self.errors: list[tuple[str, int]] = []

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, self.names.get(node.name, ANY))
        if isinstance(node, nodes.Filter | nodes.Test):
            return self.resolve(node.node, scope) if node.node is not None else ANY
        if isinstance(node, nodes.Getattr):
            base = self.resolve(node.node, scope)
            if isinstance(base, dict):
                if node.attr not in base:
                    self.errors.append((f"{self.dotted(node)}", node.lineno))
                    return ANY
                return base[node.attr]
            return ANY
        return ANY

    def dotted(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Getattr):
            return f"{self.dotted(node.node)}.{node.attr}"
        if isinstance(node, nodes.Name):
            return node.name
        return "…"

    def walk(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            iterable = self.resolve(node.iter, scope)
            inner = dict(scope)
            item = iterable[1] if isinstance(iterable, tuple) else ANY
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = item
            self.walk(node.iter, scope)
            for child in node.body + node.else_:
                self.walk(child, inner)
            if node.test is not None:
                self.walk(node.test, inner)
            return
        if isinstance(node, nodes.Getattr):
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.walk(child, scope)


_CHECKED: dict[tuple[str, str], list[str]] = {}


def template_check(data: bytes, *, allowed: dict[str, Any]) -> list[str]:
    """The template's top-level variables; raises TemplateRejected with every issue found.

    A file that passed against the same names passes again: the result is remembered.
    """
    key = (
        hashlib.sha256(data).hexdigest(),
        hashlib.sha256(repr(sorted(allowed.items(), key=str)).encode()).hexdigest(),
    )
    if key not in _CHECKED:
        _CHECKED[key] = _template_check(data, allowed=allowed)
    return list(_CHECKED[key])


def _template_check(data: bytes, *, allowed: dict[str, Any]) -> list[str]:
    from konstruktor.documents.errors import TemplateRejected

    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRejected([TemplateIssue("Файл больше 10 МБ: уменьшите изображения в шаблоне.")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    except zipfile.BadZipFile as exc:
        raise TemplateRejected(
            [TemplateIssue("Файл не является документом DOCX. Сохраните шаблон в Word как «Документ Word (*.docx)».")]
        ) from exc
    if "word/document.xml" not in parts:
        raise TemplateRejected(
            [TemplateIssue("В файле нет основного текста документа (word/document.xml): это не DOCX.")]
        )
    issues: list[TemplateIssue] = []
    variables: set[str] = set()
    for part, payload in sorted(parts.items()):
        if not TEMPLATED_PART.fullmatch(part):
            continue
        try:
            source = prepare_part(payload)
        except Exception:
            issues.append(TemplateIssue("Повреждённая разметка XML.", PART_TITLES.get(part, part)))
            continue
        if not has_tags(source):
            continue
        try:
            tree = ENV.parse(source)
            ENV.compile(tree)
        except jinja2.TemplateSyntaxError as exc:
            issues.append(TemplateIssue(_syntax_message(exc), _place(part, source, _error_line(exc, source))))
            continue
        found = meta.find_undeclared_variables(tree)
        variables |= found
        for name in sorted(found - set(allowed)):
            lineno = next(
                (n for n, line in enumerate(source.splitlines(), 1) if re.search(rf"\b{re.escape(name)}\b", line)),
                None,
            )
            issues.append(
                TemplateIssue(
                    f"Переменная «{name}» не определена в анкете пакета: добавьте вопрос с этим ключом "
                    "или исправьте имя.",
                    _place(part, source, lineno),
                )
            )
        walker = _AttributeWalker(allowed)
        walker.walk(tree, {})
        for dotted, lineno in walker.errors:
            issues.append(
                TemplateIssue(f"Поле «{dotted}» не существует у этой переменной.", _place(part, source, lineno))
            )
    if issues:
        raise TemplateRejected(issues)
    return sorted(variables)


_JINJA_MESSAGES = (
    (
        re.compile(r"unexpected end of template.*'(end\w+)'.*closed is '(\w+)'", re.I | re.S),
        "не закрыт блок {{% {1} %}}: не хватает тега {{% {0} %}}",
    ),
    (re.compile(r"unexpected end of template", re.I), "шаблон оборвался: не закрыт блок {{% if %}} или {{% for %}}"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "неизвестный или лишний тег «{0}»"),
    (re.compile(r"No filter named '(\w+)'"), "неизвестный фильтр «{0}»"),
    (re.compile(r"No test named '(\w+)'"), "неизвестная проверка «{0}»"),
    (re.compile(r"unexpected '(.+?)'"), "неожиданный символ «{0}»"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), "ожидалось «{0}», а встретилось «{1}»"),
)


def _error_line(exc: jinja2.TemplateSyntaxError, source: str) -> int | None:
    """For an unclosed block Jinja points at the end: point at the last opening tag instead."""
    unclosed = re.search(r"closed is '(\w+)'", exc.message or "")
    if unclosed:
        opening = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*" + unclosed.group(1) + r"\b")
        lines = source.splitlines()
        for number in range(len(lines), 0, -1):
            if opening.search(lines[number - 1]):
                return number
    return exc.lineno


def _syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    text = exc.message or str(exc)
    for pattern, russian in _JINJA_MESSAGES:
        match = pattern.search(text)
        if match:
            return "Синтаксическая ошибка: " + russian.format(*match.groups()) + "."
    return f"Синтаксическая ошибка: {text}."
