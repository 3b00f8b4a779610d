"""The legal-form chooser on worked examples (FACTS.md §1.2, §4, §5)."""

from konstruktor.incubator.chooser import (
    ANO,
    ASSOCIATION,
    FUND,
    PRIVATE_INSTITUTION,
    PUBLIC_ORGANIZATION,
    Answers,
    legal_form_recommend,
)


def test_one_founder_planning_social_services_is_advised_an_ano_citing_442_fz() -> None:
    rec = legal_form_recommend(Answers(founders=1, social_services=True, wants_provider_442=True))
    assert rec.form == ANO
    assert rec.okopf == "71400"
    assert rec.min_founders == 1
    bases = " ".join(r.legal_basis for r in rec.reasons)
    assert "123.24" in bases and "442-ФЗ ст. 25" in bases
    assert any("директор" in b for b in rec.bodies)


def test_three_citizens_who_want_members_are_advised_a_public_organization_with_an_audit_body() -> None:
    rec = legal_form_recommend(Answers(founders=3, wants_members=True))
    assert rec.form == PUBLIC_ORGANIZATION
    assert rec.min_founders == 3
    assert any("контрольно-ревизионный" in b for b in rec.bodies)
    assert all(r.legal_basis for r in rec.reasons)


def test_members_with_company_founders_lead_to_an_association_not_a_public_organization() -> None:
    rec = legal_form_recommend(Answers(founders=3, wants_members=True, legal_entity_founders=True))
    assert rec.form == ASSOCIATION
    why_not = {a.form: a for a in rec.alternatives}[PUBLIC_ORGANIZATION]
    assert "только граждане" in why_not.why_not
    assert "82-ФЗ" in why_not.legal_basis


def test_public_associations_as_founders_keep_the_public_organization_open() -> None:
    rec = legal_form_recommend(
        Answers(founders=3, wants_members=True, legal_entity_founders=True, legal_entity_founders_public=True)
    )
    assert rec.form == PUBLIC_ORGANIZATION


def test_two_founders_wanting_members_get_an_association_because_a_public_organization_needs_three() -> None:
    rec = legal_form_recommend(Answers(founders=2, wants_members=True))
    assert rec.form == ASSOCIATION
    assert rec.min_founders == 2
    why_not = {a.form: a for a in rec.alternatives}[PUBLIC_ORGANIZATION]
    assert "не меньше 3" in why_not.why_not


def test_fund_raising_leads_to_a_fund_with_a_board_of_trustees() -> None:
    rec = legal_form_recommend(Answers(founders=1, fundraising=True))
    assert rec.form == FUND
    assert any("попечительский совет" in b for b in rec.bodies)
    assert any("7-ФЗ ст. 7" in r.legal_basis for r in rec.reasons)


def test_a_founder_keeping_the_property_is_advised_a_private_institution() -> None:
    rec = legal_form_recommend(Answers(founders=1, property_stays_with_founder=True))
    assert rec.form == PRIVATE_INSTITUTION
    assert any("123.21" in r.legal_basis for r in rec.reasons)


def test_iopu_wish_adds_a_note_citing_article_31_4_for_any_form() -> None:
    rec = legal_form_recommend(Answers(founders=3, wants_members=True, wants_iopu=True))
    assert any("31.4" in n.legal_basis for n in rec.notes)


def test_answers_from_a_form_post_are_parsed_with_defaults() -> None:
    rec = legal_form_recommend({"founders": "x", "wants_members": "1", "social_services": "on"})
    # one founder cannot found a membership organization: АНО with the explanation
    assert rec.form == ANO
    assert any("учредителя" in r.text for r in rec.reasons)


def test_every_alternative_names_its_law() -> None:
    rec = legal_form_recommend(Answers(founders=5))
    assert len(rec.alternatives) == 5
    assert all(a.legal_basis for a in rec.alternatives)
