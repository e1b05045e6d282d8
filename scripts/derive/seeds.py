"""The v2 seed pages (``seeds/000_*.txt``, newer than the catalog) as field descriptions.

The seed text is the pages' tables flattened to one line each: ``表3 请求Body参数 参数 是否必选
参数类型 描述 name 是 String APP的名称。支持汉字,...``. :func:`parse` cuts it into request tables
(path, Query, Body and the nested models such as ``MemberGroupCreate``) of rows ``name -> (type,
description)``; :func:`describe` gives a description to the request-side fields the catalog does
not describe (SDK-only operations, SDK fields the 2021 catalog lacks), so the prose pass reads them
too. A field the catalog describes keeps the catalog's description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import Field, Op
from .report import Report

_TABLE = re.compile(r"表\d+ (\S+) 参数 是否必选 参数类型 描述 ")
_END = re.compile(r"表\d+ |响应参数|请求示例|响应示例|状态码[:：]|•|URI ")
_TYPE = (
    r"(?:Array of \w+ objects|Array of \w+|Map<[^>]+>|\w+ object"
    r"|String|Integer|Long|Boolean|Number|Double|Float|Object)"
)
_ROW = re.compile(r"(?:(?<=\s)|^)([A-Za-z_][A-Za-z0-9_-]*) (?:是|否) (" + _TYPE + r") ")
_MODEL = re.compile(r"(?:Array of )?(\w+?)(?: objects| object)$")

Rows = dict[str, tuple[str, str]]
"""A table: field name -> (the seed's type, its description)."""


@dataclass
class Seeds:
    """The request tables of the seed pages: bodies and nested models (``models``, a body keyed
    ``请求Body参数#n``) and query tables (``queries``). The pages come as loose fragments, so a
    table is matched to an operation by its field names, not by the page it sits on."""

    models: dict[str, Rows] = field(default_factory=dict)
    queries: dict[str, Rows] = field(default_factory=dict)


def parse(text: str) -> Seeds:
    seeds = Seeds()
    for n, t in enumerate(_TABLE.finditer(text)):
        end = _END.search(text, t.end())
        rows = _rows(text[t.end() : end.start() if end else len(text)])
        title = t.group(1)
        if title.startswith(("路径参数", "请求Header")) or not rows:
            continue
        if title.startswith("Query参数"):
            seeds.queries[f"{title}#{n}"] = rows
        else:
            seeds.models.setdefault(title if not title.startswith("请求") else f"{title}#{n}", rows)
    return seeds


def _rows(body: str) -> Rows:
    found = list(_ROW.finditer(body))
    rows: Rows = {}
    for i, m in enumerate(found):
        stop = found[i + 1].start() if i + 1 < len(found) else len(body)
        desc = body[m.end() : stop].strip().replace(" 说明: ", "\n").replace(" 说明:", "\n")
        rows.setdefault(m.group(1), (m.group(2), desc))
    return rows


class Describer:
    """Fills ``_description`` from the seed tables where the catalog gave none."""

    def __init__(self, seeds: Seeds, report: Report) -> None:
        self.seeds = seeds
        self.report = report
        self.count = 0

    def run(self, version: str, ops: dict[str, Op]) -> int:
        for op_id, op in sorted(ops.items()):
            before = self.count
            self.fill(op["query"], self.best(op["query"], self.seeds.queries))
            body = op["request"]
            if body is not None:
                fields = body["fields"] if body["shape"] == "object" else body["item"].get("children", [])
                self.fill(fields, None)
            if self.count > before:
                self.report.add(
                    "Prose: descriptions from the seed pages",
                    f"{version} `{op_id}`: {self.count - before} fields the catalog does not describe",
                )
        return self.count

    def fill(self, fields: list[Field], rows: Rows | None) -> None:
        rows = rows if rows is not None else self.best(fields, self.seeds.models)
        for f in fields:
            row = rows.get(f["name"]) if rows else None
            if row is not None and not f.get("_description"):
                f["_description"] = row[1]
                self.count += 1
            kids = f.get("children")
            if kids:
                m = _MODEL.match(row[0]) if row is not None else None
                self.fill(kids, self.seeds.models.get(m.group(1)) if m else None)

    @staticmethod
    def best(fields: list[Field], tables: dict[str, Rows]) -> Rows | None:
        """The one table holding (nearly) all of these field names, else none."""
        names = {f["name"] for f in fields}
        if len(names) < 2:
            return None
        scored = sorted(((len(names & set(rows)), title) for title, rows in tables.items()), reverse=True)
        good = [(n, t) for n, t in scored if n >= 0.8 * len(names)]
        if not good or (len(good) > 1 and good[0][0] == good[1][0]):
            return None
        return tables[good[0][1]]
