"""Answers as the checkers see them: decoded from the transport format of ``_harvest``.

``check()`` in a notebook and the batch grader both encode an answer (``_harvest.encode``) and
decode it here, so a question judges exactly the same value on both paths. Decoding never runs
student code: arrays come from JSON numbers, SymPy expressions from ``srepr`` text read by the
whitelist reader, and functions arrive as their outputs on the checker's inputs.
"""

import numpy as np

from dlcalc.exercises._harvest import decode_plain
from dlcalc.exercises._sympy_safe import read_expression


class Missing:
    """The answer variable does not exist (answer cell deleted, never run, or ``del``-ed)."""

    def __repr__(self):
        return "<missing>"


MISSING = Missing()


class FunctionAnswer:
    """A student's function: its ``name`` and, when it was run, the encoded input ``cases`` and
    its ``outputs`` (one encoded outcome per case, as returned by ``_harvest.run_case``)."""

    def __init__(self, name, outputs=None, cases=None):
        self.name, self.outputs, self.cases = name, outputs, cases

    def __repr__(self):
        return f"<function {self.name}>"


class Opaque:
    """A value of a type no question accepts (dict, set, object, huge array...)."""

    def __init__(self, type_name, text):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return self.text


def decode(item):
    """Return the checker-side value of one encoded answer (never raises)."""
    if not isinstance(item, dict):
        return Opaque(type(item).__name__, "<unreadable>")
    kind = item.get("kind")
    try:
        if kind == "missing":
            return MISSING
        if kind == "function":
            return FunctionAnswer(str(item.get("name", "function")), item.get("outputs"),
                                  item.get("cases"))
        if kind == "sympy":
            try:
                return read_expression(item["srepr"], allow_constructors=True)
            except ValueError as exc:
                return Opaque("SymPy object", f"a SymPy {item.get('type', 'object')} that the "
                              f"checker cannot read ({exc})")
        if kind in ("array", "str", "bool", "none", "ellipsis"):
            return decode_plain(item)
        number = _plain_number_from_repr(str(item.get("type", "")), str(item.get("repr", "")))
        if number is not None:
            return number
        return Opaque(str(item.get("type", "object")), str(item.get("repr", ""))[:200])
    except (KeyError, TypeError, ValueError):
        return Opaque(str(item.get("type", kind)), "<unreadable>")


def _plain_number_from_repr(type_name, text):
    """Return the float a ``Fraction``/``Decimal`` repr holds (the grader's kernel sends those
    as ``other``), else ``None``."""
    import re

    match = {"Fraction": re.fullmatch(r"Fraction\((-?\d+), (\d+)\)", text),
             "Decimal": re.fullmatch(r"Decimal\('([-+0-9.eE]+)'\)", text)}.get(type_name)
    if not match:
        return None
    groups = match.groups()
    return float(groups[0]) / float(groups[1]) if len(groups) == 2 else float(groups[0])


def is_placeholder(value):
    """Return True for the not-attempted values: ``...``, ``None`` and a missing variable."""
    return value is Ellipsis or value is None or value is MISSING


def describe(value):
    """Return a short phrase naming what ``value`` is, for feedback messages."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"the number {format_value(value)}"
        return f"an array of shape {value.shape}"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, float):
        return f"the number {format_value(value)}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {text!r}"
    if isinstance(value, FunctionAnswer):
        return f"a function ({value.name})"
    if isinstance(value, Opaque):
        return value.text if value.type_name == "SymPy object" else article(value.type_name)
    if value is MISSING:
        return "nothing (the variable is not defined)"
    if getattr(value, "is_Relational", False):
        return "an equation or inequality"
    if getattr(value, "is_number", False):
        return f"the number {value}"
    if getattr(value, "free_symbols", None):
        return f"the expression {format_value(value)}"
    return article(type(value).__name__)


def article(noun):
    """Return ``noun`` with "a" or "an" in front."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def format_value(value, precision=6):
    """Return ``value`` as short readable text (arrays with ``precision`` significant digits)."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return np.format_float_positional(float(value), precision=precision, trim="-",
                                              fractional=False)
        return np.array2string(value, precision=precision, suppress_small=True, max_line_width=90,
                               threshold=40)
    if isinstance(value, float):
        return format_value(np.array(value), precision)
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], np.ndarray):
        return "(" + ", ".join(format_value(v, precision) for v in value) + ")"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 300 else text[:297] + "..."
