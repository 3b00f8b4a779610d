"""Import of project descriptions: titles, region spellings, re-import, all or nothing, the real file."""

import io
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from konstruktor.core.models import ChangeEntry
from konstruktor.core.roles import Role
from konstruktor.core.search import search
from konstruktor.core.testing import login
from konstruktor.practices.importing import practices_import, read_csv, title_from_project
from konstruktor.practices.models import Practice, Source, Status
from konstruktor.practices.regions_text import RegionMatcher
from konstruktor.practices.tests.factories import OrganizationFactory, region, staff

pytestmark = pytest.mark.django_db
REAL_FILE = Path("/work/shared/data/projects/pg-operators-2007-2012-normalized.csv")
HEADER = "operator,year,application_no,org_name,inn,project,region,geography,amount_rub,source_file\n"


def csv_rows(*lines: str) -> list[dict[str, str]]:
    return list(read_csv(io.BytesIO((HEADER + "".join(line + "\n" for line in lines)).encode("utf-8"))))


ROW_PERM = 'НБФ,2008,101,АНО «Опора»,,"Клуб для пожилых. Встречи дважды в неделю.",Пермский край,,450000,x'
ROW_KAZAN = "НБФ,2008,102,Фонд «Свет»,,Передышка для семей детей с инвалидностью,г.Казань,,300000,x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("г. Москва", "г. Москва"),
        ("г.Москва ЦФО", "г. Москва"),
        ("Москва и Московская область", "г. Москва"),
        ("Республика Татарстан (Татарстан)", "Республика Татарстан (Татарстан)"),
        ("Республика Татарстан г.Казань", "Республика Татарстан (Татарстан)"),
        ("Ханты-Мансийский автономный округ - Югра", "Ханты-Мансийский автономный округ — Югра"),
        ("г. Нягань Ханты-Мансийский автономный округ-Югра УФО", "Ханты-Мансийский автономный округ — Югра"),
        ("Кемеровская область - Кузбасс", "Кемеровская область — Кузбасс"),
        ("Республика Северная Осетия -Алания", "Республика Северная Осетия — Алания"),
        ("Республика Карачаево-Черкессия", "Карачаево-Черкесская Республика"),
        ("г. Санкт-Птербург", "г. Санкт-Петербург"),
        ("с. Галкинское Свердловской области", "Свердловская область"),
        ("г. Пятигорск", "Ставропольский край"),
        ("Читинская область", "Забайкальский край"),
        ("Пермская область", "Пермский край"),
        ("Еврейская АО", "Еврейская автономная область"),
    ],
)
def test_region_spellings_of_the_grant_lists_are_recognised(text: str, expected: str) -> None:
    matcher = RegionMatcher()
    found = matcher.place(text)
    assert found is not None and matcher.name(found) == expected


def test_country_and_federal_district_name_no_region() -> None:
    matcher = RegionMatcher()
    assert matcher.place("Российская Федерация: Северо-Западный ФО; Уральский ФО") is None


def test_organization_names_point_at_their_region() -> None:
    matcher = RegionMatcher()
    assert matcher.name(matcher.organization("Карельская региональная общественная организация «Фонд»")) == (
        "Республика Карелия"
    )
    assert matcher.name(matcher.organization("Омский региональный фонд поддержки молодёжи")) == "Омская область"
    assert matcher.organization("Общероссийская общественная организация «Союз»") is None


def test_title_is_the_first_sentence_outside_quotes() -> None:
    assert title_from_project("Клуб для пожилых. Встречи дважды в неделю.") == "Клуб для пожилых"
    assert title_from_project("«Поклонимся великим тем годам!» (поиск). Этап 2") == (
        "«Поклонимся великим тем годам!» (поиск)"
    )
    long = "слово " * 200
    title = title_from_project(long)
    assert len(title) <= 500 and title.endswith("…")


def test_rows_become_drafts_with_organization_region_year_and_amount() -> None:
    org = OrganizationFactory(inn="5902000001", region=region("59"))
    rows = csv_rows(
        ROW_PERM.replace(",,", ",5902000001,", 1),
        ROW_KAZAN,
    )
    report = practices_import(rows=rows, by=None)
    assert report.committed and (report.created, report.rejected) == (2, [])
    perm = Practice.objects.get(source_key="НБФ|2008|101")
    assert (perm.title, perm.summary) == ("Клуб для пожилых", "Клуб для пожилых. Встречи дважды в неделю.")
    assert (perm.organization, perm.region, perm.started_year, str(perm.grant_amount)) == (
        org,
        region("59"),
        2008,
        "450000.00",
    )
    assert (perm.source, perm.status) == (Source.IMPORTED, Status.DRAFT)
    kazan = Practice.objects.get(source_key="НБФ|2008|102")
    assert (kazan.organization, kazan.organization_name, kazan.region.name) == (
        None,
        "Фонд «Свет»",
        "Республика Татарстан (Татарстан)",
    )
    assert ChangeEntry.objects.filter(action="import").count() == 2
    assert search("передышка", kinds=["practice"]).total == 1


def test_reimport_updates_drafts_and_leaves_submitted_ones() -> None:
    practices_import(rows=csv_rows(ROW_PERM, ROW_KAZAN), by=None)
    submitted = Practice.objects.get(source_key="НБФ|2008|102")
    Practice.objects.filter(pk=submitted.pk).update(status=Status.MODERATION)
    report = practices_import(
        rows=csv_rows(ROW_PERM.replace("450000", "500000"), ROW_KAZAN.replace("Передышка", "Отдых")), by=None
    )
    assert (report.created, report.updated, report.kept) == (0, 1, 1)
    assert Practice.objects.count() == 2
    assert str(Practice.objects.get(source_key="НБФ|2008|101").grant_amount) == "500000.00"
    assert Practice.objects.get(pk=submitted.pk).title.startswith("Передышка")


def test_one_bad_row_rejects_the_whole_file_and_reports_every_row() -> None:
    rows = csv_rows(
        ROW_PERM,
        "НБФ,2008,103,АНО «Эхо»,,Проект без региона,Российская Федерация,,100,x",
        "НБФ,двадцать,104,АНО «Мир»,,Проект,г. Москва,,100,x",
        "НБФ,2008,105,АНО «Мир»,,,г. Москва,,100,x",
    )
    report = practices_import(rows=rows, by=None)
    assert not report.committed and not Practice.objects.exists()
    reasons = {r.number: r.reason for r in report.rejected}
    assert reasons[3].startswith("регион не распознан («Российская Федерация»)")
    assert reasons[4] == "год «двадцать» не число"
    assert reasons[5] == "нет описания проекта (столбец project)"
    assert 2 not in reasons
    partial = practices_import(rows=rows, by=None, partial=True)
    assert partial.committed and partial.created == 1 and Practice.objects.count() == 1


def test_default_region_covers_rows_without_any_place_and_is_not_counted_as_matched() -> None:
    rows = csv_rows("НБФ,2008,103,АНО «Мир»,,Проект,Российская Федерация,,100,x")
    report = practices_import(rows=rows, by=None, default_region=region("77").pk)
    assert report.committed and report.region_matched == 0
    assert Practice.objects.get().region == region("77")


def test_repeated_application_numbers_get_distinct_keys() -> None:
    rows = csv_rows(
        'НБФ,2007,338,Фонд «Надежда»,,"Поддержка молодых семей",Владимирская область,,1,x',
        'НБФ,2007,338,Общество «Звук»,,"Телемарафон семей",Костромская область,,1,x',
        'Сопр,2009,,Фонд «А»,,"Правовая помощь",г. Москва,,1,x',
    )
    report = practices_import(rows=rows, by=None)
    assert report.created == 3
    keys = sorted(Practice.objects.values_list("source_key", flat=True))
    assert len(set(keys)) == 3 and all(k.count("|") == 3 for k in keys)
    assert practices_import(rows=rows, by=None).updated == 3 and Practice.objects.count() == 3


def test_consultant_imports_only_rows_of_their_region() -> None:
    report = practices_import(rows=csv_rows(ROW_PERM, ROW_KAZAN), by=staff(fns_code="59"))
    assert not report.committed
    assert report.rejected[0].reason == "регион «Республика Татарстан (Татарстан)» вне зоны вашего ресурсного центра"


def test_staff_upload_page_loads_the_file_and_lists_rejected_rows() -> None:
    client = login(staff(Role.RC_MANAGER, fns_code="59"))
    data = (HEADER + ROW_PERM + "\n" + ROW_KAZAN + "\n").encode("utf-8")
    response = client.post(reverse("practices:import"), {"file": SimpleUploadedFile("p.csv", data)})
    page = response.content.decode()
    assert "Ничего не загружено" in page and "вне зоны вашего ресурсного центра" in page
    assert not Practice.objects.exists()
    response = client.post(reverse("practices:import"), {"file": SimpleUploadedFile("p.csv", data), "partial": "on"})
    assert "Создано черновиков: 1" in response.content.decode()


def test_upload_page_is_closed_to_ngo_members() -> None:
    from konstruktor.practices.tests.factories import ngo_member

    assert login(ngo_member(OrganizationFactory())).get(reverse("practices:import")).status_code == 403


def test_a_file_without_the_expected_columns_is_refused_with_a_message() -> None:
    client = login(staff(fns_code="59"))
    response = client.post(reverse("practices:import"), {"file": SimpleUploadedFile("p.csv", b"a,b\n1,2\n")})
    assert "В файле нет столбцов: operator" in response.content.decode()


@pytest.mark.skipif(not REAL_FILE.exists(), reason="нет /work/shared/data: реальный файл описаний проектов недоступен")
def test_the_real_file_imports_with_most_rows_matched_to_a_region(capsys: pytest.CaptureFixture[str]) -> None:
    with REAL_FILE.open("rb") as stream:
        rows = list(read_csv(stream))
    started = time.perf_counter()
    report = practices_import(rows=rows, by=None, partial=True)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n{report.summary()} Источники региона: {dict(report.region_sources)}. Время: {elapsed:.1f} с.")
    assert report.total == 2342
    assert report.match_rate >= 0.945
    assert Practice.objects.filter(source=Source.IMPORTED).count() == report.created
    assert all(r.reason.startswith(("регион не распознан", "повтор")) for r in report.rejected)
    again = practices_import(rows=rows, by=None, partial=True)
    assert (again.created, again.updated) == (0, report.created)


def test_management_command_reports_and_fails_on_rejected_rows(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + ROW_PERM + "\nНБФ,2008,9,А,,Проект,Российская Федерация,,1,x\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_practices", str(path), stdout=out)
    assert "строка 3: регион не распознан" in out.getvalue()
    call_command("import_practices", str(path), "--partial", stdout=out)
    assert Practice.objects.count() == 1
