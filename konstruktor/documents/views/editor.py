"""The form builder: packages, steps, questions, document templates and their versions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from konstruktor.documents import actions, queries
from konstruktor.documents.checking import template_names
from konstruktor.documents.errors import AccessDenied, DocumentsError, TemplateRejected
from konstruktor.documents.forms import (
    DocumentTemplateForm,
    PackageCreateForm,
    PackageForm,
    QuestionForm,
    StepForm,
    TemplateUploadForm,
)
from konstruktor.documents.models import DocumentTemplate, PackageDefinition, Question, Step, TemplateVersion
from konstruktor.documents.questionnaire import COMPUTED_NAMES


def _editor_or_403(request: HttpRequest) -> HttpResponse | None:
    if not queries.can_use_editor(request.user):
        return HttpResponseForbidden("Конструктор доступен сотрудникам РЦ и федеральному координатору.")
    return None


def _package(slug: str) -> PackageDefinition:
    return get_object_or_404(PackageDefinition, slug=slug)


@login_required
def editor_index(request: HttpRequest) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    can_edit = queries.can_edit_packages(request.user)
    form = PackageCreateForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            return HttpResponseForbidden("Пакеты создаёт федеральный координатор.")
        if form.is_valid():
            try:
                package = actions.package_create(by=request.user, **form.cleaned_data)
            except DocumentsError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("documents:editor_package", slug=package.slug)
    packages = PackageDefinition.objects.order_by("order", "title")
    return render(request, "documents/editor/index.html", {"packages": packages, "form": form, "can_edit": can_edit})


@login_required
def editor_package(request: HttpRequest, slug: str) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    package = _package(slug)
    can_edit = queries.can_edit_packages(request.user)
    form = PackageForm(request.POST or None, instance=package)
    if request.method == "POST":
        if not can_edit:
            return HttpResponseForbidden("Пакет изменяет федеральный координатор.")
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in actions.PACKAGE_FIELDS}
            try:
                actions.package_update(package=PackageDefinition.objects.get(pk=package.pk), by=request.user, **fields)
            except DocumentsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Пакет сохранён.")
                return redirect("documents:editor_package", slug=slug)
    steps = package.steps.prefetch_related("questions", "questions__children").order_by("order", "id")
    context = {
        "package": package,
        "form": form,
        "steps": steps,
        "step_form": StepForm(),
        "can_edit": can_edit,
        "used": queries.question_keys_used_by_templates(package),
    }
    return render(request, "documents/editor/package.html", context)


def _back(slug: str, anchor: str = "") -> HttpResponse:
    return redirect(reverse("documents:editor_package", args=[slug]) + anchor)


def _run(request: HttpRequest, slug: str, call: Any, success: str, anchor: str = "#steps") -> HttpResponse:
    try:
        call()
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    except DocumentsError as exc:
        messages.error(request, str(exc))
    else:
        if success:
            messages.success(request, success)
    return _back(slug, anchor)


@login_required
@require_POST
def step_new(request: HttpRequest, slug: str) -> HttpResponse:
    package = _package(slug)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите название шага.")
        return _back(slug, "#steps")
    return _run(
        request,
        slug,
        lambda: actions.step_create(package=package, by=request.user, **form.cleaned_data),
        "Шаг добавлен.",
    )


@login_required
def step_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    step = get_object_or_404(Step, pk=pk, package__slug=slug)
    form = StepForm(
        request.POST or None, initial={"title": step.title, "help_text": step.help_text, "condition": step.condition}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.step_update(step=step, by=request.user, **form.cleaned_data)
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        except DocumentsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Шаг сохранён.")
            return _back(slug, "#steps")
    return render(
        request, "documents/editor/form.html", {"form": form, "package": step.package, "title": f"Шаг: {step.title}"}
    )


@login_required
@require_POST
def step_move(request: HttpRequest, slug: str, pk: int, direction: str) -> HttpResponse:
    step = get_object_or_404(Step, pk=pk, package__slug=slug)
    return _run(
        request,
        slug,
        lambda: actions.step_move(step=step, by=request.user, direction=1 if direction == "down" else -1),
        "",
    )


@login_required
@require_POST
def step_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    step = get_object_or_404(Step, pk=pk, package__slug=slug)
    return _run(request, slug, lambda: actions.step_delete(step=step, by=request.user), "Шаг удалён.")


def _question_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if k != "step"}
    fields["choices"] = actions.choices_parse(data.get("choices") or "")
    return fields


@login_required
def question_new(request: HttpRequest, slug: str, step_pk: int) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    step = get_object_or_404(Step, pk=step_pk, package__slug=slug)
    parent = None
    if request.GET.get("parent"):
        parent = get_object_or_404(Question, pk=request.GET["parent"], package__slug=slug, kind=Question.Kind.GROUP)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fields = _question_fields(form.cleaned_data)
            actions.question_create(step=step, by=request.user, parent=parent, **fields)
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        except DocumentsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Вопрос добавлен.")
            return _back(slug, f"#step-{step.pk}")
    title = f"Новый вопрос{f' в группе «{parent.label}»' if parent else ''}: {step.title}"
    return render(request, "documents/editor/form.html", {"form": form, "package": step.package, "title": title})


@login_required
def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    question = get_object_or_404(Question, pk=pk, package__slug=slug)
    initial = {
        "key": question.key, "kind": question.kind, "label": question.label, "help_text": question.help_text,
        "legal_basis": question.legal_basis, "required": question.required,
        "choices": actions.choices_text(question.choices), "condition": question.condition,
        "min_items": question.min_items, "max_items": question.max_items, "options": question.options,
        "step": question.step,
    }  # fmt: skip
    steps = None if question.parent_id else question.package.steps.all()
    form = QuestionForm(request.POST or None, initial=initial, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            fields = _question_fields(form.cleaned_data)
            if steps is not None:
                fields["step"] = form.cleaned_data["step"]
            actions.question_update(question=question, by=request.user, **fields)
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        except DocumentsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Вопрос сохранён.")
            return _back(slug, f"#step-{question.step_id}")
    context = {"form": form, "package": question.package, "title": f"Вопрос «{question.label}»", "question": question}
    return render(request, "documents/editor/form.html", context)


@login_required
@require_POST
def question_move(request: HttpRequest, slug: str, pk: int, direction: str) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk, package__slug=slug)
    call = lambda: actions.question_move(question=question, by=request.user, direction=1 if direction == "down" else -1)  # noqa: E731
    return _run(request, slug, call, "", f"#step-{question.step_id}")


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk, package__slug=slug)
    return _run(
        request,
        slug,
        lambda: actions.question_delete(question=question, by=request.user),
        "Вопрос удалён.",
        f"#step-{question.step_id}",
    )


# --- templates ------------------------------------------------------------------------------------


@login_required
def templates(request: HttpRequest, slug: str) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    package = _package(slug)
    can_edit = queries.can_edit_packages(request.user)
    form = DocumentTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.document_template_create(package=package, by=request.user, **form.cleaned_data)
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        except DocumentsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Документ добавлен; загрузите для него шаблон DOCX.")
            return redirect("documents:editor_templates", slug=slug)
    regions = queries.regions_for_variants(request.user)
    questionnaire = queries.questionnaire_for(package)
    context = {
        "package": package,
        "templates": queries.templates_with_versions(package),
        "form": form,
        "can_edit": can_edit,
        "can_upload": can_edit or regions.exists(),
        "upload_form": TemplateUploadForm(regions=regions, allow_federal=can_edit),
        "variables": [(q.key, q.label, q.kind) for q in questionnaire.questions()],
        "constants": package.constants,
        "computed": COMPUTED_NAMES.items(),
        "names": template_names(questionnaire, package.constants),
    }
    return render(request, "documents/editor/templates.html", context)


@login_required
def template_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    template = get_object_or_404(DocumentTemplate, pk=pk, package__slug=slug)
    form = DocumentTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            actions.document_template_update(
                template=DocumentTemplate.objects.get(pk=pk), by=request.user, **form.cleaned_data
            )
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        except DocumentsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Документ сохранён.")
            return redirect("documents:editor_templates", slug=slug)
    return render(
        request, "documents/editor/form.html", {"form": form, "package": template.package, "title": template.title}
    )


@login_required
def template_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    template = get_object_or_404(DocumentTemplate, pk=pk, package__slug=slug)
    regions = queries.regions_for_variants(request.user)
    can_edit = queries.can_edit_packages(request.user)
    form = TemplateUploadForm(request.POST or None, request.FILES or None, regions=regions, allow_federal=can_edit)
    issues: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = actions.template_version_upload(
                template=template,
                by=request.user,
                data=upload.read(),
                original_name=upload.name,
                region=form.cleaned_data["region"],
                comment=form.cleaned_data["comment"],
            )
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        except TemplateRejected as exc:
            issues = exc.issues
        else:
            where = f" для региона «{version.region}»" if version.region_id else ""
            messages.success(request, f"Шаблон проверен и принят: версия {version.number}{where}.")
            return redirect("documents:editor_templates", slug=slug)
    context = {"form": form, "template": template, "package": template.package, "issues": issues}
    return render(request, "documents/editor/upload.html", context, status=422 if issues else 200)


@login_required
@require_POST
def version_activate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    version = get_object_or_404(TemplateVersion, pk=pk, template__package__slug=slug)
    try:
        actions.template_version_activate(version=version, by=request.user)
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    messages.success(request, f"Действующая версия: {version.number}.")
    return redirect("documents:editor_templates", slug=slug)


@login_required
def version_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if denied := _editor_or_403(request):
        return denied
    version = get_object_or_404(TemplateVersion, pk=pk, template__package__slug=slug)
    if not version.file:
        raise Http404("Файл не найден.")
    with version.file.open("rb") as handle:
        data = handle.read()
    from konstruktor.documents.views.wizard import DOCX_TYPE, _attachment

    return _attachment(data, f"{version.template.filename} — версия {version.number}.docx", DOCX_TYPE)
