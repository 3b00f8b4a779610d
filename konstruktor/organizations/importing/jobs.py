"""Import jobs: upload, configure, start (inline or in a background thread) and run."""

import logging
import threading
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from konstruktor.core.access import scope_for
from konstruktor.organizations.actions import organizations_link_territories
from konstruktor.organizations.errors import AccessDenied, OrganizationError
from konstruktor.organizations.importing.layouts import (
    TARGET_FIELDS,
    Mapping,
    mapping_detect,
    mapping_errors,
)
from konstruktor.organizations.importing.queries import PROGRESS_TIMEOUT, import_progress_key
from konstruktor.organizations.importing.reading import ImportFileError, SourceInfo, source_sniff
from konstruktor.organizations.importing.writing import ImportReport, organizations_import
from konstruktor.organizations.models import ImportJob

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
REPORT_LIMIT = 5000


def _require_importer(by: Any) -> None:
    if not scope_for(by).is_rc_staff:
        raise AccessDenied("Импортировать организации может только сотрудник РЦ или координатор.")


def import_job_source(job: ImportJob) -> SourceInfo:
    """The job's file description as detected at upload (no need to sniff again)."""
    return SourceInfo(
        format=job.file_format,
        encoding=job.encoding,
        delimiter=job.delimiter,
        header=tuple(job.header),
        header_line=int(job.report.get("header_line", 1)),
        rows_estimate=job.report.get("rows_estimate"),
        sheet=job.sheet,
    )


def import_job_create(*, upload: UploadedFile, by: Any) -> ImportJob:
    """Store an uploaded file, detect its format and layout; the job waits for a start."""
    _require_importer(by)
    name = PurePath(upload.name or "").name
    if PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ImportFileError("Загрузите файл CSV, TSV, TXT или XLSX.")
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise ImportFileError(f"Файл больше допустимых {limit // (1024 * 1024)} МБ.")
    if upload.size == 0:
        raise ImportFileError("Файл пуст.")
    job = ImportJob(original_name=name[:255], created_by=by)
    job.file.save(name, upload, save=False)
    try:
        info = source_sniff(job.file.path)
    except ImportFileError:
        job.file.delete(save=False)
        raise
    layout, mapping = mapping_detect(info.header)
    job.file_format = info.format
    job.encoding = info.encoding
    job.delimiter = info.delimiter
    job.sheet = info.sheet[:64]
    job.header = list(info.header)
    job.layout = layout
    job.mapping = mapping
    job.report = {"header_line": info.header_line, "rows_estimate": info.rows_estimate}
    try:
        with transaction.atomic():
            job.save()
    except Exception:
        job.file.delete(save=False)
        raise
    return job


def import_job_configure(*, job: ImportJob, by: Any, mapping: Mapping, mode: str) -> ImportJob:
    """Save the user's column mapping and mode on a job that has not started yet."""
    _require_importer(by)
    if mode not in ImportJob.Mode.values:
        raise OrganizationError("Выберите режим импорта.")
    problems = mapping_errors(mapping, job.header)
    if problems:
        raise OrganizationError(" ".join(problems))
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportJob.Status.UPLOADED:
            raise OrganizationError("Этот импорт уже запущен: настройки менять поздно.")
        locked.mapping = list(mapping)
        locked.mode = mode
        locked.save(update_fields=["mapping", "mode"])
    return locked


def import_job_start(job: ImportJob, *, by: Any | None = None) -> ImportJob:
    """Mark the job running and run it: inline (KONSTRUKTOR_TASKS_INLINE) or in a thread.

    The import runs as the job's uploader; `by`, when given, must be allowed to import too.
    """
    if by is not None:
        _require_importer(by)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportJob.Status.UPLOADED:
            raise OrganizationError("Этот импорт уже запущен.")
        locked.status = ImportJob.Status.RUNNING
        locked.started_at = timezone.now()
        locked.save(update_fields=["status", "started_at"])
        cache.set(
            import_progress_key(locked.pk),
            {"phase": "queued", "done": 0, "total": locked.report.get("rows_estimate")},
            PROGRESS_TIMEOUT,
        )
        if not settings.KONSTRUKTOR_TASKS_INLINE:
            thread = threading.Thread(
                target=_run_in_thread, args=(locked.pk,), name=f"import-job-{locked.pk}", daemon=True
            )
            transaction.on_commit(thread.start)
    if settings.KONSTRUKTOR_TASKS_INLINE:
        import_job_run(job_id=locked.pk)
        locked.refresh_from_db()
    return locked


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        import_job_run(job_id=job_id)
    finally:
        connections.close_all()


def _report_json(report: ImportReport, base: dict[str, Any]) -> dict[str, Any]:
    return {
        **base,
        "rejected": [[r.row, r.reason] for r in report.rejections[:REPORT_LIMIT]],
        "rejected_total": report.rejected,
        "valid": report.valid,
        "seconds": round(report.seconds, 2),
    }


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a started job to the end, recording its counts and report (or its failure)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    key = import_progress_key(job.pk)

    def progress(phase: str, done: int, total: int | None) -> None:
        cache.set(key, {"phase": phase, "done": done, "total": total}, PROGRESS_TIMEOUT)

    base = {"header_line": job.report.get("header_line", 1), "rows_estimate": job.report.get("rows_estimate")}
    try:
        if job.created_by is None:
            raise AccessDenied("Пользователь, загрузивший файл, удалён: импорт не выполняется.")
        report = organizations_import(
            path=job.file.path,
            mapping=list(job.mapping),
            mode=job.mode,
            by=job.created_by,
            job=job,
            progress=progress,
            info=import_job_source(job),
        )
    except Exception as exc:
        if isinstance(exc, OrganizationError):
            message = str(exc)
        else:
            logger.exception("import job %s failed", job.pk)
            message = "Импорт прервался из-за внутренней ошибки; ничего не записано. Сообщите администратору."
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            report={**base, "error": message},
        )
        progress("failed", 0, None)
        job.refresh_from_db()
        return job
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.rows_total = report.rows
    job.created_count = report.created
    job.updated_count = report.updated
    job.unchanged_count = report.unchanged
    job.rejected_count = report.rejected
    job.rolled_back = report.rolled_back
    job.report = _report_json(report, base)
    if not report.rolled_back and (report.created or report.updated):
        # Link the new and changed organizations to municipalities and settlements by place names.
        progress("linking", 0, None)
        linked = organizations_link_territories(only_unlinked=True)
        job.report["territories"] = {"matched": linked.matched, "unmatched": len(linked.unmatched)}
    with transaction.atomic():
        job.save(update_fields=[
            "status", "finished_at", "rows_total", "created_count", "updated_count",
            "unchanged_count", "rejected_count", "rolled_back", "report",
        ])  # fmt: skip
    return job


def target_choices() -> list[tuple[str, str]]:
    return [("", "не загружать"), *TARGET_FIELDS.items()]
