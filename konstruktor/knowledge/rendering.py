"""Article bodies: Markdown → sanitised HTML for pages, → plain text for the search index."""

import html
import re

import markdown  # type: ignore[import-untyped]
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a", "abbr", "sup", "sub",
    "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


_LIST_ITEM = r"[ \t]*(?:[-*+]|\d+[.)])[ \t]"
# Authors write lists straight under a sentence («…в частности:\n- первое»), as GitHub allows;
# Python-Markdown needs a blank line there, or the list runs into the paragraph.
_LIST_AFTER_TEXT = re.compile(rf"(?m)^((?!{_LIST_ITEM})(?![ \t]*\|)\S.*)\n(?={_LIST_ITEM})")


def markdown_html(body: str) -> str:
    """Safe HTML of a Markdown body: headings start at h2 (the page has the h1)."""
    source = _LIST_AFTER_TEXT.sub(r"\1\n\n", body or "")
    raw = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    raw = re.sub(r"<(/?)h1>", r"<\1h2>", raw)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}.*$")
_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`+)")


def markdown_text(body: str) -> str:
    """Plain text of a Markdown body, one block a line (what search indexes and quotes).

    A light pass over the source rather than a full render: indexing thousands of articles
    must not pay for the HTML renderer; tags and entities are stripped by nh3.
    """
    lines: list[str] = []
    for line in (body or "").splitlines():
        if _TABLE_RULE.match(line) or line.strip().startswith("```"):
            continue
        line = _LINE_MARKUP.sub("", line)
        line = _LINK.sub(r"\1", line)
        line = _EMPHASIS.sub("", line).replace("|", " ")
        line = " ".join(line.split())
        if line:
            lines.append(line)
    text = "\n".join(lines)
    if "<" in text or "&" in text:
        text = html.unescape(nh3.clean(text, tags=set()))
    return text
