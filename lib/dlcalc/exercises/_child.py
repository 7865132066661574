"""Run a student's function where its time limit cannot be caught: a forked child process.

A time limit raised *inside* student code (a signal, an exception) can be swallowed: a bare
``except:`` in a loop catches it every time. So on systems with ``fork`` (Linux: Binder, Colab,
JupyterHub; also macOS) :func:`run_case` forks, runs the function in the child, sends the
encoded outcome back through a pipe, and the parent kills the child with SIGKILL at the limit.
The child's ``print`` output is captured and replayed by the parent (a forked child must not
write to the kernel's output streams, which belong to threads the child does not have). The
child cannot change the notebook's variables.

Where ``fork`` is unavailable (Windows, JupyterLite), :func:`run_case` falls back to the
in-process limit of ``_harvest`` and says once that a function that swallows the time limit can
hang the cell (interrupt the kernel then).
"""

import io
import json
import os
import select
import signal
import sys
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


def run_case(fn, args, seconds):
    """Return the encoded outcome of ``fn(*args)`` (see ``_harvest.run_case``), run in a child
    process killed after ``seconds`` (never raises, never hangs past ``seconds`` + ~0.5 s)."""
    if not fork_available():
        if not _warned:
            _warned.append(True)
            print("Note: this system cannot run your function in a separate process, so the "
                  f"{seconds:g} s time limit is enforced inside it; a loop with a bare "
                  "`except:` can hang this cell (then interrupt the kernel, ■).")
        return _harvest.run_case(fn, args, seconds)
    try:
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        with warnings.catch_warnings():  # "multi-threaded, use of fork() may lead to deadlocks"
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError as exc:  # no processes left, or a sandbox refusing fork
        return {"status": "error", "error": f"the checker could not start a process ({exc})"}
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(fn, args, write_end)
    os.close(write_end)
    return _parent(pid, read_end, seconds)


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
