"""Highlighted fragments: the part of a text with most query terms, matches in <mark>.

Everything outside and inside the marks is escaped here, so the result is safe HTML.
"""

import re

from django.utils.html import escape

from konstruktor.core.search.analysis import Analyzer, normalize

SNIPPET_LENGTH = 240
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+|\n+")


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Escape the text and wrap the spans (merged when they touch) in <mark>."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[str] = []
    position = 0
    for start, end in merged:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight_terms(text: str, analyzer: Analyzer, terms: set[str]) -> str:
    return highlight(text, [(t.start, t.end) for t in analyzer.tokens(text) if t.term in terms])


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a window to word boundaries."""
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + SNIPPET_LENGTH // 2:
            end = space
    return start, end


def _best_window(text: str, prefixes: tuple[str, ...], length: int) -> int:
    """Where the window with most distinct query-word beginnings starts (at a sentence).

    Substring tests instead of analysis: only the chosen window is analysed afterwards.
    """
    normalized = normalize(text)
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    best_start, best_key = 0, (-1, 0)
    for start in starts:
        window = normalized[start : start + length]
        present = [p for p in prefixes if p in window]
        key = (len(present), -start)
        if key > best_key:
            best_start, best_key = start, key
        if best_key[0] == len(prefixes):
            break
    return best_start


def snippet(
    text: str, analyzer: Analyzer, terms: set[str], *, length: int = SNIPPET_LENGTH, prefixes: tuple[str, ...] = ()
) -> str:
    """A fragment of about `length` characters, starting at a sentence, with most query terms."""
    text = " ".join(text.split())
    if not text:
        return ""
    start = _best_window(text, prefixes or analyzer.prefixes(terms), length)
    start, end = _cut(text, start, min(len(text), start + length))
    fragment = text[start:end]
    spans = [(t.start, t.end) for t in analyzer.tokens(fragment) if t.term in terms]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + highlight(fragment, spans) + suffix
