"""Run a student's function where its time limit cannot be caught: a forked child process.

A time limit raised *inside* student code (a signal, an exception) can be swallowed: a bare
``except:`` in a loop catches it every time. So on systems with ``fork`` (Linux: Binder, Colab,
JupyterHub; also macOS) :func:`run_case` forks, runs the function in the child, sends the
encoded outcome back through a pipe, and the parent kills the child with SIGKILL at the limit.
The child's ``print`` output is captured and replayed by the parent (a forked child must not
write to the kernel's output streams, which belong to threads the child does not have). The
child cannot change the notebook's variables.

Where ``fork`` is unavailable (Windows, JupyterLite) or fails (a process limit on a hub),
:func:`run_case` runs the function in a watchdog thread instead and says once that it cannot be
stopped: the checker gives up waiting at the limit and reports it (the abandoned thread may
keep running; restart the kernel then), so ``check()`` always returns.
:func:`bounded` runs any checker computation on untrusted input (evaluating a SymPy
expression a student typed) the same way.
"""

import io
import json
import os
import select
import signal
import sys
import threading
import time
import warnings

from dlcalc.exercises import _harvest

MAX_PRINTED = 2_000  # characters of a child's printed output replayed in the notebook
_warned = []


def fork_available():
    return hasattr(os, "fork") and hasattr(os, "waitpid") and sys.platform != "emscripten"


def plain_data(value, depth=0):
    """Return True when reading ``value`` runs no student code: numbers, strings, NumPy and
    SymPy objects, fractions, functions and classes (not called), and lists/tuples of these."""
    import decimal
    import fractions
    import types

    import numpy as np

    if value is None or value is Ellipsis or isinstance(value, (bool, int, float, complex, str,
                                                                bytes, np.generic, type)):
        return True
    if isinstance(value, (fractions.Fraction, decimal.Decimal, types.FunctionType,
                          types.BuiltinFunctionType, types.MethodType)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind != "O"
    if (getattr(type(value), "__module__", "") or "").startswith("sympy"):
        return True
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple) and depth < 3:
        return len(value) <= 10_000 and all(plain_data(v, depth + 1) for v in value)
    return False


def encode_in_child(value, seconds=2.0):
    """Return ``_harvest.encode(value)`` computed in a child process stopped after ``seconds``
    (where fork is unavailable, in this process under ``_harvest``'s own limit)."""
    if not fork_available():
        return _harvest.encode(value, seconds)
    outcome = run_case(lambda: value, [], seconds)
    if outcome.get("status") == "ok":
        return outcome["value"]
    text = "<took too long to read>" if outcome.get("status") == "timeout" else \
        "<could not be read>"
    return {"kind": "other", "type": type(value).__name__, "repr": text}


def _tidy(value):
    """Return a function's output with a complex number or array whose imaginary part is 0 as
    real, and a 0-d NumPy string array as a str (run where the output is encoded)."""
    import numpy as np

    if isinstance(value, (complex, np.complexfloating)) and value.imag == 0:
        return float(value.real)
    if isinstance(value, np.ndarray) and value.dtype.kind == "c" and not np.any(value.imag):
        return np.ascontiguousarray(value.real)
    if isinstance(value, np.ndarray) and value.dtype.kind == "U" and value.ndim == 0:
        return str(value)
    return value


def run_case(fn, args, seconds):
    """Return the encoded outcome of ``fn(*args)`` (see ``_harvest.run_case``), run in a child
    process killed after ``seconds`` (never raises, never hangs past ``seconds`` + ~1 s)."""
    def tidy_fn(*a):
        return _tidy(fn(*a))

    if not fork_available():
        return _in_thread(tidy_fn, args, seconds, "this system cannot start a separate process")
    try:
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        with warnings.catch_warnings():  # "multi-threaded, use of fork() may lead to deadlocks"
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError as exc:  # no processes left, or a sandbox refusing fork: not the student's
        return _in_thread(tidy_fn, args, seconds,
                          f"the checker could not start a process ({exc})")
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(tidy_fn, args, write_end)
    os.close(write_end)
    return _parent(pid, read_end, seconds)


def _in_thread(fn, args, seconds, why):
    """Run ``_harvest.run_case(fn, args)`` in a daemon thread and stop waiting after
    ``seconds`` + 1 s (a thread cannot be killed: it is abandoned)."""
    if not _warned:
        _warned.append(True)
        print(f"Note: {why}, so the checker cannot run your function in a separate process; "
              "it runs in a thread that cannot be stopped: the checker "
              f"stops waiting after the time limit ({seconds:g} s) and says so, but a "
              "function that loops forever keeps running in the background (restart the "
              "kernel if the notebook slows down).")
    box = {}

    def target():
        box["outcome"] = _harvest.run_case(fn, args, seconds)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(float(seconds) + 1.0)
    return box.get("outcome") or {"status": "timeout", "seconds": seconds}


def bounded(fn, seconds):
    """Return ``("ok", text)`` with the string ``fn()`` returns, computed where it can be
    stopped after ``seconds`` (a child process, else a watchdog thread), or ``("timeout",
    None)`` / ``("error", message)``. For checker work on untrusted input (evaluating a SymPy
    expression can run for hours inside mpmath, where no signal stops it)."""
    outcome = run_case(fn, [], seconds)
    if outcome.get("status") == "ok" and outcome["value"].get("kind") == "str":
        return "ok", outcome["value"]["value"]
    if outcome.get("status") == "timeout":
        return "timeout", None
    return "error", str(outcome.get("error", "no result"))


def _child(fn, args, fd):
    captured = io.StringIO()
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        sys.stdout = sys.stderr = captured
        outcome = _harvest.run_case(fn, args, 10.0 * 60)  # the parent's kill is the real limit
        outcome["printed"] = captured.getvalue()[:MAX_PRINTED]
        data = json.dumps(outcome, allow_nan=False).encode()
    except BaseException as exc:  # noqa: B036 - the child reports everything and exits
        data = json.dumps({"status": "error", "error": f"{type(exc).__name__}"}).encode()
        code = 1
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os._exit(code)


def _parent(pid, fd, seconds):
    chunks, deadline, finished = [], time.monotonic() + float(seconds), False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            ready, _, _ = select.select([fd], [], [], min(remaining, 0.5))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
    finally:
        os.close(fd)
        if not finished:
            _kill(pid)
        else:
            _reap(pid)
    if not finished:
        return {"status": "timeout", "seconds": seconds}
    try:
        outcome = json.loads(b"".join(chunks).decode())
    except ValueError:
        return {"status": "error", "error": "the function's process ended without an answer "
                "(it exited or crashed)"}
    printed = outcome.pop("printed", "")
    if printed:
        sys.stdout.write(printed if printed.endswith("\n") else printed + "\n")
    return outcome


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid):
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
