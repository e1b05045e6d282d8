"""translator.core.apierrors: documented error bodies, keyed as the error table names them."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.core import apierrors
from translator.core.apierrors import (
    ROUTE_NOT_FOUND,
    ApiError,
    body_keys,
    documented,
    error_body,
    error_schema,
    not_found,
    parameter_error,
    render_body,
)
from translator.mapping.load import load_error_table
from translator.spec import load_errors

TABLE = load_error_table()
CODE, MSG = TABLE.code_field, TABLE.message_field


def test_the_body_keys_are_the_error_tables() -> None:
    assert body_keys() == (CODE, MSG)
    assert ApiError("APIG.2001").body() == {CODE: "APIG.2001", MSG: ApiError("APIG.2001").message}
    assert error_body("APIG.9999", "boom") == {CODE: "APIG.9999", MSG: "boom"}
    assert error_schema()["required"] == [CODE, MSG]


def test_renamed_keys_in_the_table_rename_every_body(monkeypatch: pytest.MonkeyPatch) -> None:
    documented("APIG.2001")  # the documented rows are read (and cached) with the real table
    renamed = TABLE.model_copy(update={"code_field": "code", "message_field": "message"})
    monkeypatch.setattr(apierrors, "load_error_table", lambda: renamed)
    assert ApiError("APIG.2001", "x").body() == {"code": "APIG.2001", "message": "x"}
    assert set(error_schema()["properties"]) == {"code", "message"}
    assert ApiError.from_body(400, {"code": "APIG.2011", "message": "m"}).code == "APIG.2011"


def test_the_error_table_loads_alone_and_once() -> None:
    assert load_error_table() is load_error_table()


def test_statuses_and_messages_are_the_documented_ones() -> None:
    row = next(r for r in load_errors() if r[CODE] == "APIG.3002")
    err = ApiError("APIG.3002")
    assert (err.status, err.message) == (row["status"], str(row[MSG]).rstrip("."))
    assert documented("APIG.3002") == (row["status"], row[MSG])
    assert ApiError("APIG.3002", "mine", 409).status == 409


def test_an_undocumented_code_is_a_500() -> None:
    assert ApiError("APIG.0000x").status == 500


def test_route_not_found_is_a_404() -> None:
    assert ApiError(ROUTE_NOT_FOUND).status == 404 and documented(ROUTE_NOT_FOUND)[0] == 404


def test_parameter_error_names_the_field() -> None:
    err = parameter_error("APIG.2001", "name")
    assert err.status == 400 and ",parameterName:name." in err.message


def test_not_found_names_the_resource() -> None:
    err = not_found("APIG.3004", "App", "abc")
    assert (err.status, err.message) == (404, "App abc does not exist")


def test_from_body_reads_any_answer() -> None:
    err = ApiError.from_body(409, {CODE: "APIG.3001", MSG: "taken"})
    assert (err.status, err.code, err.message) == (409, "APIG.3001", "taken")
    assert ApiError.from_body(502, "<html>bad gateway</html>").code == "APIG.9999"
    assert ApiError.from_body(400, {CODE: "APIG.2001"}).message == ApiError("APIG.2001").message


def test_render_in_the_v2_dialect_is_the_error_itself() -> None:
    err = ApiError("APIG.3030", "The instance does not exist;id:x")
    assert err.render("v2") == (err.status, err.body())


def test_render_in_the_v1_dialect_maps_v2_only_codes() -> None:
    row = TABLE.codes[0]
    status, body = ApiError(row.v2).render("v1.0")
    assert body[CODE] == row.v1 and status == (row.v1_status or ApiError(row.v2).status)
    assert ApiError("APIG.2001").render("v1.0") == ApiError("APIG.2001").render("v2")
    assert render_body("v1.0", 404, {CODE: row.v2, MSG: "m"})[1] == {CODE: row.v1, MSG: "m"}


def test_no_python_module_spells_the_error_keys() -> None:
    """The error body's keys come from the error table, never from code."""
    root = Path(apierrors.__file__).parents[1]
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for key in (CODE, MSG):
            assert key not in text, f"{path.relative_to(root)} spells the error key {key!r}"
