"""Building the target request of one document: through the tables, ids through the journal."""

from __future__ import annotations

from translator.migrate.families import family
from translator.migrate.requests import Request, missing_references, project, source_request, to_target
from translator.spec import load_spec

MAPPED = {("api_group", "g1"): "G2", ("vpc_channel", "ch1"): "CH2"}


def _lookup(res: str, source_id: str) -> str | None:
    return MAPPED.get((res, source_id))


def test_an_api_backend_channel_comes_across() -> None:
    """``backend_api.vpc_info`` -> ``backend_api.vpc_channel_info``, its id mapped (the v1.0
    emulator does not answer vpc_info yet: this is what the import sends once it does)."""
    backend = {"req_protocol": "HTTP", "req_method": "GET", "req_uri": "/b", "timeout": 5000, "vpc_status": 1}
    body = {
        "group_id": "g1", "name": "api_x", "type": 1, "req_protocol": "HTTPS", "req_method": "GET",
        "req_uri": "/x", "auth_type": "APP", "backend_type": "HTTP",
        "backend_api": {**backend, "vpc_info": {"vpc_id": "ch1", "vpc_proxy_host": "h"}},
    }  # fmt: skip
    out = to_target("v1.0", Request("api.create", body=body), _lookup, "P", "I")
    assert out.op_id == "api.create" and out.body["group_id"] == "G2"
    assert out.body["backend_api"]["vpc_channel_info"] == {
        "vpc_channel_id": "CH2",
        "vpc_channel_proxy_host": "h",
    }


def test_a_reference_not_in_the_journal_blocks() -> None:
    req = Request("api.create", body={"group_id": "g9", "name": "n"})
    assert missing_references("v1.0", req, _lookup) == ["api_group g9"]


def test_documents_are_cut_to_the_create_request_and_masked_values_dropped() -> None:
    doc = {"id": "a1", "name": "app", "app_secret": "******", "status": 1, "remark": "r"}
    spec = load_spec("v1.0").operation("app.create").part("request") or ()
    assert project(doc, spec) == {"name": "app", "remark": "r"}
    req = source_request(family("v1.0", "app"), doc, lambda a, e: None)
    assert req.op_id == "app.create" and req.body == {"name": "app", "remark": "r"}
