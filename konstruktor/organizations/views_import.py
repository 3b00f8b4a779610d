"""Import of organizations from CSV/XLSX: upload, mapping and preview, progress and report."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from konstruktor.core.access import scope_for
from konstruktor.core.exports import csv_response
from konstruktor.organizations.errors import OrganizationError
from konstruktor.organizations.importing.forms import ImportMappingForm, ImportUploadForm
from konstruktor.organizations.importing.jobs import (
    import_job_configure,
    import_job_create,
    import_job_source,
    import_job_start,
)
from konstruktor.organizations.importing.layouts import TARGET_FIELDS, layout_title
from konstruktor.organizations.importing.queries import (
    import_job_progress,
    import_job_visible_or_404,
    import_jobs_visible,
)
from konstruktor.organizations.importing.reading import DELIMITER_NAMES, source_rows
from konstruktor.organizations.importing.writing import import_preview
from konstruktor.organizations.models import ImportJob

ACTION_LABELS = {
    "create": "будет добавлена",
    "update": "будет обновлена",
    "unchanged": "без изменений",
    "reject": "не будет загружена",
}


def _require_importer(request: HttpRequest) -> None:
    if not scope_for(request.user).is_rc_staff:
        raise PermissionDenied("Импортировать организации может только сотрудник РЦ или координатор.")


def _job_facts(job: ImportJob) -> dict[str, Any]:
    return {
        "format": job.file_format.upper(),
        "encoding": job.encoding,
        "delimiter": DELIMITER_NAMES.get(job.delimiter, job.delimiter),
        "layout": layout_title(job.layout),
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(upload=form.cleaned_data["file"], by=request.user)
        except OrganizationError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("organizations:import_detail", pk=job.pk)
    jobs = import_jobs_visible(user=request.user)[:20]
    return render(
        request,
        "organizations/import_upload.html",
        {"form": form, "jobs": jobs, "max_mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)},
    )


def _examples(job: ImportJob, count: int = 3) -> list[list[str]]:
    """Values of the first rows per column, to help choose the mapping."""
    columns: list[list[str]] = [[] for _ in job.header]
    info = import_job_source(job)
    rows = source_rows(job.file.path, info)
    try:
        for taken, (_, cells) in enumerate(rows):
            if taken >= count:
                break
            for index in range(len(columns)):
                value = " ".join(cells[index].split()) if index < len(cells) else ""
                if value:
                    columns[index].append(value[:60])
    finally:
        rows.close()
    return columns


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    job = import_job_visible_or_404(user=request.user, pk=pk)
    if job.status != ImportJob.Status.UPLOADED:
        return redirect("organizations:import_progress", pk=job.pk)
    form = ImportMappingForm(request.POST or None, header=job.header, mapping=job.mapping, initial={"mode": job.mode})
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_configure(job=job, by=request.user, mapping=form.mapping(), mode=form.cleaned_data["mode"])
            if request.POST.get("action") == "start":
                import_job_start(job, by=request.user)
                return redirect("organizations:import_progress", pk=job.pk)
        except OrganizationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Сопоставление сохранено. Проверьте предпросмотр ниже.")
            return redirect("organizations:import_detail", pk=job.pk)
    mapping = form.mapping() if form.is_bound and form.is_valid() else list(job.mapping)
    preview: list[Any] = []
    preview_error = ""
    try:
        examples = _examples(job)
        preview = import_preview(path=job.file.path, info=import_job_source(job), mapping=mapping, by=request.user)
    except OrganizationError as exc:
        examples = [[] for _ in job.header]
        preview_error = str(exc)
    shown = [(name, title) for name, title in TARGET_FIELDS.items() if name in mapping]
    preview_rows = [
        {
            "row": p.row,
            "action": p.action,
            "action_label": ACTION_LABELS[p.action],
            "values": [p.values.get(name, "") for name, _ in shown],
            "errors": p.errors,
        }
        for p in preview
    ]
    columns = list(zip(form.column_fields(), examples, strict=True))
    return render(
        request,
        "organizations/import_detail.html",
        {
            "job": job,
            "facts": _job_facts(job),
            "form": form,
            "columns": columns,
            "preview_titles": [title for _, title in shown],
            "preview_rows": preview_rows,
            "preview_error": preview_error,
        },
    )


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    _require_importer(request)
    job = import_job_visible_or_404(user=request.user, pk=pk)
    rejected = job.report.get("rejected", [])
    total = int(job.report.get("rejected_total", len(rejected)))
    if request.GET.get("format") == "csv":
        rows: list[list[Any]] = [[row, reason] for row, reason in rejected]
        if total > len(rejected):
            rows.append(["", f"Показаны первые {len(rejected)} из {total} отклонённых строк."])
        return csv_response(f"import-{job.pk}-rejected.csv", ["Строка файла", "Причина"], rows)
    context = {
        "job": job,
        "facts": _job_facts(job),
        "progress": import_job_progress(job),
        "rejected": rejected,
        "rejected_total": total,
        "running": job.status == ImportJob.Status.RUNNING,
        "error": job.report.get("error", ""),
    }
    if request.headers.get("HX-Request"):
        return render(request, "organizations/import_status.html", context)
    return render(request, "organizations/import_progress.html", context)
