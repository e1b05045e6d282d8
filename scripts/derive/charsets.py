"""The docs' Chinese charset phrases -> regular-expression character classes.

``中文、英文字母、数字、“_”`` names the characters a value may hold; :func:`charset` turns such a
list into the body of a character class (``\\u4e00-\\u9fa5A-Za-z0-9_``), :func:`pattern` builds the
whole-value pattern from the allowed set and the allowed first characters.
"""

from __future__ import annotations

import re

CHINESE = "\\u4e00-\\u9fa5"
LETTERS = "A-Za-z"
DIGITS = "0-9"

WORDS: tuple[tuple[str, str], ...] = (
    # (word as the docs write it, the class body it stands for); longest words first
    ("英文格式的下划线", "_"),
    ("英文字母", LETTERS),
    ("英文句号", "."),
    ("英文", LETTERS),
    ("字母", LETTERS),
    ("中文", CHINESE),
    ("汉字", CHINESE),
    ("数字", DIGITS),
    ("下划线", "_"),
    ("中划线", "\\-"),
    ("中连线", "\\-"),
    ("连线", "\\-"),
    ("斜线（/）", "/"),
    ("斜线", "/"),
    ("斜杠", "/"),
    ("点", "."),
    ("冒号", ":"),
    ("空格", " "),
)
_QUOTED = re.compile(r"[“\"]([^”\"]*)[”\"]")
_PUNCT = re.compile(r"[!-/:-@\[-`{-~]+")
_SEP = re.compile(r"[、，,]|和|或|及")


def _token(token: str) -> str | None:
    """The class body for one token of a list (``英文字母``, ``“_”``, ``+_!@#$%/=``), or ``None``."""
    t = token.strip()
    for word, cls in WORDS:
        if t == word:
            return cls
    m = _QUOTED.fullmatch(t)
    if m:
        inner = m.group(1)
        return _literal(inner) if inner and _PUNCT.fullmatch(inner) else None
    if _PUNCT.fullmatch(t):
        return _literal(t)
    return None


def ends_list(item: str) -> bool:
    """Whether the item after a run of charset words ends the list (a clause on the first
    character, a length, nothing); any other item (``“”``, ``斜杠``, ``等``) leaves the list unread
    rather than read short."""
    return not item or bool(re.match(r"(?:只能|必须|以|\d)", item.strip()))


def _literal(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def tokens(phrase: str) -> list[str]:
    """Split a list phrase at its separators, keeping quoted items whole (``“,”`` stays one item)."""
    out: list[str] = []
    pos = 0
    buf = ""
    while pos < len(phrase):
        q = _QUOTED.match(phrase, pos)
        if q:
            buf += q.group(0)
            pos = q.end()
            continue
        s = _SEP.match(phrase, pos)
        if s or phrase.startswith("且", pos):
            out.append(buf)
            buf = ""
            pos = s.end() if s else pos + 1
            continue
        buf += phrase[pos]
        pos += 1
    out.append(buf)
    return [t.strip() for t in out if t.strip()]


def charset(phrase: str) -> str | None:
    """The class body for a whole list phrase; ``None`` when any item is not a charset word."""
    parts = [_token(t) for t in tokens(phrase)]
    if not parts or any(p is None for p in parts):
        return None
    return merge([p for p in parts if p is not None])


def leading(items: list[str]) -> tuple[str | None, int]:
    """The class body of the longest leading run of charset items, and how many items it took."""
    bodies: list[str] = []
    for item in items:
        body = _token(item)
        if body is None:
            break
        bodies.append(body)
    return (merge(bodies) if bodies else None), len(bodies)


def merge(bodies: list[str]) -> str:
    """Join class bodies in a fixed order (Chinese, letters, digits, then symbols as written)."""
    order = [CHINESE, LETTERS, DIGITS]
    named = [b for b in order if b in bodies]
    rest: list[str] = []
    for b in bodies:
        if b in order:
            continue
        for piece in re.findall(r"\\.|.", b):
            if piece not in rest:
                rest.append(piece)
    return "".join(named) + "".join(rest)


def pattern(allowed: str, first: str | None) -> str:
    """The whole-value pattern: optional first-character class, then any number of allowed chars."""
    return f"[{first}][{allowed}]*" if first else f"[{allowed}]*"


def describe(allowed: str, first: str | None) -> str:
    """The pattern in English words, for the rule's ``text``."""
    words = {CHINESE: "Chinese characters", LETTERS: "letters", DIGITS: "digits"}

    def say(body: str) -> str:
        named = [w for b, w in words.items() if b in body]
        rest = body
        for b in words:
            rest = rest.replace(b, "")
        syms = [p[-1] for p in re.findall(r"\\.|.", rest)]
        return ", ".join(named + [s if s != " " else "space" for s in syms])

    text = f"only {say(allowed)}"
    return f"{text}; starts with {say(first)}" if first else text
