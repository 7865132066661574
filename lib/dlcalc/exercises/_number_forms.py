"""Number forms a student may hold that need a word before judging: complex numbers whose
imaginary part is zero (read as real), SymPy N-dim arrays (``derive_by_array``), NumPy bools,
and numbers too large for a float or with an imaginary part (turned into a message).
"""

import math

import numpy as np
import sympy as sp


def _imaginary(z):
    return abs(z.imag) > 1e-12 * max(1.0, abs(z.real))


def sympy_number_problem(value):
    """Return a message when the SymPy number ``value`` is complex, complex infinity or too
    large for a float; else ``None``."""
    if not getattr(value, "is_number", False) or getattr(value, "free_symbols", None):
        return None
    if getattr(value, "has", None) and value.has(sp.zoo):
        return ("Your answer is complex infinity (zoo: a division by zero in SymPy); the "
                "answer is a real number or ±∞ (sympy.oo).")
    if getattr(value, "is_infinite", False):
        return None
    try:
        z = complex(value)
    except OverflowError:
        return "Your number is too large for the checker (beyond 1e308): it cannot be right."
    except (TypeError, ValueError):
        return None
    if not np.isfinite(z):
        return "Your number is too large for the checker (beyond 1e308): it cannot be right."
    if _imaginary(z):
        return (f"Your answer has an imaginary part ({z.real:.6g} {'+' if z.imag > 0 else '-'} "
                f"{abs(z.imag):.3g}i); the answer is a real number.")
    return None


def _huge_text(text):
    """Return True when ``text`` is a finite number too large for a float ('9' * 10**6)."""
    try:
        return math.isinf(float(text.strip())) and "inf" not in text.lower()
    except ValueError:
        return False


REFUSED = "refused"  # the type name of an answer turned into a message before encoding


def _refused(message):
    return {"kind": "other", "type": REFUSED, "repr": message}


def _plain_number(answer):
    """Return ``answer`` with Fractions/Decimals (alone or in a list) as floats, a NumPy bool
    as a bool, a complex number or array with no imaginary part as real, a SymPy N-dim array
    (``derive_by_array``) as an array, or an encoded message for a complex or huge number."""
    import decimal
    import fractions

    kinds = (fractions.Fraction, decimal.Decimal)
    if isinstance(answer, kinds):
        return float(answer)
    if isinstance(answer, np.bool_):
        return bool(answer)
    if isinstance(answer, (np.datetime64, np.timedelta64)) or (
            isinstance(answer, np.ndarray) and answer.dtype.kind in "mM"):
        return _refused("Expected a number, got a NumPy date or time (datetime64/timedelta64).")
    if isinstance(answer, sp.Integer):
        answer = int(answer)
    if isinstance(answer, int) and not isinstance(answer, bool) and \
            answer.bit_length() > 1024:
        return _refused(f"Your number is too large for the checker (about 10^"
                        f"{int(answer.bit_length() * 0.30103)}, beyond 1e308): it cannot be "
                        "right.")
    if isinstance(answer, (complex, np.complexfloating)) or (
            isinstance(answer, np.ndarray) and answer.dtype.kind == "c"):
        z = np.asarray(answer)
        if np.any(np.abs(z.imag) > 1e-12 * np.maximum(1.0, np.abs(z.real))):
            return _refused("Your answer has a non-zero imaginary part; the answer is real "
                            "(if the imaginary part is round-off, take .real).")
        return float(z.real) if z.ndim == 0 else np.ascontiguousarray(z.real)
    if isinstance(answer, sp.NDimArray):
        return np.array(answer.tolist(), dtype=object)
    if isinstance(answer, (list, tuple)) and any(isinstance(v, kinds) for v in answer):
        return [float(v) if isinstance(v, kinds) else v for v in answer]
    return answer
