"""Execute one submitted notebook in its own kernel and collect its answers (for ``dlcalc.grade``).

The student's code cells run one by one with nbclient (``allow_errors``: a failing cell does not
stop the rest; the whole run stops at ``total_timeout``; the kernel is shut down immediately
whatever happens) in a kernel started by :class:`~dlcalc.exercises._kernel.Launch` (CPU-time and
address-space limits, its own folder, optionally another user). A cell past ``cell_timeout`` is
interrupted; if the kernel then no longer answers (the cell ignores interrupts), the kernel is
restarted, the cells above re-run without the hung one, and the run goes on: a hung cell costs at
most its own question. Cells are named as the student sees them: ``cell 12 (`first line`)``,
numbered from the top counting every cell, Markdown included.

After every student cell that may change an answer a *snapshot* cell encodes the current
``qN_answer`` values, and after the last one a *harvest* cell encodes them again and runs the
student's functions on the grader's inputs (``_harvest.harvest``, sent as source text and run in
a fresh namespace). Answers are the harvest's; if the kernel died before it, the last snapshot's
(functions then have no outputs). Only data leaves the kernel: the scores are computed by the
grader's process.
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
from dlcalc.exercises._kernel import Launch

MAX_CELL_OUTPUT = 20_000  # characters kept per student cell (the rest is dropped)
WARM_UP_TIMEOUT = 120
PROBE_TIMEOUT = 5  # seconds a kernel gets to answer after an interrupted cell
MAX_RESTARTS = 3
MAX_PROBLEMS = 8  # problems listed per submission (then "... and N more")
WARM_UP = ("import numpy, sympy, matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot\n"
           "import dlcalc, dlcalc.exercises\n")
# A snapshot follows a student cell only when it may change an answer (assignment, def, del).
_TOUCHES_ANSWERS = re.compile(r"q\d+_answer\s*=(?!=)|def\s+q\d+_answer|\bdel\b|globals|exec")
_HARVEST_SOURCE = Path(_harvest_module.__file__).read_text(encoding="utf-8")


@dataclass
class Execution:
    """What running a submission produced: ``answers`` (qid -> encoded answer) or ``None``,
    ``final`` (True when the closing harvest ran), ``problems`` (readable notes per cell),
    ``failures`` (cell number -> "raised NameError: ..." or "stopped after ...") and
    ``sources`` (cell number -> source of every student code cell)."""

    answers: dict = None
    final: bool = False
    problems: list = field(default_factory=list)
    failures: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)


def cell_label(number, source):
    """Return ``cell 12 (`first line`)``: the cell as the student finds it in the notebook."""
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"cell {number} (`{first if len(first) <= 60 else first[:57] + '...'}`)"


class _CappedClient(NotebookClient):
    """A NotebookClient that keeps at most MAX_CELL_OUTPUT characters of a student cell's output
    (a submission printing megabytes costs transfer time, not grader memory)."""

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        cell = self.nb.cells[cell_index]
        if out is None or cell.metadata.get("dlcalc_role") != "student":
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


def harvest_cell(spec, role="final"):
    """Return a code cell that runs ``_harvest.harvest(globals(), spec)`` in the kernel."""
    source = (
        "def __dlcalc_collect():\n"
        "    import json\n"
        "    ns = {'__name__': 'dlcalc_harvest'}\n"
        f"    exec(compile({_HARVEST_SOURCE!r}, '<dlcalc-harvest>', 'exec'), ns)\n"
        f"    ns['harvest'](globals(), json.loads({json.dumps(spec)!r}))\n"
        "__dlcalc_collect()\n"
        "del __dlcalc_collect\n")
    return nbformat.v4.new_code_cell(source, metadata={"dlcalc_role": role})


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


def _cell_error(cell, interrupted=False):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error" and not (
                interrupted and out.get("ename") == "KeyboardInterrupt"):
            return f"{out.get('ename', 'Error')}: {str(out.get('evalue', ''))[:200]}"
    return None


def _work_notebook(nb, questions_spec, marker):
    """Return the notebook the kernel runs: warm-up, student cells (metadata ``dlcalc_number``:
    the cell's number in the submission), snapshots, the closing harvest, and a probe."""
    snap_spec = {"marker": marker, "questions": {
        q: dict(item, cases=None) for q, item in questions_spec.items()}}
    work = nbformat.v4.new_notebook(metadata=nb.get("metadata", {}))
    # Imports only (no student code), so the first cell's time limit is not spent importing.
    work.cells.append(nbformat.v4.new_code_cell(WARM_UP, metadata={"dlcalc_role": "warm"}))
    for number, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") != "code" or not cell.get("source", "").strip():
            continue
        work.cells.append(nbformat.v4.new_code_cell(cell.source, metadata={
            "dlcalc_role": "student", "dlcalc_number": number}))
        if _TOUCHES_ANSWERS.search(cell.source):
            work.cells.append(harvest_cell(snap_spec, role="snapshot"))
    work.cells.append(harvest_cell({"marker": marker, "questions": questions_spec}))
    work.cells.append(nbformat.v4.new_code_cell("pass", metadata={"dlcalc_role": "probe"}))
    return work


class _Run:
    """One submission's run: the cells, the kernel(s), the clock and what has been found."""

    def __init__(self, work, client, marker, cell_timeout, total_timeout, result):
        self.work, self.client, self.marker, self.result = work, client, marker, result
        self.cell_timeout, self.total_timeout = cell_timeout, total_timeout
        self.deadline = time.monotonic() + total_timeout
        self.timed_out, self.hung = set(), set()

    def _execute(self, index, limit):
        """Run cell ``index`` with ``limit`` seconds; return False if it timed out."""
        cell = self.work.cells[index]
        cell.metadata.pop("dlcalc_chars", None)
        self.timed_out.discard(index)
        self.client.timeout = max(1, int(limit))
        self.client.execute_cell(cell, index)
        return index not in self.timed_out

    def run(self, index, replay=False):
        """Run one cell; return "ok", "hung" (the kernel must be restarted) or "stop"."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 1:
            self.result.problems.append(f"stopped: the total time limit of "
                                        f"{self.total_timeout:g} s was reached")
            return "stop"
        cell = self.work.cells[index]
        role = cell.metadata["dlcalc_role"]
        limit = min(max(self.cell_timeout, WARM_UP_TIMEOUT) if role == "warm"
                    else self.cell_timeout, remaining)
        finished = self._execute(index, limit)
        responds = finished or self._execute(len(self.work.cells) - 1, PROBE_TIMEOUT)
        if role == "student" and not replay:
            self._report(cell, finished, responds, limit)
        elif role in ("snapshot", "final") and responds:
            answers = _read_marked(cell, self.marker)
            if answers is not None:
                self.result.answers, self.result.final = answers, role == "final"
        if responds:
            return "ok"
        self.hung.add(index)
        if role == "final" or len(self.hung) > MAX_RESTARTS:
            self.result.problems.append("stopped: the kernel no longer responds")
            return "stop"
        return "hung"

    def _report(self, cell, finished, responds, limit):
        number = cell.metadata["dlcalc_number"]
        label = cell_label(number, cell.source)
        if not finished:
            what = f"stopped after {int(limit)} s" + (
                " (time limit per cell)" if responds else
                " and the kernel no longer responded: it was restarted and the cells above "
                "re-run without this one")
            self.result.failures[number] = what
            self.result.problems.append(f"{label}: {what}")
            return
        error = _cell_error(cell)
        if error:
            self.result.failures[number] = f"raised {error}"
            self.result.problems.append(f"{label}: raised {error}")


def execute(nb, questions_spec, cell_timeout=60, total_timeout=600, cwd=".", launch=None):
    """Run the code cells of notebook ``nb`` and return an :class:`Execution`.

    ``questions_spec`` is the ``"questions"`` part of the harvest spec (qid -> var, cases,
    seconds); snapshots use it without cases. ``cwd`` is the kernel's own folder; ``launch``
    (a :class:`~dlcalc.exercises._kernel.Launch`) its limits and user (default: none).
    """
    launch = launch or Launch()
    marker = f"DLCALC-ANSWERS-{secrets.token_hex(8)}:"
    work = _work_notebook(nb, questions_spec, marker)
    result = Execution(sources={c.metadata["dlcalc_number"]: c.source for c in work.cells
                                if c.metadata.get("dlcalc_role") == "student"})
    launch.prepare(cwd)

    def on_cell_executed(cell, cell_index, execute_reply):
        if (execute_reply or {}).get("content", {}).get("ename") == "CellTimeoutError":
            state.timed_out.add(cell_index)

    client = _CappedClient(
        work, timeout=int(cell_timeout), kernel_name="python3", allow_errors=True,
        interrupt_on_timeout=True, shutdown_kernel="immediate", iopub_timeout=5,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": "timed out", "traceback": []},
        on_cell_executed=on_cell_executed, resources={"metadata": {"path": str(cwd)}},
        kernel_manager_class=launch.manager_class(cwd))
    state = _Run(work, client, marker, cell_timeout, total_timeout, result)
    order = list(range(len(work.cells) - 1))  # every cell but the probe
    position, status = 0, "ok"
    try:
        while position < len(order) and status != "stop":
            with client.setup_kernel(env=launch.env(cwd)):
                status = "ok"
                for index in order[:position]:  # after a restart: the cells above, once more
                    role = work.cells[index].metadata["dlcalc_role"]
                    if role in ("warm", "student") and index not in state.hung:
                        status = state.run(index, replay=True)
                        if status != "ok":
                            break
                while status == "ok" and position < len(order):
                    status = state.run(order[position])
                    position += 1
    except DeadKernelError:
        result.problems.append("the kernel died (the notebook exited or crashed it, or went "
                               "over its memory or CPU-time limit)")
    except Exception as exc:  # kernel failed to start, protocol errors: reported, never raised
        result.problems.append(f"could not run the notebook: {type(exc).__name__}: {exc}")
    if not result.final:
        result.problems.append("answers were read before the end of the notebook"
                               if result.answers else "no answers could be collected")
    if len(result.problems) > MAX_PROBLEMS:
        extra = len(result.problems) - MAX_PROBLEMS + 1
        result.problems[MAX_PROBLEMS - 1:] = [f"... and {extra} more"]
    return result
