"""Reads of import jobs: visibility and progress."""

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404

from konstruktor.core.access import scope_for
from konstruktor.organizations.models import ImportJob

PROGRESS_TIMEOUT = 24 * 3600


def import_progress_key(job_id: int) -> str:
    return f"organizations:import:{job_id}:progress"


def import_job_progress(job: ImportJob) -> dict[str, Any]:
    """{"phase", "done", "total", "percent"} of a job: from the cache while it runs."""
    data = cache.get(import_progress_key(job.pk)) or {}
    done = int(data.get("done") or 0)
    total = data.get("total")
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        done = total = job.rows_total or done
    percent = min(int(done * 100 / total), 100) if total else None
    return {"phase": data.get("phase", job.status), "done": done, "total": total, "percent": percent}


def import_jobs_visible(*, user: Any) -> QuerySet[ImportJob]:
    """A user's own jobs; a federal coordinator sees everyone's."""
    scope = scope_for(user)
    qs = ImportJob.objects.select_related("created_by")
    if scope.is_federal:
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(created_by=user)


def import_job_visible_or_404(*, user: Any, pk: int) -> ImportJob:
    try:
        return import_jobs_visible(user=user).get(pk=pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404("Импорт не найден или недоступен.") from exc
