"""OData v3 as SharePoint speaks it: literals, path segments, and the `$filter` grammar.

Pure functions over strings. Everything that cannot be parsed raises `SPError` (400), never a bare
Python exception, so a malformed URL gets SharePoint's OData error body.
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from .errors import SPError, bad_request

_TOKEN = re.compile(r"""
    \s*(?:
      (?P<typed>(?:guid|datetime|datetimeoffset|date|X|binary)'(?:[^']|'')*')
    | (?P<string>'(?:[^']|'')*')
    | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[LlMmDdFf]?)(?![\w'])
    | (?P<name>[A-Za-z_@$][\w./@$-]*)
    | (?P<punct>[(),=])
    )""", re.VERBOSE)

COMPARISONS = {"eq", "ne", "lt", "le", "gt", "ge"}
FUNCTIONS = {"startswith", "substringof", "endswith"}


@dataclass(frozen=True)
class Literal:
    """A parsed OData literal (string, number, bool, null, guid, datetime)."""

    value: Any


@dataclass(frozen=True)
class Name:
    """A property name (possibly a path like Author/Title)."""

    name: str


def tokenize(text: str) -> list[tuple[str, str]]:
    """Split an OData expression into (kind, text) tokens; 400 on anything unrecognised."""
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise bad_request(f"Syntax error at position {pos} in '{text}'.")
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


def literal_value(kind: str, text: str) -> Any:
    """The Python value of one literal token (names true/false/null included)."""
    if kind == "string":
        return text[1:-1].replace("''", "'")
    if kind == "number":
        core = text.rstrip("LlMmDdFf")
        return float(core) if any(c in core for c in ".eE") else int(core)
    if kind == "typed":
        prefix, _, rest = text.partition("'")
        raw = rest[:-1].replace("''", "'")
        if prefix == "guid":
            try:
                return str(uuid.UUID(raw))
            except ValueError:
                raise bad_request(f"Unrecognized 'Edm.Guid' literal '{text}'.") from None
        if prefix.startswith("date"):
            return parse_datetime(raw)
        return raw
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    raise bad_request(f"The expression '{text}' is not a valid literal.")


def parse_datetime(text: str) -> datetime:
    """An ISO date/time as SharePoint accepts it (trailing Z or offset optional; UTC assumed)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"Unrecognized 'Edm.DateTime' literal 'datetime'{text}''.") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------------------------- path segments

def split_path(path: str) -> list[str]:
    """Split an `_api` path on `/`, but not inside quotes or parentheses (server-relative URLs)."""
    segments: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for ch in path:
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        if ch == "/" and depth == 0 and not quoted:
            segments.append("".join(current))
            current = []
        else:
            current.append(ch)
    segments.append("".join(current))
    return [s for s in segments if s]


@dataclass(frozen=True)
class Segment:
    """One path segment: `name` and, when called, its positional and named arguments."""

    name: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    called: bool = False

    def arg(self, key: str | None = None, default: Any = None) -> Any:
        """A named argument (case-insensitive) or, failing that, the first positional one."""
        if key:
            for k, v in self.kwargs:
                if k.lower() == key.lower():
                    return v
        return self.args[0] if self.args else default


def parse_segment(text: str, aliases: dict[str, str] | None = None) -> Segment:
    """Parse `Name`, `Name(...)` with literals, `key=literal` pairs, or `@alias` parameters."""
    m = re.fullmatch(r"([^()]+)(?:\((.*)\))?", text, re.DOTALL)
    if not m:
        raise bad_request(f"The segment '{text}' is not valid.")
    name, inner = m.group(1), m.group(2)
    if inner is None:
        return Segment(name)
    args: list[Any] = []
    kwargs: list[tuple[str, Any]] = []
    tokens = tokenize(inner)
    i = 0
    while i < len(tokens):
        key = None
        if i + 1 < len(tokens) and tokens[i][0] == "name" and tokens[i + 1] == ("punct", "="):
            key, i = tokens[i][1], i + 2
        if i >= len(tokens):
            raise bad_request(f"The segment '{text}' is not valid.")
        kind, tok = tokens[i]
        value = _alias(tok, aliases) if kind == "name" and tok.startswith("@") else literal_value(kind, tok)
        (kwargs.append((key, value)) if key else args.append(value))
        i += 1
        if i < len(tokens):
            if tokens[i] != ("punct", ","):
                raise bad_request(f"The segment '{text}' is not valid.")
            i += 1
    return Segment(name, tuple(args), tuple(kwargs), True)


def _alias(token: str, aliases: dict[str, str] | None) -> Any:
    """Resolve a parameter alias `@v` from the query string (`?@v={json}` or `?@v='x'`)."""
    raw = (aliases or {}).get(token)
    if raw is None:
        raise bad_request(f"The parameter alias '{token}' has no value.")
    try:
        return json.loads(raw)
    except ValueError:
        kind, text = tokenize(raw)[0]
        return literal_value(kind, text)


# ---------------------------------------------------------------------------------------- $filter

class _Parser:
    """Recursive-descent parser for SharePoint's `$filter` subset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0

    def fail(self) -> SPError:
        return bad_request(f"The expression \"{self.text}\" is not valid.")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise self.fail()
        self.pos += 1
        return tok

    def keyword(self, *words: str) -> str | None:
        tok = self.peek()
        if tok and tok[0] == "name" and tok[1].lower() in words:
            self.pos += 1
            return tok[1].lower()
        return None

    def parse(self) -> tuple:
        node = self.or_expr()
        if self.peek() is not None:
            raise self.fail()
        return node

    def or_expr(self) -> tuple:
        node = self.and_expr()
        while self.keyword("or"):
            node = ("or", node, self.and_expr())
        return node

    def and_expr(self) -> tuple:
        node = self.unary()
        while self.keyword("and"):
            node = ("and", node, self.unary())
        return node

    def unary(self) -> tuple:
        if self.keyword("not"):
            return ("not", self.unary())
        left = self.operand()
        op = self.keyword(*COMPARISONS)
        if op is None:
            if isinstance(left, tuple) and left[0] in ("call", "group"):
                return left
            raise self.fail()
        return ("cmp", op, left, self.operand())

    def operand(self) -> Any:
        kind, text = self.take()
        if kind == "punct" and text == "(":
            node = self.or_expr()
            if self.take() != ("punct", ")"):
                raise self.fail()
            return ("group", node)
        if kind == "name" and text.lower() in FUNCTIONS and self.peek() == ("punct", "("):
            self.take()
            first = self.operand()
            if self.take() != ("punct", ","):
                raise self.fail()
            second = self.operand()
            if self.take() != ("punct", ")"):
                raise self.fail()
            return ("call", text.lower(), first, second)
        if kind == "name" and text.lower() not in ("true", "false", "null"):
            return Name(text)
        if kind == "punct":
            raise self.fail()
        return Literal(literal_value(kind, text))


def parse_filter(text: str) -> tuple:
    """Parse a `$filter` expression into a small tuple AST; 400 on a syntax error."""
    return _Parser(text).parse()


def filter_fields(node: Any) -> set[str]:
    """Every property name a filter refers to (to validate columns and apply the threshold)."""
    if isinstance(node, Name):
        return {node.name.split("/")[0]}
    if isinstance(node, tuple):
        return set().union(*(filter_fields(part) for part in node[1:])) if len(node) > 1 else set()
    return set()


Lookup = Callable[[str], tuple[Any, str]]  # name -> (value, field kind)


def evaluate(node: Any, lookup: Lookup) -> Any:
    """Evaluate a filter AST for one row; `lookup` gives a field's value and kind."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Name):
        return lookup(node.name)[0]
    tag = node[0]
    if tag == "group":
        return evaluate(node[1], lookup)
    if tag == "or":
        return bool(evaluate(node[1], lookup)) or bool(evaluate(node[2], lookup))
    if tag == "and":
        return bool(evaluate(node[1], lookup)) and bool(evaluate(node[2], lookup))
    if tag == "not":
        return not evaluate(node[1], lookup)
    if tag == "call":
        return _call(node[1], _text(evaluate(node[2], lookup)), _text(evaluate(node[3], lookup)))
    return _compare(node[1], _side(node[2], lookup), _side(node[3], lookup))


def _side(node: Any, lookup: Lookup) -> tuple[Any, str]:
    if isinstance(node, Name):
        return lookup(node.name)
    return evaluate(node, lookup), ""


def _text(value: Any) -> str:
    return "" if value is None else str(value).lower()


def _call(name: str, a: str, b: str) -> bool:
    # SharePoint compares text case-insensitively (SQL collation); substringof(needle, haystack)
    if name == "startswith":
        return a.startswith(b)
    if name == "endswith":
        return a.endswith(b)
    return a in b


def _compare(op: str, left: tuple[Any, str], right: tuple[Any, str]) -> bool:
    a, b = coerce_pair(left, right)
    if op == "eq":
        return a == b
    if op == "ne":
        return a != b
    if a is None or b is None:
        return False
    try:
        return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]
    except TypeError:
        return False


def coerce_pair(left: tuple[Any, str], right: tuple[Any, str]) -> tuple[Any, Any]:
    """Bring both sides of a comparison to one comparable type (dates, numbers, case-folded text)."""
    (a, ka), (b, kb) = left, right
    a, b = (None if v == "" else v for v in (a, b))
    if a is None or b is None:
        return a, b
    if "DateTime" in (ka, kb) or isinstance(a, datetime) or isinstance(b, datetime):
        return _as_datetime(a), _as_datetime(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a), bool(b) if not isinstance(b, str) else b.lower() == "true"
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        try:
            return float(a), float(b)
        except (TypeError, ValueError):
            return str(a).lower(), str(b).lower()
    return str(a).lower(), str(b).lower()


def _as_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    try:
        return parse_datetime(str(value))
    except SPError:
        return None


# ------------------------------------------------------------------- $select / $expand / $orderby

def parse_list_option(text: str | None) -> list[str]:
    """`$select`/`$expand`: a comma-separated list of (path) names."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def parse_orderby(text: str | None) -> list[tuple[str, bool]]:
    """`$orderby`: [(field, descending)], 400 on a bad direction."""
    result = []
    for part in parse_list_option(text):
        words = part.split()
        if len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise bad_request(f"The expression \"{part}\" is not valid.")
        result.append((words[0], len(words) == 2 and words[1].lower() == "desc"))
    return result


def parse_top(text: str | None, default: int) -> int:
    """`$top` as a non-negative integer; 400 otherwise."""
    if text is None or text == "":
        return default
    if not text.strip().isdigit():
        raise bad_request(f"The value '{text}' is not valid for $top.")
    return int(text)
