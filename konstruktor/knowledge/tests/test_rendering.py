"""Article bodies: Markdown rendered safely for pages, and as plain text for the index."""

from konstruktor.knowledge.rendering import markdown_html, markdown_text


def test_scripts_and_javascript_links_are_removed() -> None:
    html = markdown_html('<script>alert(1)</script> [ссылка](javascript:alert(1)) <b onclick="x">жирный</b>')
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html


def test_a_list_right_under_a_sentence_is_still_a_list() -> None:
    html = markdown_html("Нельзя, в частности:\n- иностранцу без права пребывания;\n- лицу из перечня.")
    assert "<p>Нельзя, в частности:</p>" in html and "<li>иностранцу без права пребывания;</li>" in html


def test_plain_text_keeps_words_and_drops_markup() -> None:
    text = markdown_text("### Сроки\n- **5 рабочих дней** в [Минюсте](https://minjust.gov.ru)\n| a | b |\n|---|---|")
    assert text.splitlines() == ["Сроки", "5 рабочих дней в Минюсте", "a b"]
