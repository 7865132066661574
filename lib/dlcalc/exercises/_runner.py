"""Execute one submitted notebook in its own kernel and collect its answers (for ``dlcalc.grade``).

The student's code cells run one by one with nbclient (``allow_errors``: a failing cell does not
stop the rest; a cell past ``cell_timeout`` is interrupted; the whole run stops at
``total_timeout``; the kernel is shut down immediately whatever happens). After every student
cell a *snapshot* cell encodes the current ``qN_answer`` values, and after the last one a
*harvest* cell encodes them again and runs the student's functions on the grader's inputs
(``_harvest.harvest``, sent as source text and run in a fresh namespace). Answers are the
harvest's; if the kernel died or hung before it, the last snapshot's (functions then have no
outputs). Only data leaves the kernel: the scores are computed by the grader's process.
"""

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

import dlcalc.exercises._harvest as _harvest_module

MAX_CELL_OUTPUT = 20_000  # characters kept per student cell (the rest is dropped)
WARM_UP_TIMEOUT = 120
MAX_PROBLEMS = 8  # problems listed per submission (then "... and N more")
WARM_UP = ("import numpy, sympy, matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot\n"
           "import dlcalc, dlcalc.exercises\n")
# A snapshot follows a student cell only when it may change an answer (assignment, def, del).
_TOUCHES_ANSWERS = re.compile(r"q\d+_answer\s*=(?!=)|def\s+q\d+_answer|\bdel\b|globals|exec")
_HARVEST_SOURCE = Path(_harvest_module.__file__).read_text(encoding="utf-8")


@dataclass
class Execution:
    """What running a submission produced: ``answers`` (qid -> encoded answer) or ``None``,
    ``final`` (True when the closing harvest ran), ``problems`` (readable notes per cell)."""

    answers: dict = None
    final: bool = False
    problems: list = field(default_factory=list)


class _CappedClient(NotebookClient):
    """A NotebookClient that keeps at most MAX_CELL_OUTPUT characters of a student cell's output
    (a submission printing megabytes costs transfer time, not grader memory)."""

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        cell = self.nb.cells[cell_index]
        if out is None or cell.metadata.get("dlcalc_harvest"):
            return out
        used = cell.metadata.setdefault("dlcalc_chars", 0) + len(json.dumps(out))
        cell.metadata["dlcalc_chars"] = used
        if used > MAX_CELL_OUTPUT and outs and outs[-1] is out:
            outs.pop()
            if not cell.metadata.get("dlcalc_truncated"):
                cell.metadata["dlcalc_truncated"] = True
                outs.append(nbformat.v4.new_output("stream", name="stdout",
                                                   text="[output truncated by the grader]\n"))
        return out


def harvest_cell(spec):
    """Return a code cell that runs ``_harvest.harvest(globals(), spec)`` in the kernel."""
    source = (
        "def __dlcalc_collect():\n"
        "    import json\n"
        "    ns = {'__name__': 'dlcalc_harvest'}\n"
        f"    exec(compile({_HARVEST_SOURCE!r}, '<dlcalc-harvest>', 'exec'), ns)\n"
        f"    ns['harvest'](globals(), json.loads({json.dumps(spec)!r}))\n"
        "__dlcalc_collect()\n"
        "del __dlcalc_collect\n")
    return nbformat.v4.new_code_cell(source, metadata={"dlcalc_harvest": True})


def _read_marked(cell, marker):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            for line in out.get("text", "").splitlines():
                if line.startswith(marker):
                    try:
                        return json.loads(line[len(marker):])
                    except ValueError:
                        return None
    return None


def _cell_errors(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            yield f"{out.get('ename', 'Error')}: {str(out.get('evalue', ''))[:200]}"


def execute(nb, questions_spec, cell_timeout=60, total_timeout=600, cwd="."):
    """Run the code cells of notebook ``nb`` and return an :class:`Execution`.

    ``questions_spec`` is the ``"questions"`` part of the harvest spec (qid -> var, cases,
    seconds); snapshots use it without cases.
    """
    marker = f"DLCALC-ANSWERS-{secrets.token_hex(8)}:"
    final_spec = {"marker": marker, "questions": questions_spec}
    snap_spec = {"marker": marker, "questions": {
        q: dict(item, cases=None) for q, item in questions_spec.items()}}
    work = nbformat.v4.new_notebook(metadata=nb.get("metadata", {}))
    # Imports only (no student code), so the first cell's time limit is not spent importing.
    work.cells.append(nbformat.v4.new_code_cell(WARM_UP, metadata={"dlcalc_harvest": True}))
    student = [c for c in nb.cells if c.get("cell_type") == "code" and c.get("source", "").strip()]
    positions = []  # (index in work, student cell number)
    for number, cell in enumerate(student, start=1):
        positions.append((len(work.cells), number))
        work.cells.append(nbformat.v4.new_code_cell(cell.source))
        if _TOUCHES_ANSWERS.search(cell.source):
            work.cells.append(harvest_cell(snap_spec))
    work.cells.append(harvest_cell(final_spec))

    result = Execution()
    timed_out = set()

    def on_cell_executed(cell, cell_index, execute_reply):
        content = (execute_reply or {}).get("content", {})
        if content.get("ename") == "CellTimeoutError":
            timed_out.add(cell_index)

    client = _CappedClient(
        work, timeout=int(cell_timeout), kernel_name="python3", allow_errors=True,
        interrupt_on_timeout=True, shutdown_kernel="immediate", iopub_timeout=5,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": "timed out", "traceback": []},
        on_cell_executed=on_cell_executed, resources={"metadata": {"path": str(cwd)}})
    deadline = time.monotonic() + total_timeout
    number_of = dict(positions)
    try:
        with client.setup_kernel():
            for index, cell in enumerate(work.cells):
                remaining = deadline - time.monotonic()
                if remaining <= 1:
                    result.problems.append(f"stopped: the total time limit of {total_timeout:g} "
                                           "s was reached")
                    break
                limit = max(cell_timeout, WARM_UP_TIMEOUT) if index == 0 else cell_timeout
                client.timeout = max(1, int(min(limit, remaining)))
                client.execute_cell(cell, index)
                if index in number_of:
                    n = number_of[index]
                    if index in timed_out:
                        result.problems.append(f"cell {n}: stopped after {client.timeout} s "
                                               "(time limit per cell)")
                    result.problems += [f"cell {n}: {e}" for e in _cell_errors(cell)
                                        if not e.startswith("KeyboardInterrupt")][:1]
                    continue
                answers = _read_marked(cell, marker)
                if answers is not None:
                    result.answers, result.final = answers, index == len(work.cells) - 1
                elif index in timed_out:
                    result.problems.append("stopped: the kernel no longer responds")
                    break
    except DeadKernelError:
        result.problems.append("the kernel died (the notebook exited or crashed it)")
    except Exception as exc:  # kernel failed to start, protocol errors: reported, never raised
        result.problems.append(f"could not run the notebook: {type(exc).__name__}: {exc}")
    if not result.final:
        result.problems.append("answers were read before the end of the notebook"
                               if result.answers else "no answers could be collected")
    if len(result.problems) > MAX_PROBLEMS:
        extra = len(result.problems) - MAX_PROBLEMS + 1
        result.problems[MAX_PROBLEMS - 1:] = [f"... and {extra} more"]
    return result
