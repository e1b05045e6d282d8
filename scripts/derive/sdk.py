"""Operations and models of the official SDK ``huaweicloudsdkapig.v2``."""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from typing import Any

from .common import DerivationError, Field


class Sdk:
    """Reads operations and models of ``huaweicloudsdkapig.v2``."""

    def __init__(self) -> None:
        import huaweicloudsdkapig.v2 as v2
        from huaweicloudsdkapig.v2 import ApigClient

        self.mod = v2
        self.ops: dict[str, dict[str, Any]] = {}
        for attr in sorted(dir(ApigClient)):
            m = re.fullmatch(r"_(\w+)_http_info", attr)
            if not m or not hasattr(ApigClient, m.group(1)):
                continue
            name = m.group(1)
            src = inspect.getsource(getattr(ApigClient, attr))
            doc = inspect.getsource(getattr(ApigClient, name))
            req_type = re.search(r":type request: :class:`huaweicloudsdkapig\.v2\.(\w+)`", doc)
            title = re.search(r'r"""(.*)', doc)
            self.ops[name] = {
                "method": must_search(r'"method": "(\w+)"', src, name),
                "resource_path": must_search(r'"resource_path": "([^"]+)"', src, name),
                "response_type": must_search(r'"response_type": "(\w+)"', src, name),
                "request_type": req_type.group(1) if req_type else None,
                "path_params": re.findall(r"path_params\['(\w+)'\]", src),
                "query_params": re.findall(
                    r"query_params\.append\(\('([^']+)', local_var_params\['(\w+)'\]", src
                ),
                "header_params": [
                    h for h in re.findall(r"header_params\['([^']+)'\]", src) if h != "Content-Type"
                ],
                "response_headers": [
                    h.lower()
                    for h in re.findall(
                        r'"([^"]+)"', must_search(r"response_headers = \[(.*?)\]", src, name, re.S)
                    )
                ],
                "title": title.group(1).strip() if title else name,
            }

    def index(self) -> dict[tuple[str, str], list[str]]:
        idx: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name, info in self.ops.items():
            idx[(info["method"], norm_path(info["resource_path"]))].append(name)
        return idx

    def model(self, name: str) -> Any:
        return getattr(self.mod, name, None)

    def field(self, name: str, tstr: str, stack: tuple[str, ...] = ()) -> Field:
        """A spec field for SDK attribute type ``tstr`` (recursing into models)."""
        f: Field = {"name": name, "type": "any", "required": False}
        t = tstr.strip()
        m_list = re.fullmatch(r"list\[(.+)\]", t)
        m_dict = re.fullmatch(r"dict\(str,\s*(.+)\)", t)
        if t in ("str", "datetime", "date"):
            f["type"] = "string"
        elif t in ("int", "long"):
            f["type"] = "integer"
        elif t == "float":
            f["type"] = "number"
        elif t == "bool":
            f["type"] = "boolean"
        elif t == "object":
            f["type"] = "any"
            f["_sdk_untyped"] = True
        elif m_list:
            f["type"] = "array"
            inner = self.field("[]", m_list.group(1), stack)
            if inner["type"] == "object" and "values" not in inner:
                f["children"] = inner.get("children", [])
            else:
                f["items"] = inner["type"]
        elif m_dict:
            f["type"] = "object"
            f["values"] = self.field("*", m_dict.group(1), stack)
        elif self.model(t) is not None:
            f["type"] = "object"
            f["_sdk_model"] = t
            if t not in stack:
                f["children"] = self.model_fields(t, (*stack, t))
        return f

    def model_fields(
        self, model: str, stack: tuple[str, ...] = (), exclude_keys: tuple[str, ...] = ()
    ) -> list[Field]:
        cls = self.model(model)
        out: list[Field] = []
        for attr, tstr in cls.openapi_types.items():
            key = cls.attribute_map[attr]
            if key.lower() in exclude_keys:
                continue
            out.append(self.field(key, tstr, stack))
        return out


def must_search(pattern: str, text: str, what: str, flags: int = 0) -> str:
    m = re.search(pattern, text, flags)
    if m is None:
        raise DerivationError(f"SDK source of `{what}`: no match for {pattern!r}")
    return m.group(1)


def norm_path(p: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", p.rstrip("/"))
