"""The questionnaire, its autosave, the summary with all problems, generation and downloads."""

import io
import zipfile
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from konstruktor.core.audit import access_log
from konstruktor.documents import actions, queries
from konstruktor.documents.assembly import documents_included
from konstruktor.documents.errors import AccessDenied, BlockingProblems, DocumentsError, RenderError
from konstruktor.documents.forms import DraftStartForm
from konstruktor.documents.models import GeneratedPackage, PackageDraft
from konstruktor.documents.questionnaire import (
    answers_diff,
    answers_from_post,
    group_item_add,
    group_item_remove,
)
from konstruktor.documents.rendering import PDF_UNAVAILABLE, soffice_path
from konstruktor.documents.wizard import (
    first_step,
    flatten,
    neighbour_step,
    problems_by_step,
    progress,
    step_fields,
    visibility,
)


def _answers_for_view(draft: PackageDraft) -> dict[str, Any]:
    return {**draft.answers, **(draft.package.constants or {})}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    drafts = queries.draft_list_visible(user=request.user)[:50]
    context = {
        "packages": queries.package_list_active(),
        "drafts": drafts,
        "can_edit": queries.can_use_editor(request.user),
        "can_edit_parameters": queries.can_edit_parameters(request.user),
    }
    return render(request, "documents/index.html", context)


@login_required
def package_detail(request: HttpRequest, slug: str) -> HttpResponse:
    package = queries.package_get_active(slug)
    organizations = queries.organizations_for_drafts(user=request.user)
    # ?organization=<id> preselects the organization (links from the registry or the incubator).
    form = DraftStartForm(
        request.POST or None, organizations=organizations, initial={"organization": request.GET.get("organization")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = actions.draft_create(
                package=package, organization=form.cleaned_data["organization"], by=request.user
            )
        except DocumentsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Черновик создан. Ответы сохраняются автоматически.")
            return redirect(
                "documents:step", pk=draft.pk, index=first_step(queries.questionnaire_for(package), draft.answers)
            )
    context = {
        "package": package,
        "questionnaire": queries.questionnaire_for(package),
        "form": form,
        "has_organizations": organizations.exists(),
    }
    return render(request, "documents/package.html", context)


@login_required
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.draft_get_visible(user=request.user, pk=pk)
    questionnaire = queries.questionnaire_for(found.package)
    return redirect("documents:step", pk=found.pk, index=first_step(questionnaire, _answers_for_view(found)))


def _step_context(request: HttpRequest, draft: PackageDraft, index: int) -> dict[str, Any]:
    questionnaire = queries.questionnaire_for(draft.package)
    if not 0 <= index < len(questionnaire.steps):
        raise Http404("Нет такого шага.")
    step = questionnaire.steps[index]
    answers = _answers_for_view(draft)
    region = draft.organization.region.name if draft.organization.region_id else ""
    checked = queries.package_check(package=draft.package, answers=draft.answers, region_name=region)
    fields = step_fields(step, answers, checked.problems, show_missing=index in draft.steps_seen)
    return {
        "draft": draft,
        "package": draft.package,
        "questionnaire": questionnaire,
        "step": step,
        "index": index,
        "fields": fields,
        "steps": progress(questionnaire, answers, checked.problems, draft.steps_seen, current=index),
        "previous": neighbour_step(questionnaire, answers, index, -1),
        "next": neighbour_step(questionnaire, answers, index, +1),
        "blocking": len(checked.blocking),
        "can_edit": (editable := _editable(request, draft)),
        "not_editable": not editable,
    }


def _editable(request: HttpRequest, draft: PackageDraft) -> bool:
    return queries.draft_list_visible(user=request.user, edit=True).filter(pk=draft.pk).exists()


def _apply_action(answers: dict[str, Any], action: str, questionnaire: Any) -> dict[str, Any]:
    """«add:founders» or «remove:founders:2» from the group buttons."""
    kind, _, rest = action.partition(":")
    key, _, position = rest.partition(":")
    question = questionnaire.by_key.get(key)
    if question is None or question.kind != "group":
        return answers
    if kind == "add":
        updated = group_item_add(answers, key)
        updated[key][-1] = {c.key: c.options["default"] for c in question.children if "default" in c.options}
        return updated
    if kind == "remove" and position.isdigit():
        return group_item_remove(answers, key, int(position))
    return answers


@login_required
def step(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    if request.method == "POST":
        found = queries.draft_get_visible(user=request.user, pk=pk, edit=True)
        questionnaire = queries.questionnaire_for(found.package)
        if not 0 <= index < len(questionnaire.steps):
            raise Http404("Нет такого шага.")
        answers = answers_from_post(questionnaire.steps[index], request.POST, found.answers)
        action = request.POST.get("_action", "")
        if action.startswith(("add:", "remove:")):
            answers = _apply_action(answers, action, questionnaire)
        leaving = action in ("next", "back", "summary")
        try:
            saved = actions.draft_save(
                draft=found, by=request.user, answers=answers, step_seen=index if leaving else None
            )
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        if request.headers.get("HX-Request"):
            return render(request, "documents/step.html", _step_context(request, saved, index))
        view_answers = _answers_for_view(saved)
        if action == "next":
            target = neighbour_step(questionnaire, view_answers, index, +1)
            return (
                redirect("documents:summary", pk=pk)
                if target is None
                else redirect("documents:step", pk=pk, index=target)
            )
        if action == "back":
            target = neighbour_step(questionnaire, view_answers, index, -1)
            return redirect("documents:step", pk=pk, index=index if target is None else target)
        if action == "summary":
            return redirect("documents:summary", pk=pk)
        anchor = f"#q-{action.split(':')[1].replace('_', '-')}" if ":" in action else ""
        return redirect(reverse("documents:step", args=[pk, index]) + anchor)
    found = queries.draft_get_visible(user=request.user, pk=pk)
    access_log(obj=found, request=request, purpose="просмотр анкеты пакета документов")
    return render(request, "documents/step.html", _step_context(request, found, index))


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """htmx: save the step as it is, answer with the problems and visibility that changed."""
    found = queries.draft_get_visible(user=request.user, pk=pk, edit=True)
    questionnaire = queries.questionnaire_for(found.package)
    if not 0 <= index < len(questionnaire.steps):
        raise Http404("Нет такого шага.")
    before = visibility(step_fields(questionnaire.steps[index], _answers_for_view(found), [], show_missing=False))
    answers = answers_from_post(questionnaire.steps[index], request.POST, found.answers)
    try:
        saved = actions.draft_save(draft=found, by=request.user, answers=answers)
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    context = _step_context(request, saved, index)
    after = visibility(context["fields"])
    context["changed_wrappers"] = {key for key, value in after.items() if before.get(key) != value}
    context["flat_fields"] = flatten(context["fields"])
    return render(request, "documents/_autosave.html", context)


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.draft_get_visible(user=request.user, pk=pk)
    access_log(obj=found, request=request, purpose="просмотр пакета документов")
    region = found.organization.region.name if found.organization.region_id else ""
    checked = queries.package_check(package=found.package, answers=found.answers, region_name=region)
    versions = list(queries.draft_versions(found))
    latest = versions[0] if versions else None
    context = {
        "draft": found,
        "package": found.package,
        "questionnaire": checked.questionnaire,
        "checked": checked,
        "groups": problems_by_step(checked),
        "documents": documents_included(checked),
        "steps": progress(checked.questionnaire, _answers_for_view(found), checked.problems, found.steps_seen),
        "versions": versions,
        "pending_changes": answers_diff(checked.questionnaire, latest.answers, checked.answers) if latest else [],
        "pdf_available": soffice_path() is not None,
        "pdf_note": PDF_UNAVAILABLE,
        "can_edit": _editable(request, found),
    }
    return render(request, "documents/summary.html", context)


@login_required
@require_POST
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.draft_get_visible(user=request.user, pk=pk, edit=True)
    try:
        generated = actions.package_generate(draft=found, by=request.user)
    except BlockingProblems as exc:
        messages.error(request, str(exc))
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    except DocumentsError as exc:
        messages.error(request, f"Пакет не сформирован: {exc}")
    else:
        messages.success(request, f"Пакет сформирован: версия {generated.number}.")
    return redirect(reverse("documents:summary", args=[pk]) + "#versions")


@login_required
@require_POST
def draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.draft_get_visible(user=request.user, pk=pk, edit=True)
    try:
        actions.draft_delete(draft=found, by=request.user)
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    messages.success(request, "Черновик удалён.")
    return redirect("documents:index")


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    ascii_name = "document" + filename[filename.rfind(".") :] if "." in filename else "document"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


def _zip_name(generated: GeneratedPackage) -> str:
    return f"{generated.draft.package.title} — версия {generated.number}.zip"


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    generated = queries.generated_get_visible(user=request.user, pk=pk)
    access_log(obj=generated.draft, request=request, purpose="скачивание пакета документов")
    with generated.file.open("rb") as handle:
        return _attachment(handle.read(), _zip_name(generated), "application/zip")


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def document(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    generated = queries.generated_get_visible(user=request.user, pk=pk)
    if not 1 <= number <= len(generated.documents):
        raise Http404("Нет такого документа.")
    name = generated.documents[number - 1]["filename"]
    access_log(obj=generated.draft, request=request, purpose="скачивание документа пакета")
    with generated.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return _attachment(archive.read(name), name, DOCX_TYPE)


@login_required
def pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The PDF of one document; the version's PDFs are made on first request and kept."""
    generated = queries.generated_get_visible(user=request.user, pk=pk)
    if not 1 <= number <= len(generated.documents):
        raise Http404("Нет такого документа.")
    try:
        generated = actions.generated_pdf_build(generated=generated, by=request.user)
    except RenderError as exc:
        messages.warning(request, str(exc))
        return redirect(reverse("documents:summary", args=[generated.draft_id]) + "#versions")
    name = generated.documents[number - 1]["filename"].removesuffix(".docx") + ".pdf"
    access_log(obj=generated.draft, request=request, purpose="скачивание документа пакета (PDF)")
    with generated.pdf_file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return _attachment(archive.read(name), name, "application/pdf")
