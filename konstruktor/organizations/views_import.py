"""Import of organizations from CSV/XLSX: upload, mapping and preview, progress and report."""

from django.http import HttpRequest, HttpResponse


def import_upload(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError


def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError
