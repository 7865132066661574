"""Answer transport: encode answers as JSON-able data and run student functions with a time limit.

This module imports nothing from ``dlcalc`` on purpose. The grader sends its *source text* into
a submission's kernel and runs it there in a fresh namespace (so a submission that broke
``dlcalc`` or ``sys.modules`` still reports its answers); ``check()`` in a notebook uses the same
functions, so both paths encode answers and run functions identically.

Encoding (``encode``): every value becomes a dict with a ``"kind"``:
``missing`` · ``ellipsis`` · ``none`` · ``bool`` · ``array`` (``shape`` and flat ``data``;
NaN/inf as the strings ``"nan"``, ``"inf"``, ``"-inf"``) · ``str`` · ``sympy`` (``srepr``) ·
``function`` (``name``; with ``outputs`` when the grader asked for them) · ``other`` (``type``,
``repr``). Student functions run through ``run_case``, which returns ``{"status": "ok",
"value": <encoded>}``, ``{"status": "error", "error": "TypeError: ..."}`` or
``{"status": "timeout"}``.
"""

import json
import math
import signal
import threading

MAX_ENTRIES = 10_000  # larger arrays are reported as "other": no answer here is that big
MAX_TEXT = 2_000


class TimeLimitExceeded(BaseException):
    """Raised inside a student function that runs past its time limit.

    A BaseException, so ``except Exception`` in student code does not swallow it; the timer
    re-fires every 50 ms, so a bare ``except:`` inside a loop cannot swallow it for long.
    """


def _call_in_thread(fn, args, seconds):
    box = {}

    def target():
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # reported, never re-raised
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():  # cannot be killed: left running as a daemon thread
        raise TimeLimitExceeded
    if "error" in box:
        raise box["error"]
    return box.get("value")


def call_with_time_limit(fn, args=(), seconds=2.0):
    """Return ``fn(*args)``, raising ``TimeLimitExceeded`` after ``seconds``.

    On the main thread (a notebook cell, the grader's kernel) a SIGALRM interval timer raises
    the exception inside ``fn`` so the loop really stops; elsewhere ``fn`` runs in a daemon thread
    that is abandoned when it overruns.
    """
    use_signal = (hasattr(signal, "setitimer")
                  and threading.current_thread() is threading.main_thread())
    if not use_signal:
        return _call_in_thread(fn, args, seconds)

    def on_alarm(signum, frame):
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, max(float(seconds), 1e-3), 0.05)
        try:
            return fn(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _type_name(value):
    return type(value).__name__


def _short_repr(value):
    try:
        text = repr(value)
    except BaseException:  # a hostile __repr__
        text = f"<{_type_name(value)}>"
    return text if len(text) <= 200 else text[:197] + "..."


def _float_code(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def _encode_array(value):
    import numpy as np

    arr = np.asarray(value)
    if arr.dtype.kind == "c":
        raise TypeError("complex numbers are not accepted")
    if arr.dtype.kind not in "biuf":
        arr = np.asarray(value, dtype=np.float64)  # sympy numbers and the like, or raises
    if arr.size > MAX_ENTRIES:
        return {"kind": "other", "type": f"array of {arr.size} entries (too large)",
                "repr": f"array of shape {arr.shape}"}
    arr = arr.astype(np.float64)
    return {"kind": "array", "shape": list(arr.shape),
            "data": [_float_code(float(v)) for v in arr.ravel()]}


def _encode(value):
    if value is Ellipsis:
        return {"kind": "ellipsis"}
    if value is None:
        return {"kind": "none"}
    if isinstance(value, bool):
        return {"kind": "bool", "value": value}
    if isinstance(value, str):
        return {"kind": "str", "value": value[:MAX_TEXT]}
    module = getattr(type(value), "__module__", "") or ""
    if (module.startswith("sympy") and hasattr(value, "free_symbols")
            and not getattr(value, "is_Matrix", False)):
        import sys

        return {"kind": "sympy", "type": _type_name(value),
                "srepr": sys.modules["sympy"].srepr(value)}
    if callable(value) and not hasattr(value, "__array__"):
        return {"kind": "function", "name": str(getattr(value, "__name__", _type_name(value)))}
    if (isinstance(value, (int, float, list, tuple)) or module.startswith(("numpy", "sympy"))
            or hasattr(value, "__array__")):
        try:
            return _encode_array(value)
        except (TypeError, ValueError, OverflowError):
            pass
    return {"kind": "other", "type": _type_name(value), "repr": _short_repr(value)}


def encode(value, seconds=2.0):
    """Return the JSON-able encoding of ``value`` (never raises; hostile objects become
    ``other``)."""
    try:
        return call_with_time_limit(_encode, (value,), seconds)
    except TimeLimitExceeded:
        return {"kind": "other", "type": _type_name(value), "repr": "<took too long to read>"}
    except BaseException:
        return {"kind": "other", "type": _type_name(value), "repr": "<could not be read>"}


def decode_plain(item):
    """Return the value of an encoded ``array``/``str``/``bool``/``none``/``ellipsis`` item
    (what grader-chosen inputs are made of); other kinds come back as the dict itself."""
    kind = item.get("kind")
    if kind == "array":
        import numpy as np

        data = [float(v) for v in item["data"]]
        if not item["shape"]:
            return data[0]  # a scalar comes back as a Python float
        return np.array(data, dtype=np.float64).reshape(item["shape"])
    if kind in ("str", "bool"):
        return item["value"]
    return {"none": None, "ellipsis": Ellipsis}.get(kind, item)


def run_case(fn, args, seconds=2.0):
    """Run ``fn(*args)`` under the time limit and return its encoded outcome (never raises)."""
    try:
        value = call_with_time_limit(lambda: _encode(fn(*args)), (), seconds)
        return {"status": "ok", "value": value}
    except TimeLimitExceeded:
        return {"status": "timeout", "seconds": seconds}
    except KeyboardInterrupt:
        return {"status": "error", "error": "KeyboardInterrupt: interrupted"}
    except BaseException as exc:  # SystemExit included: the student's code, reported as such
        text = f"{_type_name(exc)}: {_short_repr(exc) if not str(exc) else str(exc)}"
        return {"status": "error", "error": text[:MAX_TEXT]}


def harvest(namespace, spec):
    """Return (and print, after ``spec["marker"]``) the encoded answers named in ``spec``.

    ``spec = {"marker": str, "questions": {qid: {"var": name, "cases": [[arg, ...], ...] or
    None, "seconds": float}}}``; ``cases`` (encoded arguments) are given for function
    questions: the function is run on each case here and only its outputs travel back.
    """
    answers = {}
    for qid, item in spec["questions"].items():
        if item["var"] not in namespace:
            answers[qid] = {"kind": "missing"}
            continue
        value = namespace[item["var"]]
        answers[qid] = encode(value)
        if answers[qid]["kind"] == "function" and item.get("cases") is not None:
            outputs = []
            for case in item["cases"]:
                outputs.append(run_case(value, [decode_plain(a) for a in case], item["seconds"]))
                if outputs[-1]["status"] == "timeout":
                    break  # one overrun is enough evidence; do not spend the limit again
            answers[qid]["outputs"] = outputs
    import sys

    sys.stdout.write(spec["marker"] + json.dumps(answers, allow_nan=False) + "\n")
    sys.stdout.flush()
    return answers
