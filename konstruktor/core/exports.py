"""CSV and XLSX downloads of tabular data, streamed row by row."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook


class _Echo:
    def write(self, value: str) -> str:
        return value


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def stream() -> Iterator[str]:
        yield "\ufeff"  # BOM: Excel opens UTF-8 Cyrillic correctly
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Данные"
) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = _disposition(filename)
    workbook.save(response)
    return response
