"""Value transforms of a mapped scalar field: enum value maps, letter case and range policies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translator.errors import OutOfRange, TranslationError
from translator.mapping.compiled import Report, Transform, outside
from translator.mapping.schema import FieldRow, RangePolicy
from translator.redact import shown
from translator.spec import FieldSpec
from translator.types import Direction


@dataclass(frozen=True, slots=True)
class ValueRule:
    """What happens to a mapped scalar's value, in the order the engine applies it."""

    values: dict[Any, Any] | None
    """Enum value map (a dict lookup, applied first)."""
    allowed: frozenset[Any] | None
    """Target enum checked after mapping; a value outside it passes on and is reported."""
    transform: Transform | None
    """Anything else (type conversion, letter case, clamping, rejecting), applied last."""
    note: str
    """Non-empty when a round trip may change the value (case, clamping)."""


def narrower(src: FieldSpec, dst: FieldSpec, undocumented_is_unbounded: bool = True) -> str:
    """Describe how ``dst`` accepts less than ``src`` (numeric range or length); ``""`` if it does not.

    With ``undocumented_is_unbounded`` false (responses), a bound the source does not document is
    not compared: the server that produced the value is trusted to have kept its own limits.
    """
    problems = []
    loose = undocumented_is_unbounded
    for lo, hi, what in (("minimum", "maximum", "range"), ("min_length", "max_length", "length")):
        s_lo, s_hi = getattr(src, lo), getattr(src, hi)
        d_lo, d_hi = getattr(dst, lo), getattr(dst, hi)
        if (d_lo is not None and ((s_lo is None and loose) or (s_lo is not None and s_lo < d_lo))) or (
            d_hi is not None and ((s_hi is None and loose) or (s_hi is not None and s_hi > d_hi))
        ):
            problems.append(f"{what} {_span(s_lo, s_hi)} -> {_span(d_lo, d_hi)}")
    return "; ".join(problems)


def converter(path: str, target: str) -> Transform:
    """A transform that changes a scalar's JSON type to ``target``; failure names the field."""

    def to_string(value: Any, report: Report) -> Any:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def to_number(value: Any, report: Report) -> Any:
        try:
            number = float(value) if target == "number" else int(str(value).strip())
        except (TypeError, ValueError):
            raise TranslationError(
                f"{path}: {shown(path, value)} is not a{'' if target == 'number' else 'n'} {target}"
            ) from None
        return number

    def to_bool(value: Any, report: Report) -> Any:
        text = str(value).strip().lower()
        if text not in ("true", "false", "1", "0"):
            raise TranslationError(f"{path}: {shown(path, value)} is not a boolean")
        return text in ("true", "1")

    return {"string": to_string, "boolean": to_bool}.get(target, to_number)


def _span(lo: float | None, hi: float | None) -> str:
    return f"{'-inf' if lo is None else lo}..{'inf' if hi is None else hi}"


def _value_map(direction: Direction, v1_field: FieldSpec, row: FieldRow | None) -> dict[Any, Any] | None:
    if row is None or not row.values:
        return None
    forward: dict[Any, Any] = {}
    for key, value in row.values.items():
        v1_value: Any = key
        if v1_field.type == "integer" and key.lstrip("-").isdigit():
            v1_value = int(key)
        elif v1_field.type == "boolean" and key in ("true", "false"):
            v1_value = key == "true"
        forward[v1_value] = value
    if direction == "v1_to_v2":
        return forward
    backward = {v: k for k, v in forward.items()}
    if len(backward) != len(forward):
        raise ValueError("the value map is not one-to-one, so v2 -> v1.0 is ambiguous")
    return backward


def enum_gap(mapped: dict[Any, Any] | None, case: str | None, src: FieldSpec, dst: FieldSpec) -> list[Any]:
    """Source enum values that have no counterpart in the target enum."""
    if src.enum is None or dst.enum is None:
        return []
    missing = []
    for value in src.enum:
        out = mapped.get(value, value) if mapped else value
        if case and isinstance(out, str):
            out = out.upper() if case == "upper" else out.lower()
        if out not in dst.enum:
            missing.append(value)
    return missing


def build_transform(
    direction: Direction,
    path: str,
    src: FieldSpec,
    dst: FieldSpec,
    row: FieldRow | None,
    policy: RangePolicy | None,
    undocumented_is_unbounded: bool = True,
) -> ValueRule:
    """How the values of one mapped scalar change on the way over (all None: copied as they are)."""
    mapped = _value_map(direction, src if direction == "v1_to_v2" else dst, row)
    case = row.case if row is not None and direction == "v1_to_v2" else None
    gap = enum_gap(mapped, case, src, dst)
    if gap and policy is None:
        raise ValueError(
            f"enum value(s) {gap} have no counterpart in {list(dst.enum or ())}: "
            "map them in values or declare out_of_range: reject|pass"
        )
    unknown_enum = dst.enum is not None and src.enum is None
    if not gap and not unknown_enum and not narrower(src, dst, undocumented_is_unbounded):
        policy = None
    if unknown_enum and policy is not None:
        gap = ["(undocumented)"]
    lo, hi = dst.minimum, dst.maximum
    if policy == "clamp" and src.type not in ("integer", "number"):
        raise ValueError("clamp applies to numbers only; use reject or pass")
    steps: list[Transform] = []
    notes: list[str] = []
    if row is not None and row.convert:
        if mapped:
            raise ValueError("convert and values cannot be combined on one row")
        steps.append(converter(path, dst.type))
    if case:
        upper = case == "upper"

        def apply_case(value: Any, report: Report) -> Any:
            if isinstance(value, str):
                return value.upper() if upper else value.lower()
            return value

        steps.append(apply_case)
        notes.append(f"letter case normalised to {case}")
    if policy == "clamp":

        def clamp(value: Any, report: Report) -> Any:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out = value
                if lo is not None and out < lo:
                    out = type(value)(lo)
                if hi is not None and out > hi:
                    out = type(value)(hi)
                if out != value:
                    report.append((path, "clamped", f"{shown(path, value)} -> {shown(path, out)}"))
                return out
            return value

        steps.append(clamp)
        notes.append(f"clamped into {_span(lo, hi)}")
    elif policy == "reject":
        field_name = path
        allowed = frozenset(dst.enum) if gap and dst.enum is not None else None

        def reject(value: Any, report: Report) -> Any:
            if allowed is not None and outside(value, allowed):
                raise OutOfRange(field_name, value, f"one of {sorted(allowed, key=str)}")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if (lo is not None and value < lo) or (hi is not None and value > hi):
                    raise OutOfRange(field_name, value, _span(lo, hi))
            elif isinstance(value, str):
                n = len(value)
                if (dst.min_length is not None and n < dst.min_length) or (
                    dst.max_length is not None and n > dst.max_length
                ):
                    raise OutOfRange(field_name, value, f"length {_span(dst.min_length, dst.max_length)}")
            return value

        steps.append(reject)
    elif policy == "pass":
        allowed_values = frozenset(dst.enum) if gap and dst.enum is not None else None
        bounded = any(b is not None for b in (lo, hi, dst.min_length, dst.max_length))
        if allowed_values is not None and not bounded:
            # only an enum to check: the engine does it inline (no call per value)
            return ValueRule(mapped, allowed_values, _chain(steps), "; ".join(notes))

        def pass_on(value: Any, report: Report) -> Any:
            off = allowed_values is not None and outside(value, allowed_values)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                off = off or (lo is not None and value < lo) or (hi is not None and value > hi)
            elif isinstance(value, str):
                n = len(value)
                off = (
                    off
                    or (dst.min_length is not None and n < dst.min_length)
                    or (dst.max_length is not None and n > dst.max_length)
                )
            if off:
                report.append(
                    (path, "passed", f"{shown(path, value)} is outside the target's documented values")
                )
            return value

        steps.append(pass_on)
    return ValueRule(mapped, None, _chain(steps), "; ".join(notes))


def _chain(steps: list[Transform]) -> Transform | None:
    if not steps:
        return None
    if len(steps) == 1:
        return steps[0]

    def chain(value: Any, report: Report) -> Any:
        for step in steps:
            value = step(value, report)
        return value

    return chain
