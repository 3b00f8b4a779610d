"""Handbook pages: parse → authorize → one call → render."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from konstruktor.core.search import SynonymError, synonym_create, synonym_delete, synonym_list
from konstruktor.knowledge import actions, queries
from konstruktor.knowledge.errors import KnowledgeError
from konstruktor.knowledge.exports import ExportSection, docx_to_pdf, handbook_docx, pdf_available
from konstruktor.knowledge.forms import ArticleForm, AttachmentForm, FeedbackForm, SearchForm, SynonymForm
from konstruktor.knowledge.models import Article, Attachment, SearchMiss, Status
from konstruktor.knowledge.rendering import markdown_html

SEARCH_PAGE_SIZE = 10
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORBIDDEN = "Изменять справочник могут сотрудники РЦ и федеральный координатор."


def editor_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not queries.handbook_can_edit(user=request.user):
            return HttpResponseForbidden(FORBIDDEN)
        return view(request, *args, **kwargs)

    return wrapper


def _common(request: HttpRequest) -> dict[str, Any]:
    return {
        "can_edit": queries.handbook_can_edit(user=request.user),
        "sees_internal": queries.handbook_sees_internal(user=request.user),
        "pdf_available": pdf_available(),
    }


def handbook_index(request: HttpRequest) -> HttpResponse:
    context = {
        **_common(request),
        "sections": queries.section_list(user=request.user),
        "form": SearchForm(staff=queries.handbook_sees_internal(user=request.user)),
    }
    return render(request, "knowledge/index.html", context)


def section_detail(request: HttpRequest, section: str) -> HttpResponse:
    found = queries.section_get(slug=section)
    context = {
        **_common(request),
        "section": found,
        "articles": queries.section_articles(user=request.user, section=found),
        "form": SearchForm(initial={"section": found}, staff=queries.handbook_sees_internal(user=request.user)),
    }
    return render(request, "knowledge/section.html", context)


def _article(request: HttpRequest, section: str, slug: str) -> Article:
    article = queries.article_get_by_slug_visible(user=request.user, slug=slug)
    if article.section.slug != section:
        raise Http404("Статья не найдена.")
    return article


def article_detail(request: HttpRequest, section: str, slug: str) -> HttpResponse:
    try:
        article = _article(request, section, slug)
    except Http404:
        moved = queries.article_visible(user=request.user).filter(slug=slug).first()
        if moved is None:
            raise
        return redirect(moved, permanent=True)
    common = _common(request)
    context = {
        **common,
        "article": article,
        "body_html": markdown_html(article.body),
        "version": queries.article_current_version(article=article),
        "feedback_form": FeedbackForm(),
        "feedback": queries.feedback_summary(article=article) if common["can_edit"] else None,
    }
    return render(request, "knowledge/article.html", context)


@require_POST
def article_feedback(request: HttpRequest, section: str, slug: str) -> HttpResponse:
    article = _article(request, section, slug)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        actions.article_feedback_create(article=article, user=request.user, **form.cleaned_data)
        if not request.headers.get("HX-Request"):
            messages.success(request, "Спасибо за отзыв!")
            return redirect(article)
        return render(request, "knowledge/_feedback_thanks.html", {"helpful": form.cleaned_data["helpful"]})
    status = 422 if request.headers.get("HX-Request") else 200
    return render(request, "knowledge/_feedback.html", {"article": article, "feedback_form": form}, status=status)


def attachment_download(request: HttpRequest, section: str, slug: str, pk: int) -> FileResponse:
    article = _article(request, section, slug)
    attachment = get_object_or_404(Attachment, pk=pk, article=article)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{attachment.title}.{attachment.extension}"
        if not attachment.title.lower().endswith(f".{attachment.extension}")
        else attachment.title,
        content_type=attachment.content_type,
    )


def handbook_search(request: HttpRequest) -> HttpResponse:
    staff = queries.handbook_sees_internal(user=request.user)
    form = SearchForm(request.GET or None, staff=staff)
    page_obj = None
    search_page = None
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        query = data["q"].strip()
        try:
            number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            number = 1
        search_page = queries.article_search(
            user=request.user, text=query, section=data["section"].slug if data["section"] else "",
            audience=data.get("audience", ""), limit=SEARCH_PAGE_SIZE, offset=(number - 1) * SEARCH_PAGE_SIZE,
        )  # fmt: skip
        if not search_page.total and number == 1:
            actions.search_miss_record(query=query)
        page_obj = Paginator(range(search_page.total), SEARCH_PAGE_SIZE).get_page(number)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        **_common(request),
        "form": form,
        "query": query,
        "search_page": search_page,
        "page_obj": page_obj,
        "querystring": params.urlencode(),
    }
    template = "knowledge/_search_results.html" if request.headers.get("HX-Request") else "knowledge/search.html"
    return render(request, template, context)


def handbook_export(request: HttpRequest, fmt: str, section: str = "") -> HttpResponseBase:
    if fmt not in ("docx", "pdf"):
        raise Http404("Неизвестный формат.")
    found = queries.section_get(slug=section) if section else None
    include_internal = request.GET.get("audience") != "public"
    rows = queries.export_sections(user=request.user, section=found, include_internal=include_internal)
    back = found.get_absolute_url() if found else "/handbook/"
    if not rows:
        messages.warning(request, "В выгрузку не попало ни одной опубликованной статьи.")
        return redirect(back)
    subtitle = found.title if found else "Все разделы"
    data = handbook_docx([ExportSection(s, a) for s, a in rows], subtitle=subtitle)
    filename = f"spravochnik-konsultanta{'-' + found.slug if found else ''}"
    if fmt == "pdf":
        if not pdf_available():
            messages.info(request, "PDF сейчас недоступен: на сервере не установлен LibreOffice. Скачайте DOCX.")
            return redirect(back)
        pdf = docx_to_pdf(data)
        if pdf is None:
            messages.warning(request, "Не удалось собрать PDF. Скачайте DOCX и распечатайте его.")
            return redirect(back)
        return _download(pdf, f"{filename}.pdf", "application/pdf")
    return _download(data, f"{filename}.docx", DOCX_TYPE)


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- editors ------------------------------------------------------------------------------------


@editor_required
def manage_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    qs = queries.article_editor_list(user=request.user, text=text, status=status if status in Status.values else "")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page_obj": page,
        "q": text,
        "status": status,
        "statuses": Status.choices,
        "querystring": params.urlencode(),
        "misses": queries.search_miss_list().count(),
    }
    return render(request, "knowledge/manage_list.html", context)


def _save_article(request: HttpRequest, form: ArticleForm, article: Article | None) -> Article | None:
    data = dict(form.cleaned_data)
    tags = form.tag_names()
    related = list(data.pop("related", []))
    comment = data.pop("comment", "")
    data.pop("tags_text", None)
    try:
        if article is None:
            return actions.article_create(
                by=request.user, tags=tags, related=related, comment=comment or "Создание статьи", **data
            )
        data.pop("slug", None)
        return actions.article_update(
            article=article, by=request.user, tags=tags, related=related, comment=comment, **data
        )
    except KnowledgeError as exc:
        form.add_error(None, str(exc))
        return None


@editor_required
def article_new(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        article = _save_article(request, form, None)
        if article is not None:
            messages.success(request, "Статья создана.")
            return redirect(article)
    return render(request, "knowledge/article_form.html", {"form": form, "title": "Новая статья"})


@editor_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = queries.article_get_visible(user=request.user, pk=pk)
    form = ArticleForm(request.POST or None, instance=Article.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        saved = _save_article(request, form, article)
        if saved is not None:
            messages.success(request, "Изменения сохранены.")
            return redirect(saved)
    context = {
        "form": form,
        "title": f"Изменить: {article.title}",
        "article": article,
        "attachment_form": AttachmentForm(),
        "attachments": article.attachments.all(),
    }
    return render(request, "knowledge/article_form.html", context)


@editor_required
def article_history(request: HttpRequest, pk: int) -> HttpResponse:
    article = queries.article_get_visible(user=request.user, pk=pk)
    versions = list(queries.article_versions(article=article))
    return render(request, "knowledge/history.html", {"article": article, "versions": versions})


@editor_required
def article_diff(request: HttpRequest, pk: int) -> HttpResponse:
    article = queries.article_get_visible(user=request.user, pk=pk)
    versions = {v.number: v for v in queries.article_versions(article=article)}
    try:
        a, b = int(request.GET.get("a", "0")), int(request.GET.get("b", "0"))
    except ValueError as exc:
        raise Http404("Нет таких версий.") from exc
    if a not in versions or b not in versions:
        raise Http404("Нет таких версий.")
    older, newer = (versions[a], versions[b]) if a <= b else (versions[b], versions[a])
    context = {
        "article": article,
        "older": older,
        "newer": newer,
        "fields": queries.version_diff(older=older, newer=newer),
    }
    return render(request, "knowledge/diff.html", context)


@editor_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    article = queries.article_get_visible(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request, "Файл не прикреплён: " + "; ".join(str(e) for errs in form.errors.values() for e in errs)
        )
        return redirect("knowledge:edit", pk=pk)
    try:
        actions.attachment_add(
            article=article, upload=form.cleaned_data["file"], title=form.cleaned_data["title"], by=request.user
        )
    except KnowledgeError as exc:
        messages.error(request, f"Файл не прикреплён: {exc}")
    else:
        messages.success(request, "Файл прикреплён.")
    return redirect("knowledge:edit", pk=pk)


@editor_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    article = queries.article_get_visible(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, article=article)
    actions.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, "Вложение удалено.")
    return redirect("knowledge:edit", pk=pk)


@editor_required
def misses(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.search_miss_list(), 100).get_page(request.GET.get("page"))
    return render(request, "knowledge/misses.html", {"page_obj": page, "querystring": ""})


@editor_required
@require_POST
def miss_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.search_miss_delete(miss=get_object_or_404(SearchMiss, pk=pk), by=request.user)
    messages.success(request, "Запрос убран из списка.")
    return redirect("knowledge:misses")


@editor_required
def feedback(request: HttpRequest) -> HttpResponse:
    choice = request.GET.get("helpful", "")
    helpful = {"1": True, "0": False}.get(choice)
    page = Paginator(queries.feedback_list(helpful=helpful), 100).get_page(request.GET.get("page"))
    context = {"page_obj": page, "helpful": choice, "querystring": f"helpful={choice}" if choice else ""}
    return render(request, "knowledge/feedback.html", context)


@editor_required
def synonyms(request: HttpRequest) -> HttpResponse:
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            synonym_create(line=form.cleaned_data["line"], by=request.user)
        except SynonymError as exc:
            form.add_error("line", str(exc))
        else:
            messages.success(request, "Строка синонимов добавлена; поиск уже учитывает её.")
            return redirect("knowledge:synonyms")
    return render(request, "knowledge/synonyms.html", {"form": form, "synonyms": synonym_list()})


@editor_required
@require_POST
def synonym_remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(synonym_list(), pk=pk)
    synonym_delete(synonym=found)
    messages.success(request, "Строка синонимов удалена.")
    return redirect("knowledge:synonyms")
