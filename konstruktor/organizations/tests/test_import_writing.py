"""Writing an import: validation with row numbers, modes, re-import, scope, history."""

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest

from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.models import ChangeEntry
from konstruktor.core.roles import Role
from konstruktor.organizations.errors import AccessDenied
from konstruktor.organizations.importing import (
    EXPORT_COLUMNS,
    ImportReport,
    mapping_detect,
    organization_export_row,
    organizations_import,
    writing,
)
from konstruktor.organizations.models import LegalForm, Membership, Organization
from konstruktor.organizations.tests.factories import OrganizationFactory, UserFactory, region
from konstruktor.territories.models import Region

pytestmark = pytest.mark.django_db

HEADER = ["Наименование", "Краткое наименование", "ИНН", "ОГРН", "КПП", "Регион", "Статус",
          "Дата регистрации", "ОПФ", "Адрес", "Телефон", "E-mail", "Сайт"]  # fmt: skip


@pytest.fixture(autouse=True)
def _reference_data(db: Any) -> None:
    """Regions and legal forms come from data migrations; sync them if a test DB lacks them."""
    if not Region.objects.exists():
        from konstruktor.territories.actions import regions_sync

        regions_sync()
    if not LegalForm.objects.exists():
        from konstruktor.organizations.actions import reference_sync

        reference_sync()


def ogrn(n: int, fns: str = "59") -> str:
    return ogrn_with_check(f"10{fns}00{n:06d}"[:12])


def inn(n: int, fns: str = "59") -> str:
    return inn_with_check(f"{fns}02{n:05d}")


def row(n: int, **overrides: str) -> list[str]:
    values = {
        "Наименование": f"Автономная некоммерческая организация «Опора {n}»",
        "Краткое наименование": f"АНО «Опора {n}»",
        "ИНН": inn(n),
        "ОГРН": ogrn(n),
        "КПП": "590201001",
        "Регион": "Пермский край",
        "Статус": "Действующая",
        "Дата регистрации": "18.10.2002",
        "ОПФ": "Автономная некоммерческая организация",
        "Адрес": "г. Пермь, ул. Ленина, д. 1",
        "Телефон": "+7 342 200-00-00",
        "E-mail": f"opora{n}@example.ru",
        "Сайт": f"opora{n}.ru",
    }
    values.update(overrides)
    return [values[h] for h in HEADER]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ";") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path: Path, *, by: Any = None, mode: str = "skip_invalid", **kwargs: Any) -> ImportReport:
    from konstruktor.organizations.importing import source_sniff

    info = source_sniff(path)
    _, mapping = mapping_detect(info.header)
    return organizations_import(path=path, mapping=mapping, mode=mode, by=by, info=info, **kwargs)


def reasons(report: ImportReport) -> dict[int, str]:
    return {r.row: r.reason for r in report.rejections}


def test_check_digits_and_missing_identifiers_are_rejected_with_row_numbers(tmp_path: Path) -> None:
    bad_ogrn = ogrn(2)[:-1] + str((int(ogrn(2)[-1]) + 1) % 10)
    bad_inn = inn(3)[:-1] + str((int(inn(3)[-1]) + 1) % 10)
    path = write(tmp_path / "f.csv", [
        row(1),
        row(2, ОГРН=bad_ogrn),
        row(3, ИНН=bad_inn),
        row(4, КПП="59020"),
        row(5, ОГРН="", ИНН=""),
        row(6, ОГРН="123"),
    ])  # fmt: skip
    report = run(path)
    assert report.created == 1
    found = reasons(report)
    # Row numbers are as in the file: the header is row 1, the first data row is row 2.
    assert sorted(found) == [3, 4, 5, 6, 7]
    assert "контрольное число ОГРН" in found[3] and bad_ogrn in found[3]
    assert "контрольное число ИНН" in found[4]
    assert "КПП" in found[5]
    assert "не указаны ни ОГРН, ни ИНН" in found[6]
    assert "13 цифр" in found[7]
    assert Organization.objects.filter(ogrn=ogrn(1)).exists()


def test_all_or_nothing_writes_nothing_but_lists_every_rejected_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "CHUNK_ROWS", 3)  # several chunks, errors in the first and last
    rows = [row(n) for n in range(1, 11)]
    rows[1] = row(2, Регион="Атлантида")
    rows[9] = row(10, ОГРН="1" * 13)
    path = write(tmp_path / "f.csv", rows)
    orgs_before, history_before = Organization.objects.count(), ChangeEntry.objects.count()

    report = run(path, mode="all_or_nothing")

    assert (Organization.objects.count(), ChangeEntry.objects.count()) == (orgs_before, history_before)
    assert report.rolled_back
    assert report.created == report.updated == 0
    assert report.valid == 8
    found = reasons(report)
    assert sorted(found) == [3, 11]
    assert "«Атлантида» не найден" in found[3]


def test_skip_mode_imports_the_good_rows(tmp_path: Path) -> None:
    rows = [row(n) for n in range(1, 6)]
    rows[2] = row(3, Регион="")
    path = write(tmp_path / "f.csv", rows)
    report = run(path, mode="skip_invalid")
    assert not report.rolled_back
    assert (report.created, report.rejected) == (4, 1)
    assert "не указан субъект РФ" in reasons(report)[4]
    assert Organization.objects.filter(ogrn__in=[ogrn(n) for n in (1, 2, 4, 5)]).count() == 4


def test_values_are_cleaned_and_mapped(tmp_path: Path) -> None:
    header = ["ОГРН", "Краткое наименование", "Регион регистрации", "Наименование ОКАТО", "Статус",
              "Дата регистрации", "Код ОКОПФ", "Организационно-правовая форма", "Адрес"]  # fmt: skip
    rows = [
        [ogrn(1), "БФ\u00a0«Ёлка»", "Челябинская область", "Челябинская область, Челябинск, Центральный",
         "Ликвидируется", "2002-10-18", "70401", "Фонды", "г.\u00a0Челябинск,   ул.\u00a0Мира"],
        [ogrn(2), "ФОНД «ЕЛЬ»", "Карелия (Республика)", "Республика Карелия, Петрозаводск",
         "Исключена из реестра", "1.2.2003", "", "Благотворительные фонды", ""],
    ]  # fmt: skip
    report = run(write(tmp_path / "f.csv", rows, header=header))
    assert (report.created, report.rejected) == (2, 0), report.rejections
    first = Organization.objects.get(ogrn=ogrn(1))
    assert first.full_name == first.short_name == "БФ «Ёлка»"  # only a short name: used for both
    assert first.region.fns_code == "74"
    assert first.municipality == "Челябинск, Центральный"
    assert first.state == Organization.State.LIQUIDATING
    assert first.registration_date == datetime.date(2002, 10, 18)
    assert first.legal_form.okopf == "70401"
    assert first.address == "г. Челябинск, ул. Мира"
    assert first.kind == Organization.Kind.NGO
    assert " елка " in first.search_text and " бф " in first.search_text
    second = Organization.objects.get(ogrn=ogrn(2))
    assert second.region.fns_code == "10"
    assert second.municipality == "Петрозаводск"
    assert second.state == Organization.State.LIQUIDATED
    assert second.registration_date == datetime.date(2003, 2, 1)
    assert second.legal_form.okopf == "70401"


def test_bad_values_are_explained(tmp_path: Path) -> None:
    path = write(tmp_path / "f.csv", [
        row(1, Статус="Спит"),
        row(2, **{"Дата регистрации": "31.02.2002"}),
        row(3, ОПФ="Клуб по интересам"),
        row(4, **{"E-mail": "нет почты"}),
        row(5, Наименование="", **{"Краткое наименование": ""}),
    ])  # fmt: skip
    found = reasons(run(path))
    assert "состояние «Спит» не распознано" in found[2]
    assert "дата регистрации «31.02.2002» не распознана" in found[3]
    assert "организационно-правовая форма «Клуб по интересам» не найдена" in found[4]
    assert "e-mail «нет почты»" in found[5]
    assert "не указано наименование" in found[6]


def test_repeated_ogrn_in_one_file_is_rejected_with_the_first_row(tmp_path: Path) -> None:
    path = write(tmp_path / "f.csv", [row(1), row(2), row(1, Наименование="Двойник")])
    report = run(path)
    assert report.created == 2
    assert reasons(report) == {4: "повтор ОГРН из строки 2"}


def test_reimport_creates_no_duplicates_and_updates_changed_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "f.csv", [row(n) for n in range(1, 4)])
    assert run(path).created == 3
    again = run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Organization.objects.filter(ogrn__in=[ogrn(n) for n in range(1, 4)]).count() == 3

    changed = write(tmp_path / "g.csv", [row(1), row(2, Телефон="+7 342 999-99-99", Адрес=""), row(3)])
    report = run(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    org = Organization.objects.get(ogrn=ogrn(2))
    assert org.phone == "+7 342 999-99-99"
    assert org.address == "г. Пермь, ул. Ленина, д. 1"  # an empty cell does not erase
    entry = ChangeEntry.objects.filter(object_id=org.pk, action="import").order_by("-id").first()
    assert entry is not None
    assert entry.changes == {"phone": ["+7 342 200-00-00", "+7 342 999-99-99"]}
    assert entry.note == "Импорт из файла g.csv"


def test_each_created_organization_gets_one_history_entry(tmp_path: Path, perm_consultant: Any) -> None:
    report = run(write(tmp_path / "f.csv", [row(1), row(2)]), by=perm_consultant)
    assert report.created == 2
    org = Organization.objects.get(ogrn=ogrn(1))
    entries = ChangeEntry.objects.filter(object_id=org.pk, action="import")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == perm_consultant
    assert entry.changes["region"] == [None, "Пермский край"]
    assert entry.changes["legal_form"] == [None, "Автономная некоммерческая организация"]
    assert entry.changes["registration_date"] == [None, "2002-10-18"]


def test_region_outside_the_users_scope_is_rejected(tmp_path: Path, perm_consultant: Any) -> None:
    foreign = OrganizationFactory(region=region("86"), ogrn=ogrn(9, "86"), inn=inn(9, "86"))
    path = write(tmp_path / "f.csv", [
        row(1),
        row(2, Регион="Ханты-Мансийский АО - Югра", ОГРН=ogrn(2, "86"), ИНН=inn(2, "86")),
        # an organization of another region, moved into the user's region by the file
        row(3, ОГРН=foreign.ogrn, ИНН=foreign.inn),
    ])  # fmt: skip
    report = run(path, by=perm_consultant)
    assert report.created == 1
    found = reasons(report)
    assert found[3] == "регион «Ханты-Мансийский автономный округ — Югра» вне вашей зоны ответственности"
    assert "вне вашей зоны ответственности" in found[4]
    foreign.refresh_from_db()
    assert foreign.region.fns_code == "86"


def test_inn_of_another_organization_is_a_conflict(tmp_path: Path) -> None:
    existing = OrganizationFactory(region=region("59"), ogrn=ogrn(7), inn=inn(7))
    report = run(write(tmp_path / "f.csv", [row(8, ИНН=existing.inn)]))
    assert report.created == 0
    assert "ИНН" in reasons(report)[2] and existing.ogrn in reasons(report)[2]


def test_an_ngo_member_cannot_import(tmp_path: Path, perm_org: Any) -> None:
    member = UserFactory()
    Membership.objects.create(user=member, organization=perm_org, role=Role.NGO_MEMBER)
    with pytest.raises(AccessDenied):
        run(write(tmp_path / "f.csv", [row(1)]), by=member)
    assert not Organization.objects.filter(ogrn=ogrn(1)).exists()


def test_enrichment_file_without_region_only_updates_known_organizations(tmp_path: Path) -> None:
    run(write(tmp_path / "base.csv", [row(1), row(2)]))
    path = write(
        tmp_path / "sites.csv",
        [[ogrn(1), "АНО «НОВАЯ ОПОРА»", "new-opora.ru", "https://vk.com/x"],
         [ogrn(2), "", "opora2.org", ""],
         [ogrn(5), "ФОНД", "fond.ru", ""]],
        header=["ogrn", "shortName", "website", "vk"],
        delimiter=",",
    )  # fmt: skip
    report = run(path)
    assert (report.created, report.updated, report.rejected) == (0, 2, 1)
    assert f"организации с ОГРН {ogrn(5)} нет в реестре" in reasons(report)[4]
    first = Organization.objects.get(ogrn=ogrn(1))
    assert (first.short_name, first.website) == ("АНО «НОВАЯ ОПОРА»", "new-opora.ru")
    assert first.full_name == "Автономная некоммерческая организация «Опора 1»"
    assert Organization.objects.get(ogrn=ogrn(2)).short_name == "АНО «Опора 2»"


def test_export_rows_import_back_unchanged(tmp_path: Path) -> None:
    orgs = [
        OrganizationFactory(region=region("59"), municipality="Пермь", phone="+7 342 1", kpp="590201001",
                            registration_date=datetime.date(2010, 5, 4), state=Organization.State.LIQUIDATING),
        OrganizationFactory(region=region("77"), legal_form=LegalForm.objects.get(okopf="70401"),
                            minjust_number="7714010001", kind=Organization.Kind.RESOURCE_CENTRE),
    ]  # fmt: skip
    rows = [organization_export_row(o) for o in Organization.objects.select_related("region", "legal_form")]
    assert len(rows[0]) == len(EXPORT_COLUMNS)
    path = tmp_path / "export.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(rows)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")

    report = run(path)
    assert report.rejections == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(rows))
    assert Organization.objects.count() == len(rows)
    assert orgs[1].pk in Organization.objects.filter(kind="resource_centre").values_list("pk", flat=True)


def test_update_moves_region_and_changes_legal_form_with_history(tmp_path: Path) -> None:
    run(write(tmp_path / "a.csv", [row(1)]))
    report = run(write(tmp_path / "b.csv", [row(1, Регион="Свердловская обл.", ОПФ="Фонды")]))
    assert (report.created, report.updated) == (0, 1)
    org = Organization.objects.get(ogrn=ogrn(1))
    assert (org.region.fns_code, org.legal_form.okopf) == ("66", "70400")
    assert " фонд " in org.search_text
    entry = ChangeEntry.objects.filter(object_id=org.pk, action="import").order_by("-id").first()
    assert entry is not None
    assert entry.changes == {
        "region": ["Пермский край", "Свердловская область"],
        "legal_form": ["Автономная некоммерческая организация", "Фонд"],
    }


def test_xlsx_file_is_imported(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Организации")
    sheet.append(HEADER)
    sheet.append(row(1))
    numeric = row(2)
    numeric[HEADER.index("ОГРН")] = int(ogrn(2))  # Excel keeps a number, not text
    numeric[HEADER.index("Дата регистрации")] = datetime.datetime(2002, 10, 18)
    sheet.append(numeric)
    path = tmp_path / "orgs.xlsx"
    workbook.save(path)
    report = run(path)
    assert (report.created, report.rejected) == (2, 0), report.rejections
    assert Organization.objects.get(ogrn=ogrn(2)).registration_date == datetime.date(2002, 10, 18)


def test_misaligned_rows_are_rejected(tmp_path: Path) -> None:
    shifted = [*row(2)[:2], "лишняя ячейка", *row(2)[2:]]
    short = row(3)[:4]
    report = run(write(tmp_path / "f.csv", [row(1), shifted, short]))
    assert report.created == 1
    found = reasons(report)
    assert found[3].startswith("в строке 14 ячеек, а в заголовке 13: строка сбита")
    assert found[4].startswith("в строке 4 ячеек, а в заголовке 13: строка сбита")
