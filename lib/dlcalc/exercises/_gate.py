"""The graded-release switch: ``.solution()`` and ``.expected()`` say they are disabled.

A graded release (``python -m dlcalc.release --graded OUTDIR``) sets the environment variable
``DLCALC_GRADED=1`` in its setup cell. It is read at every call, so nothing global is cached.
Only calls from the notebook are refused: the checkers' own use of the reference answer (from
inside ``dlcalc``) goes on, so ``.check()`` and ``.hint()`` work as before. This is a speed bump,
not a lock: the answers are computed by the library, which anyone can install, and the batch
grader flags notebooks that call ``.solution()`` or ``.expected()``.
"""

import os
import sys

from dlcalc.exercises._display import Note

ENV = "DLCALC_GRADED"


def graded_refusal(question, method):
    """Return the Note shown instead of ``question.<method>()`` in a graded release, else None.

    Called first thing in that method: frame 2 is the method's caller."""
    if os.environ.get(ENV, "").strip() in ("", "0"):
        return None
    if sys._getframe(2).f_globals.get("__name__", "").startswith("dlcalc."):
        return None
    note = Note(f"{question.label}: .{method}() is disabled",
                f"This is a graded assignment, so .{method}() is turned off here. "
                f"Use .hint() for help and .check() to test your answer.")
    note._show()
    return note
