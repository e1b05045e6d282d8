"""Domain names bound to API groups and their SSL certificates.

A domain is a child of its group (at most 5 per group, names unique across the tenant, case
insensitive); its view adds the names the group's ``url_domains`` use. A certificate is a child
of its domain (one per domain: binding another replaces it); it is checked (``x509``) and its
details are kept for ``domain.certificate.get``. The group named by the path must be the
domain's: otherwise ``APIG.3474``.
"""

from __future__ import annotations

import re

from translator.core.apierrors import ApiError, parameter_error
from translator.emulator.crud import children, create_doc, load, load_scoped, remove, render
from translator.emulator.declare import Call, Handler
from translator.emulator.special import x509
from translator.emulator.store import Doc

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^(\*\.)?({_LABEL}\.)+[A-Za-z][A-Za-z0-9-]{{0,62}}$")
_CERT_NAME = re.compile(r"^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9_\u4e00-\u9fa5]*$")


def prepare(call: Call, doc: Doc, current: Doc | None) -> None:
    """A new domain must be a valid domain name; its lower-case form is its unique key."""
    name = doc.get("url_domain")
    if current is None and (not isinstance(name, str) or len(name) > 255 or not _DOMAIN.match(name)):
        raise ApiError("APIG.2024")
    doc["domain_key"] = str(name).lower()


def view(call: Call, doc: Doc) -> Doc:
    """A domain under the names a group's ``url_domains`` items use."""
    out = {**doc, "domain": doc.get("url_domain"), "cname_status": doc.get("status")}
    if doc.get("ssl_id"):
        out["ssl_infos"] = [
            {"ssl_id": doc["ssl_id"], "ssl_name": doc.get("ssl_name"), "algorithm_type": "RSA"}
        ]
    return out


def _domain(call: Call) -> tuple[Doc, Doc]:
    """The path's group and domain (the domain checked to be bound to that group)."""
    res = call.res("domain")
    group = load(call, call.res("api_group"), call.path["group_id"])
    return group, load_scoped(call, res, call.path["domain_id"])


def create_certificate(call: Call) -> Doc:
    group, domain = _domain(call)
    body = call.body or {}
    if not _CERT_NAME.match(str(body.get("name") or "")):
        raise parameter_error("APIG.2012", "name")
    details = x509.check(str(body.get("cert_content")), str(body.get("private_key")), domain["url_domain"])
    res = call.res("certificate")
    cfg = call.config
    doc = {**body, **details, "instance_id": cfg.instance_id, "project_id": cfg.project_id}
    with call.store.transaction():
        for old in children(call, res, domain["id"]):
            remove(call, res, old)
        cert = create_doc(call, res, doc, parent=domain["id"])
        changes = {"ssl_id": cert["id"], "ssl_name": cert["name"]}
        domain = call.store.update(call.res("domain").kind, domain["id"], changes)
    return {
        **render(call, call.res("domain"), domain),
        "instance_id": cfg.instance_id,
        "api_group_id": group["id"],
        "api_group_name": group.get("name"),
    }


def get_certificate(call: Call) -> Doc:
    _domain(call)
    return load_scoped(call, call.res("certificate"))


def delete_certificate(call: Call) -> None:
    _, domain = _domain(call)
    res = call.res("certificate")
    cert = load_scoped(call, res)
    with call.store.transaction():
        remove(call, res, cert)
        call.store.update(call.res("domain").kind, domain["id"], {"ssl_id": None, "ssl_name": None})


HANDLERS: dict[str, Handler] = {
    "domain.certificate.create": create_certificate,
    "domain.certificate.get": get_certificate,
    "domain.certificate.delete": delete_certificate,
}
