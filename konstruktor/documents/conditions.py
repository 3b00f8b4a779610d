"""A tiny, safe expression language for conditions over answers (no eval).

    legal_form == "oo"            route != "gosuslugi" and count(founders) > 1
    not simplified                territory in ["regional", "local"]
    params.registration_duty_rub > 0

Values: strings in double or single quotes, numbers, true/false/null, lists [a, b], names with
dots (answers, the item of a repeated group, `params`). Operators: == != < <= > >= in, not in,
and, or, not, parentheses. Functions: count(x) — items in a list (0 when empty), empty(x),
filled(x). A missing name is null; comparing null with a number is false, never an error.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


class ConditionError(ValueError):
    """A syntax error with the position, in Russian."""

    def __init__(self, message: str, position: int) -> None:
        self.position = position
        super().__init__(f"{message} (позиция {position + 1})")


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?)
      | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    )""",
    re.VERBOSE,
)
KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list | tuple | dict | str) else 0


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "count": _count,
    "empty": _empty,
    "filled": lambda value: not _empty(value),
}


@dataclass(frozen=True)
class Token:
    kind: str  # number, string, op, name, keyword, end
    value: Any
    position: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    stripped_end = len(text.rstrip())
    while position < stripped_end:
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ConditionError(f"непонятный символ «{text[position:].strip()[:1]}»", position)
        start = match.start(match.lastgroup or 0)
        kind = match.lastgroup or ""
        raw = match.group(kind)
        if kind == "number":
            tokens.append(Token("number", float(raw) if "." in raw else int(raw), start))
        elif kind == "string":
            body = raw[1:-1]
            tokens.append(Token("string", re.sub(r"\\(.)", r"\1", body), start))
        elif kind == "name" and raw in KEYWORDS:
            tokens.append(Token("keyword", raw, start))
        else:
            tokens.append(Token(kind, raw, start))
        position = match.end()
    tokens.append(Token("end", None, len(text)))
    return tokens


# The parsed tree: tuples ("lit", v) ("name", "a.b") ("call", f, arg) ("not", x)
# ("and", a, b) ("or", a, b) ("cmp", op, a, b) ("list", [..]).
Node = tuple[Any, ...]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def accept(self, kind: str, value: Any = None) -> bool:
        token = self.current
        if token.kind == kind and (value is None or token.value == value):
            self.index += 1
            return True
        return False

    def expect(self, kind: str, value: str, what: str) -> None:
        if not self.accept(kind, value):
            raise ConditionError(f"ожидается {what}", self.current.position)

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise ConditionError("пустое условие", 0)
        node = self.parse_or()
        if self.current.kind != "end":
            raise ConditionError(f"лишнее «{self.current.value}»", self.current.position)
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while self.accept("keyword", "or"):
            node = ("or", node, self.parse_and())
        return node

    def parse_and(self) -> Node:
        node = self.parse_not()
        while self.accept("keyword", "and"):
            node = ("and", node, self.parse_not())
        return node

    def parse_not(self) -> Node:
        if self.accept("keyword", "not"):
            return ("not", self.parse_not())
        return self.parse_comparison()

    def parse_comparison(self) -> Node:
        left = self.parse_primary()
        token = self.current
        if token.kind == "op" and token.value in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            return ("cmp", token.value, left, self.parse_primary())
        if self.accept("keyword", "in"):
            return ("cmp", "in", left, self.parse_primary())
        if token.kind == "keyword" and token.value == "not" and self.tokens[self.index + 1].value == "in":
            self.index += 2
            return ("cmp", "not in", left, self.parse_primary())
        return left

    def parse_primary(self) -> Node:
        token = self.take()
        if token.kind in ("number", "string"):
            return ("lit", token.value)
        if token.kind == "keyword" and token.value in ("true", "false", "null"):
            return ("lit", {"true": True, "false": False, "null": None}[token.value])
        if token.kind == "op" and token.value == "(":
            node = self.parse_or()
            self.expect("op", ")", "закрывающая скобка «)»")
            return node
        if token.kind == "op" and token.value == "[":
            items: list[Node] = []
            if not self.accept("op", "]"):
                items.append(self.parse_primary())
                while self.accept("op", ","):
                    items.append(self.parse_primary())
                self.expect("op", "]", "закрывающая скобка «]»")
            return ("list", items)
        if token.kind == "name":
            if self.current.kind == "op" and self.current.value == "(":
                if token.value not in FUNCTIONS:
                    raise ConditionError(
                        f"неизвестная функция «{token.value}» (есть: {', '.join(FUNCTIONS)})", token.position
                    )
                self.take()
                argument = self.parse_or()
                self.expect("op", ")", "закрывающая скобка «)»")
                return ("call", token.value, argument)
            return ("name", token.value)
        if token.kind == "end":
            raise ConditionError("условие оборвалось", token.position)
        raise ConditionError(f"неуместное «{token.value}»", token.position)


@lru_cache(maxsize=2048)
def parse(text: str) -> Node:
    return _Parser(text).parse()


def names(node: Node) -> set[str]:
    """Dotted names an expression reads (function names excluded)."""
    kind = node[0]
    if kind == "name":
        return {node[1]}
    if kind == "lit":
        return set()
    if kind == "list":
        return set().union(*(names(item) for item in node[1])) if node[1] else set()
    if kind == "call":
        return names(node[2])
    if kind == "not":
        return names(node[1])
    if kind in ("and", "or"):
        return names(node[1]) | names(node[2])
    return names(node[2]) | names(node[3])  # cmp


def _lookup(scopes: tuple[Mapping[str, Any], ...], dotted: str) -> Any:
    head, *rest = dotted.split(".")
    value: Any = None
    for scope in scopes:
        if head in scope:
            value = scope[head]
            break
    for part in rest:
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
    return value


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "==":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if op in ("in", "not in"):
        found = isinstance(right, list | tuple | str | set) and left is not None and left in right
        if isinstance(left, list | tuple) and isinstance(right, list | tuple):
            found = any(item in right for item in left)
        return found if op == "in" else not found
    try:
        if op == "<":
            return bool(left < right)
        if op == "<=":
            return bool(left <= right)
        if op == ">":
            return bool(left > right)
        return bool(left >= right)
    except TypeError:
        return False


def _evaluate(node: Node, scopes: tuple[Mapping[str, Any], ...]) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "name":
        return _lookup(scopes, node[1])
    if kind == "list":
        return [_evaluate(item, scopes) for item in node[1]]
    if kind == "call":
        return FUNCTIONS[node[1]](_evaluate(node[2], scopes))
    if kind == "not":
        return not _evaluate(node[1], scopes)
    if kind == "and":
        return bool(_evaluate(node[1], scopes)) and bool(_evaluate(node[2], scopes))
    if kind == "or":
        return bool(_evaluate(node[1], scopes)) or bool(_evaluate(node[2], scopes))
    return _compare(node[1], _evaluate(node[2], scopes), _evaluate(node[3], scopes))


def evaluate(text: str, *scopes: Mapping[str, Any]) -> bool:
    """True when the condition holds; an empty condition always holds.

    Scopes are searched in order: the item of a repeated group first, then the answers.
    """
    if not text or not text.strip():
        return True
    return bool(_evaluate(parse(text.strip()), scopes))


def check(text: str, known: set[str]) -> str | None:
    """A Russian message when the condition does not parse or reads an unknown name."""
    if not text.strip():
        return None
    try:
        node = parse(text.strip())
    except ConditionError as exc:
        return f"Ошибка в условии: {exc}."
    unknown = sorted({name.split(".")[0] for name in names(node)} - known)
    if unknown:
        return f"В условии неизвестные переменные: {', '.join(unknown)}."
    return None
