import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.documents import rendering
from konstruktor.documents.actions import draft_create, draft_save, generated_pdf_build, package_generate
from konstruktor.documents.assembly import package_assemble
from konstruktor.documents.tests.factories import ano_answers, founder, installed, oo_answers
from konstruktor.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
NEEDS_SOFFICE = pytest.mark.skipif(
    rendering.soffice_path() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)


def members(archive: bytes) -> dict[str, bytes]:
    return rendering.zip_members(archive)


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def table_value(data: bytes, label: str) -> list[str]:
    """Values of the «label | value» rows of a document's tables, in order."""
    document = docx.Document(io.BytesIO(data))
    return [row.cells[1].text for t in document.tables for row in t.rows if row.cells[0].text == label]


@pytest.fixture
def generated(perm_consultant, perm_org):  # type: ignore[no-untyped-def]
    package = installed("ano-registration")
    draft = draft_create(package=package, organization=perm_org, by=perm_consultant)
    founders = [founder("Иванов", "Иван", "Иванович"), founder("Петрова", "Мария", "Олеговна")]
    answers = ano_answers(
        founders=founders, meeting_chair="Иванов Иван Иванович", meeting_secretary="Петрова Мария Олеговна"
    )
    draft_save(draft=draft, by=perm_consultant, answers=answers)
    return package_generate(draft=draft, by=perm_consultant)


def test_the_charter_holds_the_organizations_name_and_the_answers(generated) -> None:  # type: ignore[no-untyped-def]
    with generated.file.open("rb") as handle:
        files = members(handle.read())

    charter = docx.Document(io.BytesIO(files["01 Устав.docx"]))
    paragraphs = [p.text for p in charter.paragraphs]
    name = "Автономная некоммерческая организация социальной поддержки пожилых людей «Серебряный возраст»"
    assert paragraphs[paragraphs.index("УСТАВ") + 1] == name
    assert "1.4. Место нахождения Организации: г. Пермь." in paragraphs
    assert "социальная поддержка и защита граждан пожилого возраста;" in paragraphs
    assert any(p.startswith("3.5. Директор — единоличный исполнительный орган") and "5 лет" in p for p in paragraphs)
    assert not any("{{" in p or "{%" in p for p in paragraphs)


def test_founders_land_in_the_protocol_and_in_the_founders_sheet(generated) -> None:  # type: ignore[no-untyped-def]
    with generated.file.open("rb") as handle:
        files = members(handle.read())

    assert "02 Протокол собрания учредителей.docx" in files
    protocol = text_of(files["02 Протокол собрания учредителей.docx"])
    assert "Иванов Иван Иванович, паспорт серия 5705 № 123456" in protocol
    assert "«за» — 2 (два), «против» — нет" in protocol
    assert "Председатель собрания — Иванов Иван Иванович, секретарь собрания — Петрова Мария Олеговна" in protocol
    sheet = files["03 Сведения об учредителях.docx"]
    assert table_value(sheet, "Фамилия, имя, отчество") == ["Иванов Иван Иванович", "Петрова Мария Олеговна"]
    assert table_value(sheet, "Дата рождения") == ["14.05.1980", "14.05.1980"]


def test_a_sole_founder_gets_a_decision_instead_of_a_protocol(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    package = installed("ano-registration")

    assembled = package_assemble(package=package, answers=ano_answers(), region_id=perm_org.region_id, version=1)

    names = list(members(assembled.archive))
    assert "02 Решение о создании.docx" in names
    assert not any("Протокол" in n for n in names)
    decision = text_of(members(assembled.archive)["02 Решение о создании.docx"])
    assert "1. Создать Автономную некоммерческую организацию социальной поддержки пожилых людей" in decision


def test_the_zip_starts_with_a_contents_sheet_listing_documents_copies_and_notes(generated) -> None:  # type: ignore[no-untyped-def]
    with generated.file.open("rb") as handle:
        files = members(handle.read())

    assert next(iter(files)) == "00 Содержание пакета.docx"
    contents = docx.Document(io.BytesIO(files["00 Содержание пакета.docx"]))
    rows = [[c.text for c in row.cells] for row in contents.tables[0].rows]
    assert rows[0] == ["№", "Файл", "Документ", "Экз. на бумаге", "Примечание"]
    assert ["1", "01 Устав.docx", "Устав", "3", "Прошить и пронумеровать; 3 экз. на бумаге."] in rows
    text = text_of(files["00 Содержание пакета.docx"])
    assert "Версия пакета: 1." in text
    assert "[C8, к сведению]" in text  # non-blocking problems are notes for the consultant
    assert "Госпошлина за регистрацию НКО" in text  # the duty amount is marked for checking [L]


def test_duty_note_takes_the_amount_and_exemption_from_parameters(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    package = installed("ano-registration")
    paper = ano_answers(route="paper", duty_paid=True, duty_document="чек-ордер № 12 от 10.03.2026")

    files = members(package_assemble(package=package, answers=paper, region_id=None, version=1).archive)
    online = members(package_assemble(package=package, answers=ano_answers(), region_id=None, version=1).archive)

    note = text_of(files["06 Памятка о госпошлине.docx"])
    assert "4\u00a0000 ₽" in note and "чек-ордер № 12" in note
    assert "не уплачивается" in text_of(online["06 Памятка о госпошлине.docx"])


def test_answers_with_markup_characters_do_not_break_the_documents(perm_org) -> None:  # type: ignore[no-untyped-def]
    package = installed("ano-registration")
    answers = ano_answers(goals="помощь детям & семьям <без> ограничений")

    files = members(package_assemble(package=package, answers=answers, region_id=None, version=1).archive)

    assert "помощь детям & семьям <без> ограничений;" in text_of(files["01 Устав.docx"])


def test_annual_report_package_chooses_the_simplified_notice_by_the_answers(perm_org) -> None:  # type: ignore[no-untyped-def]
    package = installed("minjust-annual-report")
    base = {
        "ngo": {"full_name": perm_org.full_name, "ogrn": perm_org.ogrn, "inn": perm_org.inn, "address": "г. Пермь",
                "head_name": "Иванов И. И.", "head_position": "директор", "authority": "устав"},
        "legal_form": "ano", "governing_body": "Директор", "minjust_office": "Управление Минюста России по Пермскому краю",
        "report_year": 2025, "foreign_founders": False, "foreign_receipts": False, "total_receipts": 1_200_000,
        "activity_summary": "провели 12 занятий", "submission_date": "2026-03-20",
    }  # fmt: skip

    small = list(members(package_assemble(package=package, answers=base, region_id=None, version=1).archive))
    large = list(
        members(
            package_assemble(package=package, answers={**base, "total_receipts": 5_000_000}, region_id=None).archive
        )
    )

    assert "01 Заявление об упрощённом порядке.docx" in small and not any("ОН0001" in n for n in small)
    assert "01 Сведения для ОН0001.docx" in large and "02 Сведения для ОН0002.docx" in large


def test_oo_charter_states_membership_and_the_audit_body(perm_org) -> None:  # type: ignore[no-untyped-def]
    package = installed("oo-registration")

    charter = text_of(
        members(package_assemble(package=package, answers=oo_answers(), region_id=None).archive)["01 Устав.docx"]
    )

    assert "3. Члены Организации" in charter
    assert "контрольно-ревизионный орган — Ревизор" in charter
    assert "Правление избирается Общим собранием из числа членов Организации сроком на 5 лет" in charter


@NEEDS_SOFFICE
def test_generated_documents_open_in_libreoffice_and_keep_the_answers(generated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with generated.file.open("rb") as handle:
        files = members(handle.read())
    source = tmp_path / "in"
    source.mkdir()
    for name in ("01 Устав.docx", "03 Сведения об учредителях.docx"):
        (source / name).write_bytes(files[name])

    subprocess.run(
        [rendering.soffice_path() or "soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"),
         *[str(p) for p in sorted(source.iterdir())]],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip

    resaved_charter = (tmp_path / "out" / "01 Устав.docx").read_bytes()
    assert "«Серебряный возраст»" in text_of(resaved_charter)
    resaved_sheet = (tmp_path / "out" / "03 Сведения об учредителях.docx").read_bytes()
    assert table_value(resaved_sheet, "Фамилия, имя, отчество") == ["Иванов Иван Иванович", "Петрова Мария Олеговна"]


@NEEDS_SOFFICE
def test_pdf_copies_are_made_once_and_downloaded(generated, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    built = generated_pdf_build(generated=generated, by=perm_consultant)

    with built.pdf_file.open("rb") as handle:
        pdfs = members(handle.read())
    expected = ["00 Содержание пакета.pdf"] + [
        d["filename"].removesuffix(".docx") + ".pdf" for d in generated.documents
    ]
    assert sorted(pdfs) == sorted(expected)
    assert all(data.startswith(b"%PDF") for data in pdfs.values())
    response = login(perm_consultant).get(reverse("documents:pdf", args=[generated.pk, 1]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_without_libreoffice_pdf_is_a_clear_note_not_an_error_page(generated, perm_consultant, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("konstruktor.documents.actions.soffice_path", lambda: None)
    monkeypatch.setattr("konstruktor.documents.views.wizard.soffice_path", lambda: None)
    client = login(perm_consultant)

    response = client.get(reverse("documents:pdf", args=[generated.pk, 1]), follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "PDF недоступен: на сервере не установлен LibreOffice" in html
    assert not generated.pdf_file


def test_zip_written_by_the_renderer_is_a_valid_docx(perm_org) -> None:  # type: ignore[no-untyped-def]
    package = installed("fund-registration")
    from konstruktor.documents.tests.factories import fund_answers

    archive = package_assemble(package=package, answers=fund_answers(), region_id=None).archive
    for name, data in members(archive).items():
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None, name
        assert docx.Document(io.BytesIO(data)).paragraphs, name


def test_organization_from_another_region_does_not_change_rendering(perm_org) -> None:  # type: ignore[no-untyped-def]
    OrganizationFactory()  # a registry that holds other organizations changes nothing
    package = installed("ano-registration")
    first = members(package_assemble(package=package, answers=ano_answers(), region_id=None).archive)
    assert text_of(first["01 Устав.docx"]).count("«Серебряный возраст»") >= 2
