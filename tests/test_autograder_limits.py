"""The grader survives bad notebooks and its limits hold (issue 20).

* A batch with a hung check cell (it ignores interrupts), a raising answer cell and a deleted
  cell: the scores expected from the submitted answers are written out by hand below.
* Memory: a submission that allocates and touches 256 MiB chunks up to 4 GiB is stopped by a
  1 GiB limit while the rest of the batch is graded; without the limit it reaches 4 GiB, so
  the limit is what stops it, not the machine.
"""

import os
import sys

import pytest

from dlcalc import grade
from dlcalc.exercises._grading import DEFAULT_SEED, build_spec, score
from dlcalc.exercises._harvest import harvest
from dlcalc.exercises._kernel import (
    GIB,
    Launch,
    container_memory,
    default_memory_limit,
    parse_size,
    resolve_user,
)
from dlcalc.exercises._runner import Execution
from submissions import ALL, CH, FULL, check_cell, insert_after, read_rows, with_answers, write_all

HANG = ("import signal, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts cannot stop this cell\n"
        "while True:\n"
        "    time.sleep(0.05)\n")
WRONG_Q4 = CH.q4.misconceptions[0].example()


def bad_notebook():
    """q1's answer cell deleted, q4 wrong, q5's answer cell raises, q7's check cell hangs."""
    nb = with_answers(dict(FULL, q4=f"q4_answer = {float(WRONG_Q4)!r}",
                           q5="q5_answer = best_step(g5, H5)  # never defined"))
    nb.cells = [c for c in nb.cells if not c.source.startswith("q1_answer")]
    nb.cells[check_cell("q7", nb)].source = "ch04.q7.check(q7_answer, sheet=sheet)\n" + HANG
    return nb


# By hand, from the answers above: q1 was deleted, q4 is the misconception's value, q5's cell
# raised before assigning; q7's answer is right (only its check cell hung); every other answer
# is the reference.
EXPECTED = {1: 0, 2: 1, 3: 1, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 1}


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory):
    nb = bad_notebook()
    folder = write_all(tmp_path_factory.mktemp("bad"), {"bad": nb, "good": with_answers(FULL)})
    out = tmp_path_factory.mktemp("grades") / "grades.csv"
    grade.grade_directory(folder, out, cell_timeout=10, total_timeout=150, jobs=2,
                          progress=False)
    return nb, read_rows(out), (out.parent / "feedback" / "bad.md").read_text()


def test_a_hung_cell_costs_only_its_own_question(bad_batch):
    nb, rows, _ = bad_batch
    row = rows["bad"]
    expected = {n: EXPECTED.get(n, 1) for n in ALL}  # questions added later: reference answers
    assert {n: int(row[f"q{n}"]) for n in ALL} == expected
    assert row["total"] == str(sum(expected.values()))
    assert rows["good"]["total"] == str(len(ALL)) and rows["good"]["error"] == ""


def test_cells_are_named_as_the_student_sees_them(bad_batch):
    nb, rows, feedback = bad_batch
    hung = check_cell("q7", nb) + 1  # numbered from the top, every cell counted
    raised = next(i for i, c in enumerate(nb.cells) if "best_step" in c.source) + 1
    assert nb.cells[hung - 2].cell_type == "code" and nb.cells[hung - 3].cell_type == "markdown"
    error = rows["bad"]["error"]
    assert (f"cell {hung} (`ch04.q7.check(q7_answer, sheet=sheet)`): stopped after 10 s and "
            "the kernel no longer responded: it was restarted") in error
    assert (f"cell {raised} (`g5 = np.array([1.0, 1.0])`): raised NameError: name 'best_step' "
            "is not defined") in error
    assert (f"Your answer cell, cell {raised} (`g5 = np.array([1.0, 1.0])`), raised NameError: "
            "name 'best_step' is not defined, so q5_answer was not set") in feedback
    assert "q1_answer is not defined" in feedback
    assert CH.q4.misconceptions[0].message in feedback


HOG = ("import numpy as np\n"
       "chunks, reached = [], 0\n"
       "while reached < 4096:\n"
       "    chunks.append(np.ones(256 * 2**20 // 8))  # 256 MiB, every page written\n"
       "    reached += 256\n"
       "raise RuntimeError(f'reached {reached} MiB')\n")


def test_the_memory_limit_stops_a_hog_and_the_batch_goes_on(tmp_path):
    hog = insert_after(with_answers(FULL), "q1", HOG)
    limited = write_all(tmp_path / "limited", {"hog": hog, "other": with_answers(FULL)})
    rows = grade.grade_directory(limited, tmp_path / "a.csv", cell_timeout=30,
                                 total_timeout=120, jobs=2, progress=False,
                                 memory_limit=GIB)
    by = {r["student"]: r for r in rows}
    assert "raised MemoryError" in by["hog"]["error"] and "reached" not in by["hog"]["error"]
    assert by["other"]["total"] == len(ALL) and by["other"]["error"] == ""
    free = write_all(tmp_path / "free", {"hog": hog})
    rows = grade.grade_directory(free, tmp_path / "b.csv", cell_timeout=120,  # 4 GiB of page
                                 total_timeout=180, progress=False, memory_limit=None)  # faults
    assert "raised RuntimeError: reached 4096 MiB" in rows[0]["error"]
    assert "MemoryError" not in rows[0]["error"]


def test_the_launcher_sets_the_limits_and_the_environment(tmp_path):
    launch = Launch(memory=GIB, cpu=90, user=(65534, 65534), python="/venv/bin/python")
    argv = launch.argv()
    assert argv[0].endswith("prlimit") and "--cpu=90" in argv and f"--as={GIB}" in argv
    assert argv[argv.index("--") + 1].endswith("setpriv") and "--reuid=65534" in argv
    assert argv[-5:] == ["/venv/bin/python", "-m", "ipykernel_launcher", "-f",
                         "{connection_file}"]
    env = launch.env(tmp_path)
    assert env["OPENBLAS_NUM_THREADS"] == "1" and env["HOME"] == env["TMPDIR"] == str(tmp_path)
    assert Launch().argv()[0] != "prlimit" and "setpriv" not in " ".join(Launch().argv())
    assert 64 * 2**20 <= default_memory_limit(2) < container_memory()
    assert default_memory_limit(1) <= 4 * GIB


@pytest.mark.parametrize("text,size", [("1GiB", GIB), ("512M", 512 * 2**20), ("2g", 2 * GIB),
                                       ("1073741824", GIB), ("none", None), ("0", None)])
def test_memory_sizes_are_read(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "1X", "10M"])
def test_bad_memory_sizes_say_what_was_expected(text):
    with pytest.raises(ValueError, match="memory limit"):
        parse_size(text)


def test_a_kernel_user_who_cannot_run_the_interpreter_is_a_clear_error(tmp_path):
    if os.geteuid() != 0:  # not root: another user cannot be asked for at all
        with pytest.raises(PermissionError, match="needs root"):
            resolve_user("nobody")
        return
    private = tmp_path / "private"  # a folder only root can enter, like /root
    private.mkdir(mode=0o700)
    (private / "python").symlink_to(sys.executable)
    launch = Launch(user=resolve_user("nobody"), python=str(private / "python"))
    with pytest.raises(PermissionError, match="cannot start the kernel with .*under /opt"):
        launch.check_user()
    Launch(user=None, python=str(private / "python")).check_user()  # no user: nothing to check


def test_an_answer_cell_that_hung_or_raised_is_named_in_its_feedback():
    """Without a kernel: what a run reports when q3's answer cell hung and q5's raised."""
    spec = build_spec(CH, DEFAULT_SEED, {})
    answers = harvest({}, {"marker": "A:", "questions": spec})  # nothing was set
    hung = "stopped after 10 s and the kernel no longer responded"
    run = Execution(answers=answers, final=True,
                    sources={12: "g = 1\nq3_answer = slow(g)", 17: "q5_answer = step()",
                             20: "print(q6_answer)"},
                    failures={12: hung, 17: "raised NameError: name 'step' is not defined",
                              20: "raised NameError: name 'q6_answer' is not defined"})
    feedbacks = {fb.question: fb for fb in score(CH, run, spec, {})}
    assert feedbacks["ch04.q3"].status == "incorrect" and feedbacks["ch04.q3"].message == (
        f"Your answer cell, cell 12 (`g = 1`), {hung}, so q3_answer was not set: fix the cell "
        "and re-run it.")
    assert "cell 17 (`q5_answer = step()`), raised NameError" in feedbacks["ch04.q5"].message
    assert feedbacks["ch04.q6"].status == "not attempted"  # cell 20 only reads q6_answer
