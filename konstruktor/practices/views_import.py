"""The staff page that loads project descriptions as practice drafts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from konstruktor.practices import queries
from konstruktor.practices.forms import ImportForm
from konstruktor.practices.importing import ImportReport, practices_import, read_csv

MAX_UPLOAD = 20 * 1024 * 1024


@login_required
def practice_import(request: HttpRequest) -> HttpResponse:
    if not queries.practice_can_import(user=request.user):
        raise PermissionDenied("Загружать описания проектов могут сотрудники РЦ и федеральный координатор.")
    form = ImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "Файл больше 20 МБ.")
        else:
            try:
                rows = list(read_csv(upload.file))
            except (ValueError, UnicodeDecodeError) as exc:
                form.add_error("file", f"Файл не прочитан: {exc}")
            else:
                report = practices_import(rows=rows, by=request.user, partial=form.cleaned_data["partial"])
    return render(request, "practices/import.html", {"form": form, "report": report})
