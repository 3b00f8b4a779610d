import io
import json
import zipfile

import docx
import pytest

from konstruktor.core.models import ApiToken, hash_token
from konstruktor.core.testing import login
from konstruktor.documents.models import GeneratedPackage
from konstruktor.documents.tests.factories import ano_answers, installed, oo_answers
from konstruktor.organizations.models import SupportRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def ano():  # type: ignore[no-untyped-def]
    return installed("ano-registration")


def _post(client, url: str, body: object):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body, ensure_ascii=False), content_type="application/json")


def test_packages_are_listed_with_their_documents(perm_consultant, ano) -> None:  # type: ignore[no-untyped-def]
    body = login(perm_consultant).get("/api/v1/documents/packages").json()

    (package,) = body
    assert package["slug"] == "ano-registration"
    assert "Устав" in package["documents"]
    assert package["schema_url"] == "/api/v1/documents/packages/ano-registration"


def test_the_questionnaire_is_served_as_json_schema(perm_consultant, ano) -> None:  # type: ignore[no-untyped-def]
    schema = login(perm_consultant).get("/api/v1/documents/packages/ano-registration").json()

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert "full_name" in schema["required"] and "meeting_chair" not in schema["required"]
    founders = schema["properties"]["founders"]
    assert founders["type"] == "array" and founders["minItems"] == 1
    person = founders["items"]["properties"]["person"]
    assert person["x-condition"] == 'type == "individual"'
    assert person["properties"]["birth_date"]["format"] == "date"
    assert schema["properties"]["route"]["enum"] == ["gosuslugi", "paper"]
    assert schema["properties"]["filing_date"] == {
        "type": "string", "format": "date", "title": "Планируемая дата подачи",
        "description": "Основание: 7-ФЗ ст. 13.1.", "x-legal-basis": "7-ФЗ ст. 13.1", "x-kind": "date",
    }  # fmt: skip
    assert schema["x-steps"][0]["title"] == "Организация"


def test_validate_returns_problems_with_severity_field_rule_and_legal_basis(perm_consultant, ano) -> None:  # type: ignore[no-untyped-def]
    answers = ano_answers(full_name="Благотворительная АНО «Радуга»", route="paper")

    body = _post(login(perm_consultant), "/api/v1/documents/packages/ano-registration/validate", answers).json()

    assert body["blocking"] is True
    n6 = next(p for p in body["problems"] if p["rule"] == "N6")
    assert n6 == {
        "rule": "N6",
        "severity": "error",
        "severity_label": "блокирует формирование",
        "field": "full_name",
        "message": n6["message"],
        "legal_basis": "135-ФЗ ст. 7; ГК РФ ст. 54",
        "title": "«Благотворительный» — только в допустимых формах",
        "valid_from": "1995-08-11",
    }
    assert any(p["rule"] == "D1" and p["field"] == "duty_paid" for p in body["problems"])
    assert "Устав" in body["documents"]


def test_render_returns_the_zip(perm_consultant, ano) -> None:  # type: ignore[no-untyped-def]
    response = _post(login(perm_consultant), "/api/v1/documents/packages/ano-registration/render", ano_answers())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    charter = docx.Document(io.BytesIO(archive.read("01 Устав.docx")))
    assert any("«Серебряный возраст»" in p.text for p in charter.paragraphs)
    # The API renders only: nothing is stored, no support record is written.
    assert not GeneratedPackage.objects.exists() and not SupportRecord.objects.exists()


def test_render_with_blocking_problems_is_422_with_the_problems(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    installed("oo-registration")

    response = _post(
        login(perm_consultant), "/api/v1/documents/packages/oo-registration/render", oo_answers(founders=2)
    )

    assert response.status_code == 422
    body = response.json()
    assert body["blocking"] is True
    assert {"rule": "F1", "field": "founders"}.items() <= next(p for p in body["problems"] if p["rule"] == "F1").items()


def test_api_needs_authentication_and_accepts_a_token(client, perm_consultant, ano) -> None:  # type: ignore[no-untyped-def]
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=perm_consultant, name="test", key_hash=hash_token(raw), prefix=raw[:8])

    assert client.get("/api/v1/documents/packages").status_code == 401
    assert client.get("/api/v1/documents/packages", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_unknown_package_is_404(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    assert login(perm_consultant).get("/api/v1/documents/packages/no-such-package").status_code == 404
