"""A field description's sentences -> value rules (the kinds of ``translator/spec/rules.py``).

:func:`read` takes one sentence and returns the rules it states, untyped: enum values and defaults
stay strings, a rule about a sibling names it by the docs' words (``_label``) or by its JSON name
(``other``). ``scripts/derive/prose_rules.py`` types them against the field, resolves siblings and
drops what the field's table columns already say. Each reader consumes the words it read, so a
later reader does not read them again (a variable name's length is not the field's length).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import charsets

Raw = dict[str, Any]

KEYWORDS = re.compile(
    "只能|必须|取值|范围|长度|开头|小于|大于|不超过|支持|必选|必填|格式|默认|缺省|最大|最小|组成|字符|正整数|不能|规范"
)
"""Words that make a sentence look like a rule (listed as unread when no rule comes of it)."""

NOT_RULES = tuple(
    re.compile(p)
    for p in (
        r"中文字符必须为UTF-8或者unicode编码",
        r"偏移量小于0时，自动转换为0",  # lenient behaviour, not a constraint on the value
        r"是否(?:支持|开启|必须)",
        r"暂不支持|待废弃",
        r"^-\s*[\w$.{}]+\s*[：:]",  # a list item "- VALUE：meaning" of an enum list
        r"部分region",  # availability, not a value rule
        # what the field means, not a rule ("参数为数值类型时，最大参数值", "参数默认值")
        r"^(?:参数为\S+?类型时，)?(?:参数的?)?(?:最大|最小|默认)(?:参数)?(?:值|长度)(?:（参数类型为\w+时有效）)?$",
        r"^[^，,：:]*的(?:最大次数限制|格式)$|^最小ssl协议版本号$|^缺省响应",
        r"^(?:CONSUMER|DEVELOPER|MARKET)模式，接口调用者必须",  # who may call, not the value
        r"缺省时为VPC中主机的端口号|默认为当前时间|使用默认的当前时间",  # defaults that are no constant
        r"如果不写端口，则HTTPS默认端口号为443",  # the port a host value implies
        r"头域名称在使用前会被规范化|支持路径变量|权重只对.*生效|json或yaml格式的文件",
        r"目前支持\w+和\w+，两个均存在时",  # two names of one parameter
        r"支持输入多个标签，不同标签以英文逗号分割",
        r"默认为null，不做校验",  # null: absent
        r"仅[^，,]*时支持$|实例需要升级到对应版本才支持此功能",  # applicability (seed pages)
        r"企业帐号必填",  # depends on the account, not on a field
    )
)
"""Sentences that use those words but state nothing about the value (informative); not read."""

INTRODUCER = re.compile(r"[：:]$")
"""A line that introduces a list (``支持如下三种格式：``): read, but not listed when it gives nothing."""

_GAP = "\0"
_NUM = r"(-?\d+)"
_TO = r"\s*(?:~|～|-|到|至)\s*"


def sentences(description: str) -> list[str]:
    """The sentences of a description: its lines, split at full stops and semicolons."""
    out: list[str] = []
    for line in description.split("\n"):
        for part in re.split(r"[。；;]", line):
            part = part.strip()
            if part:
                out.append(part)
    return out


def looks_like_rule(sentence: str) -> bool:
    return (
        bool(KEYWORDS.search(sentence))
        and not INTRODUCER.search(sentence)
        and not any(p.search(sentence) for p in NOT_RULES)
    )


class _Text:
    """A sentence being read: matched spans are blanked out so no two readers read the same words."""

    def __init__(self, sentence: str) -> None:
        self.text = sentence

    def take(self, pattern: str) -> list[re.Match[str]]:
        found = list(re.finditer(pattern, self.text))
        for m in reversed(found):
            self.text = self.text[: m.start()] + _GAP * (m.end() - m.start()) + self.text[m.end() :]
        return found

    def peek(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.text)

    def blank(self, start: int, end: int) -> None:
        self.text = self.text[:start] + _GAP * (end - start) + self.text[end:]


def _variables(t: _Text) -> list[Raw]:
    if t.take(r"支持环境变量.*$"):
        return [{"kind": "variables"}]
    return []


def _formats(t: _Text) -> list[Raw]:
    out: list[Raw] = []
    table = (
        ("http_codes", r"取值范围为?\s*100\s*到\s*599.*?格式"),
        ("host", r"由(?:域名|主机)（(?:或IP地址|IP或域名)）和端口号组成"),
        ("host", r"格式为[：:]?\s*(?:<域名或IP>:\[port\]|(?:域名|主机):端口)"),
        ("uri", r"(?:服从|满足|符合)URI规范|须符合路径规范.*$|需以\"/\"开头"),
        ("domain", r"(?:符合|满足)域名规范"),
    )
    for fmt, pat in table:
        if t.take(pat) and not any(r["format"] == fmt for r in out):
            out.append({"kind": "format", "format": fmt})
    return out


def _pattern(t: _Text) -> list[Raw]:
    allowed: str | None = None
    m = t.peek(r"由([^由，,。]+?)组成")
    if m:
        allowed = charsets.charset(m.group(1))
        if allowed is not None:
            t.take(re.escape(m.group(0)))
    if allowed is None:
        m = t.peek(r"支持(.+)$")
        if m:
            items = charsets.tokens(m.group(1))
            body, n = charsets.leading(items)
            stop = items[n] if n < len(items) else ""
            if body is not None and n >= 2 and charsets.ends_list(stop):
                allowed = body
                end = m.start(1)
                for item in items[:n]:
                    end = t.text.index(item, end) + len(item)
                t.blank(m.start(), end)
    first: str | None = None
    for f in t.take(r"(?:(?:只能|必须|需)|(?<=[，,]))以([^以，,。]+?)开头"):
        first = charsets.charset(f.group(1)) or first
    if allowed is None and first is None:
        return []
    pat = charsets.pattern(allowed or ".", first) if allowed else f"[{first}].*"
    text = (
        charsets.describe(allowed, first)
        if allowed
        else f"starts with {charsets.describe(first or '', None)[5:]}"
    )
    return [{"kind": "pattern", "pattern": pat, "text": text}]


def _length(t: _Text) -> list[Raw]:
    lo: int | None = None
    hi: int | None = None
    for m in t.take(r"长度为\s*(\d+)" + _TO + r"(\d+)\s*位") + t.take(
        r"(\d+)" + _TO + r"(\d+)\s*(?:个)?字符"
    ):
        lo, hi = int(m.group(1)), int(m.group(2))
    for m in t.take(
        r"(?:长度(?:最大)?|最长|最大长度[：:]?)\s*(?:不超过|不能大于|不大于|为)?\s*(\d+)\s*(?:个)?(?:字符|字节|位)?"
    ):
        hi = int(m.group(1))
    for m in t.take(r"不超过\s*(\d+)\s*个?字符"):
        hi = int(m.group(1))
    for m in t.take(r"最小长度[：:]?\s*(\d+)"):
        lo = int(m.group(1))
    if lo is None and hi is None:
        return []
    return [_bounds("length", "min_length", lo, "max_length", hi)]


def _range(t: _Text) -> list[Raw]:
    lo: int | None = None
    hi: int | None = None
    for m in t.take(r"取值范围(?:为)?\s*" + _NUM + _TO + _NUM):
        lo, hi = int(m.group(1)), int(m.group(2))
    for m in t.take(r"最大(?:值)?\s*[：:为]?\s*" + _NUM):
        hi = int(m.group(1))
    for m in t.take(r"最小(?:值)?\s*[：:为]?\s*" + _NUM):
        lo = int(m.group(1))
    if t.take(r"正整数"):
        lo = 1 if lo is None else lo
    for m in t.take(r"(?:输入的值|取值)?不(?:能)?(?:超过|大于)\s*" + _NUM + r"(?![\d个字位])"):
        hi = int(m.group(1))
    if lo is None and hi is None:
        return []
    return [_bounds("range", "minimum", lo, "maximum", hi)]


def _bounds(kind: str, lo_key: str, lo: int | None, hi_key: str, hi: int | None) -> Raw:
    r: Raw = {"kind": kind}
    if lo is not None:
        r[lo_key] = lo
    if hi is not None:
        r[hi_key] = hi
    return r


_OPS = {"小于": "<", "大于": ">", "不大于": "<=", "不小于": ">=", "小于等于": "<=", "大于等于": ">="}


def _compare(t: _Text) -> list[Raw]:
    out: list[Raw] = []
    for m in t.take(
        r"必须(小于等于|大于等于|不大于|不小于|小于|大于)\s*([A-Za-z_]\w*)\s*字段(?:的)?(?:取)?值"
    ):
        out.append({"kind": "compare", "op": _OPS[m.group(1)], "other": m.group(2)})
    for m in t.take(r"(?:该数值|该值)?不(?:能)?超过([^，,。\0]+?流量限制)值?"):
        out.append({"kind": "compare", "op": "<=", "_label": m.group(1)})
    return out


def _required_if(t: _Text) -> list[Raw]:
    return [
        {"kind": "required_if", "_label": m.group(1), "values": m.group(2).split("或")}
        for m in t.take(
            r"(?:当|若|如果)?([^\s，,。；\0]+?)\s*(?:为|==|=)\s*([A-Za-z0-9_\-]+(?:或[A-Za-z0-9_\-]+)*)"
            r"\s*(?:时(?:为)?必(?:选|填)|，则这个\w*为必填)"
        )
    ]


_VALUE = r"[A-Za-z][A-Za-z0-9_.\-]*"
_END = r"(?=$|[，,。；\s（(\0])"


def _enum(t: _Text) -> list[Raw]:
    listed = t.take(r"枚举值[:：]\s*((?:[A-Za-z0-9_.\-]+\s*)+)$")  # the seed pages: "枚举值: ip ecs"
    if listed:
        return [{"kind": "enum", "values": listed[0].group(1).split()}]
    m = t.peek(
        r"(?<!是否)(?:支持|只能为|必须为|取值为)[：:]?\s*("
        + _VALUE
        + r"(?:\s*(?:、|,|，|或|/)\s*"
        + _VALUE
        + r")*)"
        + _END
    )
    if m is None:
        m = t.peek(r"(?<!单位)[：:]\s*(" + _VALUE + r"(?:\s*(?:[/|、]|或)\s*" + _VALUE + r")+)" + _END)
    if m is None:
        return []
    t.take(re.escape(m.group(0)))
    values = [v for v in re.split(r"\s*(?:、|,|，|或|/|\|)\s*", m.group(1)) if v]
    return [{"kind": "enum", "values": values}]


def _default(t: _Text) -> list[Raw]:
    out: list[Raw] = []
    for m in t.take(r"(?<![A-Za-z])(?:默认值|缺省值|默认|缺省)(?:为|[：:])\s*([A-Za-z0-9_.\-]+)(?![\w.\-])"):
        if m.group(1) != "null":
            out.append({"kind": "default", "value": m.group(1)})
    return out[:1]


READERS: tuple[Callable[[_Text], list[Raw]], ...] = (
    _variables,
    _formats,
    _required_if,
    _compare,
    _pattern,
    _length,
    _default,
    _range,
    _enum,
)
"""In reading order: the ones that consume the most specific words first."""


def read(sentence: str) -> list[Raw]:
    """The rules one sentence states (untyped), each with the sentence as ``source``."""
    if any(p.search(sentence) for p in NOT_RULES):
        return []
    t = _Text(sentence)
    out: list[Raw] = []
    for reader in READERS:
        for rule in reader(t):
            out.append({**rule, "source": sentence})
    return out
