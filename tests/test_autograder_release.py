"""Graded release (issue 20): ``python -m dlcalc.release --graded OUTDIR`` writes notebooks whose
``.solution()`` and ``.expected()`` say they are disabled while ``.check()`` and ``.hint()``
work; the self-study notebooks in ``exercises/`` keep their solutions; the grader still flags a
notebook that calls them.
"""

import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from dlcalc import grade, release
from dlcalc.exercises._gate import ENV
from submissions import CH, FULL, ROOT, with_answers

SOURCE = ROOT / "exercises" / "04_learning_rate.ipynb"
TRIES = ["s = ch04.q1.solution()", "e = ch04.q1.expected()", "h = ch04.q1.hint()",
         "fb = ch04.q1.check(q1_answer, sheet=sheet)\nprint('passed:', fb.passed)",
         "print('summary:', sheet.summary().score)"]


def _text(cell):
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
        if out.get("output_type") == "error":
            parts.append(f"ERROR {out['ename']}: {out['evalue']}")
    return "".join(parts)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    before = SOURCE.read_bytes()
    out = tmp_path_factory.mktemp("graded")
    done = subprocess.run([sys.executable, "-m", "dlcalc.release", "--graded", str(out),
                           "--chapter", "04"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert SOURCE.read_bytes() == before  # the self-study notebook is not changed
    return nbformat.read(str(out / SOURCE.name), as_version=4), out


@pytest.fixture(scope="module")
def executed(released):
    nb = with_answers({"q1": FULL["q1"]}, released[0])
    nb.cells = nb.cells[:nb.cells.index(next(c for c in nb.cells if "q1.check(" in c.source))]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in TRIES]
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return [_text(c) for c in nb.cells[-len(TRIES):]]


def test_solution_and_expected_say_they_are_disabled(executed):
    solution, expected, *_ = executed
    assert "ch04.q1: .solution() is disabled" in solution
    assert "ch04.q1: .expected() is disabled" in expected
    assert "Reference answer" not in solution + expected
    assert repr(float(CH.q1.expected()))[:6] not in solution + expected


def test_hints_and_checks_still_work(executed):
    _, _, hint, check, summary = executed
    assert CH.q1.hints[0][:40] in hint
    assert "passed: True" in check and "summary: 1" in summary
    assert "ERROR" not in "".join(executed)


def test_the_release_marks_the_notebook_and_only_adds_the_switch(released):
    nb, _ = released
    original = nbformat.read(str(SOURCE), as_version=4)
    assert nb.metadata["dlcalc"]["graded"] is True
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert setup.source == release.GRADED_LINES + original.cells[1].source
    assert f'os.environ["{ENV}"] = "1"' in setup.source and ENV not in SOURCE.read_text()
    assert [c.source for c in nb.cells[2:]] == [c.source for c in original.cells[2:]]


def test_the_grader_grades_a_released_notebook_and_flags_solution_calls(released, tmp_path):
    nb = with_answers(FULL, released[0])
    nb.cells.append(nbformat.v4.new_code_cell("ch04.q2.solution()"))
    path = tmp_path / "dana.ipynb"
    nbformat.write(nb, str(path))
    chapter, feedbacks, problems, notes = grade.grade_one(path, cell_timeout=20,
                                                          total_timeout=120)
    assert chapter == "ch04" and notes == ["calls .solution()"]
    assert [fb.question for fb in feedbacks if fb.passed][:2] == ["ch04.q1", "ch04.q2"]


def test_in_the_self_study_setting_solutions_stay(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert "Reference answer" in CH.q1.solution().text
    monkeypatch.setenv(ENV, "1")
    assert "disabled" in CH.q1.solution().heading and "disabled" in CH.q1.expected().heading
    assert CH.q1.grade(CH.q1._expected_fn()).passed  # the checker's own use goes on


def test_a_bad_chapter_is_refused():
    with pytest.raises(ValueError, match="chapter must be one of"):
        release.chapter_id("ch9")
    done = subprocess.run([sys.executable, "-m", "dlcalc.release"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "--graded" in done.stderr
