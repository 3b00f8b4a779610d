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

    Substring tests instead of analysis: only the chosen window is analysed afterwards. Each
    beginning is located once (str.find), then one sweep over the sentence starts keeps count of
    the occurrences lying wholly inside the window: the cost follows the number of matches, not
    sentences × beginnings.
    """
    if not prefixes:
        return 0
    normalized = normalize(text)
    found: list[tuple[int, int, int]] = []  # (start, end, which prefix)
    for index, prefix in enumerate(prefixes):
        position = normalized.find(prefix)
        while position >= 0:
            found.append((position, position + len(prefix), index))
            position = normalized.find(prefix, position + 1)
    if not found:
        return 0
    by_start = sorted(found)
    by_end = sorted(range(len(by_start)), key=lambda k: by_start[k][1])
    state = [0] * len(by_start)  # 0 not yet inside a window, 1 inside, 2 behind the window start
    counts = [0] * len(prefixes)
    present = 0
    gone = added = 0
    best_start, best = 0, -1
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    for start in starts:
        while gone < len(by_start) and by_start[gone][0] < start:
            if state[gone] == 1:
                counts[by_start[gone][2]] -= 1
                present -= counts[by_start[gone][2]] == 0
            state[gone] = 2
            gone += 1
        while added < len(by_end) and by_start[by_end[added]][1] <= start + length:
            k = by_end[added]
            if state[k] == 0:
                state[k] = 1
                counts[by_start[k][2]] += 1
                present += counts[by_start[k][2]] == 1
            added += 1
        if present > best:
            best_start, best = start, present
            if present == len(prefixes):
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
