"""The import pages (upload → mapping and preview → start → progress and report) and the command."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.organizations.importing.queries import import_job_progress
from konstruktor.organizations.models import ImportJob, Membership, Organization
from konstruktor.organizations.tests.factories import UserFactory, staff
from konstruktor.organizations.tests.test_import_writing import HEADER, ogrn, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.KONSTRUKTOR_TASKS_INLINE = True


def _csv_bytes(rows: list[list[str]], *, encoding: str = "cp1251") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _upload(client: Any, content: bytes, name: str = "организации.csv") -> Any:
    return client.post(reverse("organizations:import_upload"), {"file": SimpleUploadedFile(name, content)})


def _mapping_post(job: ImportJob, **extra: str) -> dict[str, str]:
    data = {f"col_{i}": target for i, target in enumerate(job.mapping)}
    data.update(extra)
    return data


def test_upload_detail_start_and_progress(perm_consultant: Any) -> None:
    client = login(perm_consultant)
    assert client.get(reverse("organizations:import_upload")).status_code == 200
    bad = row(3, ОГРН=ogrn(3)[:-1] + str((int(ogrn(3)[-1]) + 1) % 10))
    response = _upload(client, _csv_bytes([row(1), row(2), bad]))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:import_detail", args=[job.pk])
    assert (job.file_format, job.encoding, job.delimiter) == ("csv", "cp1251", ";")
    assert job.original_name == "организации.csv"
    assert job.created_by == perm_consultant

    page = client.get(response["Location"]).content.decode()
    assert "cp1251" in page and "точка с запятой" in page
    assert "<legend>" in page and 'name="mode"' in page
    assert "будет добавлена" in page and "не будет загружена" in page
    assert "Неверное контрольное число ОГРН" in page
    assert Organization.objects.filter(ogrn=ogrn(1)).count() == 0  # the preview writes nothing

    started = client.post(
        reverse("organizations:import_detail", args=[job.pk]),
        _mapping_post(job, mode="skip_invalid", action="start"),
    )
    assert started.status_code == 302
    progress_url = reverse("organizations:import_progress", args=[job.pk])
    assert started["Location"] == progress_url
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.updated_count, job.rejected_count) == (2, 0, 1)
    assert job.report["rejected"][0][0] == 4
    assert import_job_progress(job)["percent"] == 100

    partial = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial  # done: polling stops
    assert "Добавлено организаций" in partial and "Неверное контрольное число ОГРН" in partial
    report = client.get(progress_url + "?format=csv")
    assert report.status_code == 200
    body = b"".join(report.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "Строка файла;Причина"
    assert body.splitlines()[1].startswith("4;")
    # A started job cannot be configured again: the detail page leads to the progress.
    assert client.get(reverse("organizations:import_detail", args=[job.pk]))["Location"] == progress_url
    note = f"Импорт №{job.pk}"
    from konstruktor.core.models import ChangeEntry

    assert ChangeEntry.objects.filter(note=note).count() == 2


def test_all_or_nothing_job_reports_rollback(perm_consultant: Any) -> None:
    client = login(perm_consultant)
    _upload(client, _csv_bytes([row(1), row(2, Регион="Марс")], encoding="utf-8"))
    job = ImportJob.objects.get()
    client.post(
        reverse("organizations:import_detail", args=[job.pk]),
        _mapping_post(job, mode="all_or_nothing", action="start"),
    )
    job.refresh_from_db()
    assert job.rolled_back and job.created_count == 0
    page = client.get(reverse("organizations:import_progress", args=[job.pk])).content.decode()
    assert "Ничего не записано" in page and "«Марс» не найден" in page
    assert not Organization.objects.filter(ogrn=ogrn(1)).exists()


def test_running_job_polls_with_a_progress_bar(perm_consultant: Any) -> None:
    client = login(perm_consultant)
    _upload(client, _csv_bytes([row(1)]))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    partial = client.get(
        reverse("organizations:import_progress", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "<progress" in partial


def test_mapping_can_be_changed_and_is_validated(perm_consultant: Any) -> None:
    client = login(perm_consultant)
    _upload(client, _csv_bytes([row(1)]))
    job = ImportJob.objects.get()
    url = reverse("organizations:import_detail", args=[job.pk])
    data = _mapping_post(job, mode="skip_invalid", action="preview")
    data["col_3"] = "inn"  # ОГРН column mapped to ИНН as well: two columns, one field
    response = client.post(url, data)
    assert response.status_code == 200
    assert "выбрано для двух столбцов" in response.content.decode()
    data["col_3"] = ""
    data["col_10"] = ""  # do not load the phone
    assert client.post(url, data).status_code == 302
    job.refresh_from_db()
    assert job.mapping[10] == "" and job.mode == "skip_invalid"
    assert job.status == ImportJob.Status.UPLOADED


def test_upload_checks_type_and_size(perm_consultant: Any, settings: Any) -> None:
    client = login(perm_consultant)
    response = _upload(client, b"%PDF-1.4", name="устав.pdf")
    assert response.status_code == 200
    assert "CSV, TSV, TXT или XLSX" in response.content.decode()
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    response = _upload(client, _csv_bytes([row(1)]))
    assert "больше допустимых" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_ngo_member_gets_403(perm_org: Any) -> None:
    member = UserFactory()
    Membership.objects.create(user=member, organization=perm_org, role=Role.NGO_MEMBER)
    client = login(member)
    assert client.get(reverse("organizations:import_upload")).status_code == 403
    assert _upload(client, _csv_bytes([row(1)])).status_code == 403
    assert not ImportJob.objects.exists()


def test_another_users_job_is_404_but_a_coordinator_sees_it(perm_consultant: Any, coordinator: Any) -> None:
    _upload(login(perm_consultant), _csv_bytes([row(1)]))
    job = ImportJob.objects.get()
    colleague = staff(Role.RC_CONSULTANT, fns_code="59", username="colleague")
    other = login(colleague)
    assert other.get(reverse("organizations:import_detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("organizations:import_progress", args=[job.pk])).status_code == 404
    start = other.post(
        reverse("organizations:import_detail", args=[job.pk]),
        _mapping_post(job, mode="skip_invalid", action="start"),
    )
    assert start.status_code == 404
    assert login(coordinator).get(reverse("organizations:import_detail", args=[job.pk])).status_code == 200


def test_command_reports_and_exits_1_on_rollback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(_csv_bytes([row(1), row(2, ИНН="123")]))
    with pytest.raises(CommandError) as error:
        call_command("import_organizations", str(path))
    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert "добавлено: 0" in out and "3\tИНН должен состоять" in out
    assert not Organization.objects.filter(ogrn=ogrn(1)).exists()

    call_command("import_organizations", str(path), "--mode", "skip_invalid")
    captured = capsys.readouterr()
    assert "добавлено: 1" in captured.out and "отклонено: 1" in captured.out
    assert "разделитель — точка с запятой" in captured.err
    assert Organization.objects.filter(ogrn=ogrn(1)).exists()


def test_command_as_user_respects_scope(tmp_path: Path, ugra_consultant: Any) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(_csv_bytes([row(1)]))
    out = io.StringIO()
    call_command(
        "import_organizations", str(path), "--user", ugra_consultant.username, "--mode", "skip_invalid", stdout=out
    )
    assert "вне вашей зоны ответственности" in out.getvalue()
    assert not Organization.objects.filter(ogrn=ogrn(1)).exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="on SQLite the thread's own connection to the file test database races the test's flush; "
    "the thread path runs on PostgreSQL, the inline path on both",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_background_thread_runs_the_job_after_commit(
    perm_consultant: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import threading

    from konstruktor.organizations.importing.jobs import import_job_create, import_job_start

    settings.KONSTRUKTOR_TASKS_INLINE = False
    job = import_job_create(upload=SimpleUploadedFile("a.csv", _csv_bytes([row(1), row(2)])), by=perm_consultant)
    with django_capture_on_commit_callbacks(execute=True):
        started = import_job_start(job, by=perm_consultant)
    assert started.status == ImportJob.Status.RUNNING
    for thread in threading.enumerate():
        if thread.name == f"import-job-{job.pk}":
            thread.join(timeout=60)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.created_count == 2
    assert Organization.objects.filter(ogrn__in=[ogrn(1), ogrn(2)]).count() == 2
