"""What the governance views share: error reporting and file downloads."""

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect

from konstruktor.governance.errors import AccessDenied, GovernanceError


def form_errors(form: forms.BaseForm) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ")
        for f, errs in form.errors.items()
        for e in errs
    )


def post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse("Только POST.", status=405, headers={"Allow": "POST"})
        return view(request, *args, **kwargs)

    return wrapped


def act(request: HttpRequest, back: str, call: Callable[[], Any], success: str) -> HttpResponse:
    """Run one action from a POST and go back to the page: a refusal is 403, a rule a message."""
    try:
        call()
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    except GovernanceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(back)


def file_download(field: FieldFile, original_name: str) -> FileResponse:
    if not field:
        raise Http404("Файла нет.")
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Файл не найден в хранилище.") from exc
    name = original_name or (field.name or "file").rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
