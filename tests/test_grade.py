"""Batch grading (python -m dlcalc.grade): crafted submissions of the chapter-4 exercises, each
misbehaving in its own way, are graded into the right CSV rows and feedback files.

The whole batch is graded once (short time limits, two kernels at a time); the hidden-check and
command-line tests grade two more notebooks through ``python -m dlcalc.grade``.
"""

import csv
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from dlcalc import grade
from dlcalc.exercises._grading import build_spec, detect_chapter, load_hidden, score
from dlcalc.exercises._harvest import harvest
from dlcalc.exercises._runner import Execution
from submissions import (
    ALL,
    BASE,
    CH,
    FULL,
    N,
    answer_cell,
    check_cell,
    insert_after,
    with_answers,
    write_all,
)

CELL_TIMEOUT = 8  # above the 5 s a student function may run in a check


FAKE_CHECK = (
    "import dlcalc.exercises._core as core\n"
    "core.Question.grade = lambda self, a, time_limit=None: core.Feedback('correct', 'x', '')\n"
    "core.Question.grade_encoded = lambda self, item: core.Feedback('correct', 'x', '')\n"
    "ch04.q1.check = lambda *a, **k: print('Correct!')\n"
    "sheet.summary = lambda: print('9 / 9')")


def submissions():
    """name -> notebook (or raw text) for the crafted batch."""
    missing_half = CH.q2.misconceptions[0].example()
    deleted = with_answers(FULL)
    deleted.cells = [c for c in deleted.cells if not c.source.startswith("q1_answer")]
    return {
        "full": with_answers(FULL),
        "partial": with_answers({"q1": FULL["q1"], "q2": f"q2_answer = {missing_half!r}",
                                 "q3": FULL["q3"]}),
        "blank": BASE,
        "crash": insert_after(with_answers(FULL), "q3", "raise RuntimeError('boom')"),
        "loop": insert_after(with_answers(dict(FULL, q9="def q9_answer(x, g, H):\n"
                                               "    while True:\n        pass")),
                             "q2", "while True:\n    pass"),
        "sysexit": insert_after(with_answers(FULL), "q3", "import sys\nsys.exit(3)"),
        "died": insert_after(with_answers(FULL), "q9", "import os\nos._exit(1)"),
        "huge": insert_after(with_answers(FULL), "q1", "print('x' * 5_000_000)"),
        "syntax": with_answers(dict(FULL, q5="q5_answer = = 3")),
        "deleted": insert_after(deleted, "q9", "del q2_answer"),
        "fake": insert_after(with_answers({q.name: f"{q.variable} = 0.0" for q in CH.QUESTIONS}),
                             "q1", FAKE_CHECK),
        "broken": "{ this is not json",
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = write_all(tmp_path_factory.mktemp("submissions"), submissions())
    out = tmp_path_factory.mktemp("grades") / "grades.csv"
    grade.grade_directory(folder, out, cell_timeout=CELL_TIMEOUT, total_timeout=90, jobs=2,
                          progress=False)
    with out.open(newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return rows, out.parent / "feedback"


BEFORE_EXIT = {n for n in ALL if answer_cell(f"q{n}") < check_cell("q9")}
EXPECTED_SCORES = {  # student -> questions scored (1-based), each worth its points
    "full": ALL, "partial": {1, 3}, "blank": set(), "crash": ALL, "loop": ALL - {9},
    "sysexit": ALL, "died": BEFORE_EXIT - {9}, "huge": ALL, "syntax": ALL - {5},
    "deleted": ALL - {1, 2}, "fake": set(),
}


@pytest.mark.parametrize("student", sorted(EXPECTED_SCORES))
def test_each_submission_gets_its_score(graded, student):
    rows, _ = graded
    row = rows[student]
    right = EXPECTED_SCORES[student]
    total = sum(q.points for q in CH.QUESTIONS if int(q.name[1:]) in right)
    top = sum(q.points for q in CH.QUESTIONS)
    assert row["chapter"] == "ch04" and row["max"] == str(top) and row["total"] == str(total)
    assert {i for i in range(1, N + 1) if row[f"q{i}"] == "1"} == right


def test_the_csv_has_one_row_per_submission_and_fixed_columns(graded):
    rows, feedback = graded
    assert set(rows) == set(submissions())
    assert list(next(iter(rows.values()))) == (["student", "chapter"] + [f"q{i}" for i in
                                               range(1, N + 1)] + ["total", "max", "error",
                                                                   "notes"])
    assert {p.stem for p in feedback.glob("*.md")} == set(submissions())


@pytest.mark.parametrize("student,words", [
    ("full", []), ("blank", []), ("crash", ["RuntimeError: boom"]),
    ("loop", [f"stopped after {CELL_TIMEOUT} s"]), ("sysexit", ["SystemExit"]),
    ("died", ["kernel died", "before the end"]), ("syntax", ["SyntaxError"]),
    ("broken", ["not a readable notebook"])])
def test_the_error_column_says_what_went_wrong(graded, student, words):
    error = graded[0][student]["error"]
    assert all(w in error for w in words) and (error == "") == (not words)


def test_feedback_files_explain_each_score(graded):
    _, folder = graded
    text = {p.stem: p.read_text() for p in folder.glob("*.md")}
    assert text["blank"].count("not attempted") == N
    assert CH.q2.misconceptions[0].message in text["partial"]
    assert "does it loop forever?" in text["loop"]
    assert "q1_answer is not defined" in text["deleted"]
    assert "q2_answer is not defined" in text["deleted"]
    assert "could not be run" in text["died"]  # defined before the kernel died, never run
    assert text["fake"].count("incorrect") == N
    assert f"{N} / {N}" in text["huge"].splitlines()[0]


def test_hidden_checks_are_scored_in_the_grader(tmp_path):
    """Without a kernel: answers as a kernel would report them, then public + hidden scoring."""
    hidden = {"q3": {"check": lambda a: (abs(a - CH.q3.expected()) < 1e-12, "full precision")},
              "q9": {"cases": [(np.array([1.0]), np.array([2.0]), np.array([[4.0]]))]}}
    spec = build_spec(CH, 7, hidden)

    def tricky(x, g, H):
        return x - np.linalg.solve(H, g) if len(x) > 1 else x

    def report(answer3, fn):  # exactly what the closing cell in a kernel reports
        return harvest({"q3_answer": answer3, "q9_answer": fn},
                       {"marker": "ANSWERS:", "questions": spec})

    for fn, answer3, expect in [(CH.q9.expected(), CH.q3.expected(), True),
                                (tricky, 0.41666667, False)]:
        answers = report(answer3, fn)
        public = score(CH, Execution(answers=answers, final=True), build_spec(CH, 7, {}), {})
        assert public[2].passed and public[8].passed  # both pass the public checks
        feedbacks = score(CH, Execution(answers=answers, final=True), spec, hidden)
        assert feedbacks[2].passed is expect and feedbacks[8].passed is expect
        if not expect:
            assert "Hidden check failed. full precision" in feedbacks[2].message
            assert feedbacks[8].message.startswith("Hidden test:")


def test_command_line_with_hidden_checks(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    nbformat.write(with_answers(FULL), str(folder / "alice.ipynb"))
    tricky = dict(FULL, q3="q3_answer = 0.41666667", q9="def q9_answer(x, g, H):\n"
                  "    return x - np.linalg.solve(H, g) if len(x) > 1 else x")
    nbformat.write(with_answers(tricky), str(folder / "bob.ipynb"))
    hidden = tmp_path / "hidden_checks.py"
    hidden.write_text(
        "import numpy as np\nfrom dlcalc.exercises import ch04\n"
        "HIDDEN = {'ch04': {\n"
        "    'q3': {'check': lambda a: (abs(a - ch04.q3.expected()) < 1e-12, 'full precision')},\n"
        "    'q9': {'cases': [(np.array([1.0]), np.array([2.0]), np.array([[4.0]]))]}}}\n")
    out = tmp_path / "out" / "grades.csv"
    done = subprocess.run([sys.executable, "-m", "dlcalc.grade", str(folder), "--out", str(out),
                           "--hidden", str(hidden), "--cell-timeout", "20", "--jobs", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "2/2" in done.stderr and "graded 2 submission(s)" in done.stdout  # progress bar
    rows = {r["student"]: r for r in csv.DictReader(out.open(newline=""))}
    assert rows["alice"]["total"] == str(N)
    assert rows["bob"]["total"] == str(N - 2) and rows["bob"]["q3"] == rows["bob"]["q9"] == "0"
    bob = (out.parent / "feedback" / "bob.md").read_text()
    assert "Hidden check failed" in bob and "Hidden test:" in bob


def test_detect_chapter_and_hidden_file_errors(tmp_path):
    assert detect_chapter(BASE, "whatever.ipynb") == "ch04"
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from dlcalc.exercises import ScoreSheet, ch02\nsheet = ScoreSheet(ch02)")])
    assert detect_chapter(plain, "x.ipynb") == "ch02"
    assert detect_chapter(nbformat.v4.new_notebook(), "05_critical_points-bob.ipynb") == "ch05"
    assert detect_chapter(nbformat.v4.new_notebook(), "bob.ipynb") is None
    bad = tmp_path / "hidden.py"
    bad.write_text("CHECKS = {}\n")
    with pytest.raises(ValueError, match="HIDDEN"):
        load_hidden(bad)
    assert load_hidden(None) == {}


def test_notes_flag_calls_of_expected(tmp_path):
    nb = with_answers({"q1": "q1_answer = ch04.q1.expected()"})
    path = tmp_path / "carol.ipynb"
    nbformat.write(nb, str(path))
    job = grade.Job(path)
    assert job.chapter == "ch04" and job.notes == ["calls .expected()"]
