"""Each legal and field rule on worked examples (FACTS.md §9)."""

import pytest

from konstruktor.documents.tests.factories import (
    ano_answers,
    check,
    founder,
    fund_answers,
    legal_founder,
    oo_answers,
    rules_at,
)
from konstruktor.documents.validation import RULES, blocking

pytestmark = pytest.mark.django_db  # T1 reads the production calendar's exceptions


def _problem(problems, rule, field):  # type: ignore[no-untyped-def]
    return next(p for p in problems if p.rule == rule and p.field == field)


@pytest.mark.parametrize(
    "slug,answers",
    [("ano-registration", ano_answers), ("oo-registration", oo_answers), ("fund-registration", fund_answers)],
)
def test_complete_registration_answers_have_no_blocking_problems(slug, answers) -> None:  # type: ignore[no-untyped-def]
    assert blocking(check(slug, answers())) == []


def test_every_rule_carries_a_severity_a_legal_basis_and_a_date() -> None:
    for rule_id in ["F1", "F2", "F3", "F4", "F5", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "P1", "P2", "P3",
                    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "A1", "A2", "A3", "A4", "A5", "D1", "T1"]:  # fmt: skip
        rule = RULES[rule_id]
        assert rule.severity in ("error", "warning", "info") and rule.legal_basis and rule.valid_from


# --- founders ---------------------------------------------------------------------------------------


def test_public_organization_with_two_founders_is_blocked_at_the_founders_question() -> None:
    problems = check("oo-registration", oo_answers(founders=2))

    f1 = _problem(problems, "F1", "founders")
    assert f1.severity == "error"
    assert "не менее 3" in f1.message and "указано 2" in f1.message
    assert "82-ФЗ ст. 18" in f1.legal_basis


def test_a_founding_organization_does_not_count_towards_the_three_citizens() -> None:
    answers = oo_answers(founders=2)
    answers["founders"].append(legal_founder())

    assert "F1" in rules_at(check("oo-registration", answers), "founders")
    assert "F1" not in rules_at(check("oo-registration", oo_answers(founders=3)), "founders")


def test_ano_needs_only_one_founder() -> None:
    assert "F1" not in rules_at(check("ano-registration", ano_answers()), "founders")


def test_a_minor_cannot_found_a_public_organization() -> None:
    answers = oo_answers()
    answers["founders"][2] = founder("Юный", "Пётр", "Ильич", birth="2009-03-10")

    problem = _problem(check("oo-registration", answers), "F2", "founders.2.person.birth_date")
    assert "18 лет" in problem.message


def test_a_founding_organization_must_itself_be_a_public_association() -> None:
    answers = oo_answers()
    company = legal_founder("Общество с ограниченной ответственностью «Прикамье»")
    company["is_public_association"] = False
    answers["founders"].append(company)

    assert "F2" in rules_at(check("oo-registration", answers), "founders.3.is_public_association")


def test_an_incomplete_founder_is_reported_under_f3_at_the_missing_field() -> None:
    answers = ano_answers()
    del answers["founders"][0]["person"]["passport_number"]

    problem = _problem(check("ano-registration", answers), "F3", "founders.0.person.passport_number")
    assert problem.severity == "error" and "номер паспорта" in problem.message


def test_unchecked_founders_and_a_foreign_founder_are_warnings() -> None:
    answers = ano_answers(founders_checked=False)
    answers["founders"][0]["person"]["citizenship"] = "Республика Казахстан"
    answers["founders"][0]["person"]["passport_series"] = "N12"  # a foreign document: no RF format check

    problems = check("ano-registration", answers)

    assert _problem(problems, "F4", "founders_checked").severity == "warning"
    assert _problem(problems, "F4", "founders.0.person.citizenship").severity == "warning"
    assert not [p for p in problems if p.rule == "V3"]


def test_the_applicant_must_be_an_allowed_person() -> None:
    other = check("ano-registration", ano_answers(applicant_role="other"))
    stranger = ano_answers(applicant_role="founder")
    stranger["applicant"] = stranger["director"]  # the director is not a founder

    assert _problem(other, "F5", "applicant_role").severity == "error"
    assert "F5" in rules_at(check("ano-registration", stranger), "applicant")


# --- name ---------------------------------------------------------------------------------------


def test_name_without_the_legal_form_is_blocked() -> None:
    problems = check("ano-registration", ano_answers(full_name="Центр социальной поддержки «Радуга»"))

    assert "«автономная некоммерческая организация»" in _problem(problems, "N1", "full_name").message


def test_name_without_a_characteristic_of_activity_is_a_warning() -> None:
    problems = check("ano-registration", ano_answers(full_name="Автономная некоммерческая организация «Радуга»"))

    assert _problem(problems, "N2", "full_name").severity == "warning"


def test_latin_letters_in_the_name_are_blocked() -> None:
    problems = check("ano-registration", ano_answers(full_name="Автономная некоммерческая организация помощи «Help»"))

    assert (
        "Hel" in _problem(problems, "N3", "full_name").message or "H" in _problem(problems, "N3", "full_name").message
    )


def test_russia_in_the_name_needs_permission() -> None:
    problems = check(
        "ano-registration",
        ano_answers(full_name="Автономная некоммерческая организация «Российский центр добровольчества»"),
    )

    assert _problem(problems, "N4", "full_name").severity == "warning"


def test_a_personal_name_in_the_name_needs_the_rights_document() -> None:
    problems = check("ano-registration", ano_answers(name_special=["person_name"]))

    assert _problem(problems, "N5", "name_rights_document").severity == "error"
    with_consent = check("ano-registration", ano_answers(name_special=["person_name"], name_rights_document="согласие"))
    assert "N5" not in {p.rule for p in with_consent}


def test_charitable_ano_is_blocked_but_a_charitable_fund_is_not() -> None:
    ano = check(
        "ano-registration",
        ano_answers(full_name="Благотворительная автономная некоммерческая организация помощи детям «Радуга»"),
    )

    assert "135-ФЗ" in _problem(ano, "N6", "full_name").legal_basis
    assert "N6" not in {p.rule for p in check("fund-registration", fund_answers())}


def test_territorial_prefix_must_match_the_declared_territory() -> None:
    problems = check("oo-registration", oo_answers(territory="local"))

    assert "N7" in rules_at(problems, "full_name")


def test_a_duplicate_name_in_the_registry_is_a_warning() -> None:
    problems = check("ano-registration", ano_answers(), extra={"name_duplicates": ["АНО «Серебряный возраст»"]})

    assert _problem(problems, "N8", "full_name").severity == "warning"


# --- decision and protocol --------------------------------------------------------------------------


def test_filing_more_than_three_months_after_the_decision_is_blocked() -> None:
    problems = check("ano-registration", ano_answers(decision_date="2025-11-10", filing_date="2026-02-11"))

    problem = _problem(problems, "P1", "filing_date")
    assert problem.severity == "error" and "10.02.2026" in problem.message


def test_filing_on_the_last_day_of_the_three_months_is_allowed() -> None:
    problems = check("ano-registration", ano_answers(decision_date="2025-11-10", filing_date="2026-02-10"))

    assert "P1" not in {p.rule for p in problems}


def test_filing_before_the_decision_is_blocked() -> None:
    problems = check("ano-registration", ano_answers(decision_date="2026-03-20", filing_date="2026-03-16"))

    assert "раньше" in _problem(problems, "P1", "filing_date").message


def test_a_meeting_of_several_founders_needs_a_chair_and_a_secretary() -> None:
    answers = ano_answers(founders=[founder("Иванов", "Иван", "Иванович"), founder("Петрова", "Мария", "Олеговна")])

    problems = check("ano-registration", answers)

    assert "P2" in rules_at(problems, "meeting_chair") and "P2" in rules_at(problems, "meeting_secretary")


def test_public_organization_must_elect_a_governing_body() -> None:
    assert "P2" in rules_at(check("oo-registration", oo_answers(board_members=[])), "board_members")


def test_paper_route_notes_the_number_of_copies() -> None:
    problems = check("ano-registration", ano_answers(route="paper", duty_paid=True, duty_document="№ 5 от 01.03.2026"))

    assert "устав — 3 экз." in _problem(problems, "P3", "route").message


# --- charter ------------------------------------------------------------------------------------


def test_charter_needs_goals_and_the_missing_answer_is_reported_once() -> None:
    problems = check("ano-registration", ano_answers(goals=""))

    assert rules_at(problems, "goals") == {"C1"}


def test_exclusive_competence_cannot_be_delegated_to_the_director() -> None:
    problems = check("ano-registration", ano_answers(delegated_to_director=["staff", "charter_change"]))

    assert "изменение устава" in _problem(problems, "C2", "delegated_to_director").message


def test_public_organization_needs_terms_of_office() -> None:
    missing = check("oo-registration", oo_answers(board_term_years=None))
    long = check("oo-registration", oo_answers(audit_term_years=15))

    assert "C3" in rules_at(missing, "board_term_years")
    assert _problem(long, "C3", "audit_term_years").severity == "warning"


def test_fund_without_a_board_of_trustees_is_blocked() -> None:
    problems = check("fund-registration", fund_answers(trustees=[]))

    problem = _problem(problems, "C4", "trustees")
    assert problem.severity == "error" and "попечительский совет" in problem.message


def test_public_organization_without_an_audit_body_is_blocked() -> None:
    assert "C4" in rules_at(check("oo-registration", oo_answers(audit_members=[])), "audit_members")


def test_income_and_licensed_activities_are_warnings() -> None:
    problems = check(
        "ano-registration",
        ano_answers(activities="образовательные курсы для пожилых", income_activities="платные семинары"),
    )

    assert "лицензия" in _problem(problems, "C5", "activities").message
    assert "10\u00a0000" in _problem(problems, "C5", "income_activities").message


def test_no_socially_oriented_activity_is_a_note() -> None:
    assert (
        _problem(check("ano-registration", ano_answers(activity_areas=[])), "C6", "activity_areas").severity == "info"
    )


def test_a_full_address_in_the_charter_location_is_a_warning() -> None:
    problems = check("ano-registration", ano_answers(location="г. Пермь, ул. Ленина, д. 10"))

    assert _problem(problems, "C7", "location").severity == "warning"


def test_typical_charter_is_offered_to_an_ano_but_not_to_a_public_organization() -> None:
    assert "C8" in {p.rule for p in check("ano-registration", ano_answers())}
    assert "C8" not in {p.rule for p in check("oo-registration", oo_answers())}


# --- application ------------------------------------------------------------------------------------


def test_okved_codes_are_checked() -> None:
    bad = check("ano-registration", ano_answers(okved_main="8899"))
    unknown = check("ano-registration", ano_answers(okved_main="01.11"))

    assert _problem(bad, "A2", "okved_main").severity == "error"
    assert _problem(unknown, "A2", "okved_main").severity == "warning"


def test_identifiers_of_founders_are_checked() -> None:
    answers = ano_answers()
    answers["founders"].append(legal_founder())
    answers["founders"][1]["organization"]["inn"] = "5904000129"
    answers["founders"][1]["organization"]["ogrn"] = "1022500001328"
    answers["founders"][0]["person"]["snils"] = "010-242-368 00"

    problems = check("ano-registration", answers)

    assert "A5" in rules_at(problems, "founders.1.organization.inn")
    assert "A5" in rules_at(problems, "founders.1.organization.ogrn")
    assert "A5" in rules_at(problems, "founders.0.person.snils")


def test_passport_postal_code_and_dates_are_checked() -> None:
    answers = ano_answers()
    answers["director"]["passport_series"] = "57A"
    answers["director"]["birth_date"] = "31.02.1980"
    answers["address"]["postal_code"] = "6140"

    problems = check("ano-registration", answers)

    assert "V3" in rules_at(problems, "director.passport_series")
    assert "V2" in rules_at(problems, "director.birth_date")
    assert "V4" in rules_at(problems, "address.postal_code")


def test_an_incomplete_address_is_reported_under_a3() -> None:
    answers = ano_answers()
    del answers["address"]["house"]

    assert _problem(check("ano-registration", answers), "A3", "address.house").severity == "error"


def test_paper_route_warns_about_the_notary_and_gosuslugi_notes_the_signature() -> None:
    paper = check("ano-registration", ano_answers(route="paper", duty_paid=True, duty_document="№ 5"))
    online = check("ano-registration", ano_answers())

    assert _problem(paper, "A4", "route").severity == "warning"
    assert _problem(online, "A4", "route").severity == "info"


# --- duty and address --------------------------------------------------------------------------------


def test_paper_route_without_the_duty_is_blocked_with_the_amount_from_parameters() -> None:
    problems = check("ano-registration", ano_answers(route="paper"))

    problem = _problem(problems, "D1", "duty_paid")
    assert problem.severity == "error" and "4\u00a0000 ₽" in problem.message


def test_paid_duty_needs_the_payment_document_and_gosuslugi_needs_no_duty() -> None:
    paid = check("ano-registration", ano_answers(route="paper", duty_paid=True))

    assert "D1" in rules_at(paid, "duty_document")
    assert "D1" not in {p.rule for p in check("ano-registration", ano_answers(route="gosuslugi"))}


def test_address_documents_are_reminded() -> None:
    problems = check("ano-registration", ano_answers(owner_title_document="", address_basis="residential"))

    assert _problem(problems, "AD1", "owner_title_document").severity == "warning"
    assert "согласие собственника" in _problem(problems, "AD1", "address_basis").message


# --- dates of effect ------------------------------------------------------------------------------


def test_a_rule_is_checked_only_from_the_date_it_takes_effect() -> None:
    # C1 rests on the 2023 charter rules (in force 11.07.2023): an earlier filing is not checked by it.
    before = check("ano-registration", ano_answers(goals="", decision_date="2023-05-02", filing_date="2023-05-15"))
    after = check("ano-registration", ano_answers(goals=""))

    assert "C1" not in {p.rule for p in before}
    assert "C1" in {p.rule for p in after}


def test_missing_form_version_on_the_filing_date_is_blocked() -> None:
    problems = check("ano-registration", ano_answers(decision_date="2020-10-01", filing_date="2020-10-20"))

    assert "A1" in rules_at(problems, "filing_date")


# --- other packages ---------------------------------------------------------------------------------


def test_iopu_needs_a_year_of_services_and_no_foreign_agent_status() -> None:
    problems = check(
        "iopu-status",
        {"services_since": "2025-09-01", "application_date": "2026-03-01", "foreign_agent": True, "tax_arrears": False},
    )

    assert "I1" in rules_at(problems, "services_since") and "I1" in rules_at(problems, "foreign_agent")


def test_social_provider_needs_social_services_in_the_charter() -> None:
    problems = check("social-provider-register", {"charter_social_services": False, "website_published": False})

    assert _problem(problems, "S1", "charter_social_services").severity == "error"
    assert _problem(problems, "S1", "website_published").severity == "warning"


def test_annual_report_after_the_deadline_is_a_warning() -> None:
    problems = check("minjust-annual-report", {"report_year": 2025, "submission_date": "2026-04-20"})

    assert "15.04.2026" in _problem(problems, "R1", "submission_date").message


def test_working_group_letter_needs_the_candidates_consent() -> None:
    problems = check("working-group-letter", {"candidate_consent": False})

    assert _problem(problems, "G1", "candidate_consent").severity == "error"
