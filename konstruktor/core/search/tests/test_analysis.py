"""The analyzer: word forms, ё/е, abbreviations and their expansions, typos."""

import pytest

from konstruktor.core.search.analysis import Analyzer, normalize, word_info
from konstruktor.core.search.vocabulary import Vocabulary, edit_distance


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def terms(analyzer: Analyzer, text: str) -> set[str]:
    return {t.term for t in analyzer.tokens(text)}


def query_terms(analyzer: Analyzer, text: str) -> set[str]:
    return {term for unit in analyzer.query(text) for term, _ in unit.terms}


def test_word_forms_share_one_lemma(analyzer: Analyzer) -> None:
    assert terms(analyzer, "организации") & terms(analyzer, "организацией") == {"организация"}
    assert word_info("учредителей")[0] == "учредитель"


def test_yo_and_ye_are_the_same_letter(analyzer: Analyzer) -> None:
    assert normalize("Отчёт") == "отчет"
    assert terms(analyzer, "отчёт") == terms(analyzer, "отчет")


def test_a_noun_wins_a_tie_between_lemmas() -> None:
    assert word_info("устав")[0] == "устав"
    assert word_info("уставе")[0] == "устав"


def test_question_words_and_prepositions_are_not_indexed(analyzer: Analyzer) -> None:
    assert terms(analyzer, "как и сколько нужно для") == set()


def test_abbreviation_and_its_expansion_meet_on_one_concept(analyzer: Analyzer) -> None:
    short = query_terms(analyzer, "АНО")
    long = query_terms(analyzer, "автономная некоммерческая организация")
    assert short == long == {"~ано"}
    assert "~ано" in terms(analyzer, "Устав автономной некоммерческой организации")
    assert "~ано" in terms(analyzer, "устав АНО")


def test_a_longer_phrase_also_implies_the_broader_concept_in_the_index(analyzer: Analyzer) -> None:
    indexed = terms(analyzer, "автономная некоммерческая организация")
    assert {"~ано", "~нко"} <= indexed


def test_law_numbers_are_one_token(analyzer: Analyzer) -> None:
    assert "~7фз" in terms(analyzer, "ст. 31.1 Федерального закона № 7-ФЗ")
    assert query_terms(analyzer, "7 фз") == query_terms(analyzer, "закон о некоммерческих организациях")


def test_form_codes_keep_letters_and_digits_together(analyzer: Analyzer) -> None:
    assert {"он0001", "0001"} <= terms(analyzer, "форма ОН0001")


def test_editor_synonym_line_joins_its_phrases() -> None:
    analyzer = Analyzer([["грантодатель", "донор проекта"]])
    assert query_terms(analyzer, "грантодатели") == query_terms(analyzer, "донора проекта")


def test_typo_finds_the_vocabulary_word() -> None:
    vocabulary = Vocabulary(df={"реестр": 5, "регистрация": 7, "устав": 3}, documents=10)
    assert vocabulary.corrections("рестр", "рестр") == ["реестр"]
    assert vocabulary.corrections("регистрацыи", word_info("регистрацыи")[0])[0] == "регистрация"
    assert vocabulary.corrections("кошка", "кошка") == []


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("реестр", "рестр") == 1
    assert edit_distance("реестр", "реетср") == 1
    assert edit_distance("реестр", "устав") == 3
