from konstruktor.core.text import normalize, search_document, search_tokens


def test_normalize_folds_case_yo_and_quotes() -> None:
    assert normalize('«Ёлочка» “Звёзды” "Клён"') == "елочка звезды клен"


def test_query_with_full_legal_form_meets_abbreviation_in_document() -> None:
    document = search_document("АНО «Вектор»")
    tokens = search_tokens("автономной некоммерческой организации Вектор")
    assert tokens == ["ано", "вектор"]
    assert all(f" {t}" in document for t in tokens)


def test_regional_public_organization_is_found_as_public_organization() -> None:
    document = search_document("РОО «Надежда»")
    assert all(f" {t}" in document for t in search_tokens("общественная организация надежда"))


def test_charity_fund_found_by_word_fund() -> None:
    document = search_document("Благотворительный фонд «Дети»")
    assert " бф" in document and " фонд" in document


def test_abbreviation_does_not_match_inside_a_word() -> None:
    document = search_document("Фонд развития города Иваново")
    assert " ано" not in document
