"""Hypothesis strategies of the value formats a ``format`` rule names (``translator.spec.rules.FORMATS``):
per format, strings of the format (:func:`valid_format`) and strings that are not
(:func:`invalid_format`), both built by construction and checked with the format's own predicate
(``translator.models.formats.CHECKS``), so a valid string always passes it and an invalid one never.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from translator.models.formats import CHECKS

_LABEL = st.from_regex(r"[a-z]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_TOP = st.from_regex(r"[a-z]{2,6}", fullmatch=True)
_OCTET = st.integers(0, 255)
_SEGMENT = st.from_regex(r"[A-Za-z0-9_.~-]{1,8}", fullmatch=True)


def _ip() -> st.SearchStrategy[str]:
    return st.tuples(_OCTET, _OCTET, _OCTET, _OCTET).map(lambda o: ".".join(map(str, o)))


def _cidr() -> st.SearchStrategy[str]:
    return st.builds(lambda ip, bits: f"{ip}/{bits}", _ip(), st.integers(0, 32))


def _domain() -> st.SearchStrategy[str]:
    labels = st.lists(_LABEL, min_size=1, max_size=3)
    return st.builds(
        lambda wild, ls, top: ("*." if wild else "") + ".".join([*ls, top]), st.booleans(), labels, _TOP
    )


def _host() -> st.SearchStrategy[str]:
    name = st.one_of(
        st.lists(_LABEL, min_size=1, max_size=3).map(".".join),
        _ip(),
    )
    port = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
    return st.builds(lambda n, p: n + p, name, port)


def _uri() -> st.SearchStrategy[str]:
    return st.lists(_SEGMENT, max_size=4).map(lambda segs: "/" + "/".join(segs))


def _email() -> st.SearchStrategy[str]:
    local = st.from_regex(r"[A-Za-z0-9._%+-]{1,10}", fullmatch=True)
    return st.builds(lambda lo, d: f"{lo}@{d}", local, _domain().map(lambda d: d.removeprefix("*.")))


def _code_item() -> st.SearchStrategy[str]:
    one = st.integers(100, 599)
    single = one.map(str)
    span = st.tuples(one, one).map(lambda p: f"{min(p)}-{max(p)}")
    return st.one_of(single, span)


def _http_codes() -> st.SearchStrategy[str]:
    return st.lists(_code_item(), min_size=1, max_size=4).map(",".join)


_VALID: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "http_codes": _http_codes,
    "uri": _uri,
    "ip": _ip,
    "cidr": _cidr,
    "ip_or_cidr": lambda: st.one_of(_ip(), _cidr()),
    "domain": _domain,
    "host": _host,
    "email": _email,
}

_BAD: dict[str, tuple[str, ...]] = {
    "http_codes": ("600", "99", "abc", "299-200", "200,", "2000", "200;201"),
    "uri": ("a/b", "", "/a b", "api", " /x"),
    "ip": ("256.1.1.1", "1.2.3", "1.2.3.4/8", "a.b.c.d", "", "1.2.3.4.5"),
    "cidr": ("1.2.3.4", "1.2.3.4/33", "1.2.3/8", "x/8", ""),
    "ip_or_cidr": ("256.1.1.1", "1.2.3.4/33", "1.2.3", "host", ""),
    "domain": ("nodot", "-a.com", "a..com", "a b.com", "", "a.1com", "a_b.com"),
    "host": ("a:99999", "a b", "-a", "1.2.3", "a:", "a..b", ""),
    "email": ("nobody", "a@", "@b.com", "a@b", "a b@c.com", "a@@b.com"),
}
"""Hand-picked strings that are not of each format (each checked against the predicate)."""


def valid_format(fmt: str) -> st.SearchStrategy[str]:
    """Strings of the format ``fmt`` (one of ``translator.spec.rules.FORMATS``)."""
    check = CHECKS[fmt]
    return _VALID[fmt]().filter(check)


def invalid_format(fmt: str) -> st.SearchStrategy[str]:
    """Strings that are not of the format ``fmt``: hand-picked near misses, or a valid string with
    one character replaced by a space (no format takes whitespace)."""
    check = CHECKS[fmt]
    bad = [b for b in _BAD[fmt] if not check(b)]
    spaced = st.tuples(_VALID[fmt](), st.integers(0, 100)).map(lambda p: _space(*p))
    return st.one_of(st.sampled_from(bad), spaced).filter(lambda s: not check(s))


def _space(value: str, at: int) -> str:
    i = at % len(value) if value else 0
    return value[:i] + " " + value[i + 1 :]
