"""The committed exercise notebooks: their layout, "Not attempted" everywhere when run blank, and
full marks when the reference answers are filled in programmatically.

Each notebook is executed once (nbclient): its own cells as committed, then a second pass over
its answer and check cells with every ``qN_answer = ...`` replaced by ``chNN.qN.expected()``, on
a fresh ``ScoreSheet``, and a final ``sheet.summary()``. (``pytest --nbval-lax exercises/``,
part of ``make test``, runs the committed notebooks as well.)
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from dlcalc.exercises import CHAPTERS, NOTEBOOKS, load

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"^(q(\d+))_answer = \.\.\..*$", re.M)


def _read(chapter):
    return nbformat.read(ROOT / "exercises" / f"{NOTEBOOKS[chapter]}.ipynb", as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _text(cell):
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("display_data", "execute_result"):
            parts.append(out.data.get("text/plain", ""))
        elif out.output_type == "error":
            parts.append(f"ERROR {out.ename}: {out.evalue}")
    return "\n".join(parts)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_layout(chapter):
    nb, module = _read(chapter), load(chapter)
    assert nb.metadata["dlcalc"]["chapter"] == chapter
    code = _code(nb)
    setup = code[0].source
    for needed in ("import dlcalc", "import numpy as np", "import matplotlib.pyplot as plt",
                   "%matplotlib inline", f"sheet = ScoreSheet({chapter})"):
        assert needed in setup
    assert "%pip install" in setup and "except ImportError" in setup  # optional, Colab only
    assert code[-1].source == "sheet.summary()"
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for q in module.QUESTIONS:
        k = q.name[1:]
        heading = [h for h in headings if h.startswith(f"## Question {k}: {q.title}\n")]
        assert len(heading) == 1 and q.prompt in heading[0]
        assert q.precision_statement() in heading[0]  # the student is told the precision
        assert re.findall(r"<!--\s*([A-Z]\d)\s*-->", heading[0]) == list(q.concepts)
    for h in headings:  # syllabus IDs only in HTML comments, never in the reader's text
        visible = re.sub(r"<!--.*?-->", "", h, flags=re.S)
        assert not re.search(r"\b[TJCLP]\d\b", visible) and "Concepts:" not in visible
        assert not re.search(r"\{(cite|doc|ref|numref|eq)\}", h)
        answer = [c for c in code if c.source == q.answer_template()]
        check = [c for c in code if c.source == f"{chapter}.{q.name}.check({q.variable}, "
                 "sheet=sheet)"]
        assert len(answer) == 1 and len(check) == 1
        assert code.index(check[0]) == code.index(answer[0]) + 1
    assert all(not c.outputs and c.execution_count is None for c in code)


def _with_filled_pass(nb, chapter):
    """Return nb followed by its answer/check cells again, with reference answers filled in."""
    run = nbformat.v4.new_notebook(metadata=nb.metadata)
    run.cells = [nbformat.v4.new_code_cell(c.source) for c in _code(nb)]
    blank_count = len(run.cells)
    run.cells.append(nbformat.v4.new_code_cell(f"sheet = ScoreSheet({chapter})"))
    for cell in _code(nb)[1:-1]:
        source = PLACEHOLDER.sub(rf"\1_answer = {chapter}.\1.expected()", cell.source)
        run.cells.append(nbformat.v4.new_code_cell(source))
    run.cells.append(nbformat.v4.new_code_cell("sheet.summary()"))
    return run, blank_count


@pytest.fixture(scope="module", params=CHAPTERS)
def executed(request):
    chapter = request.param
    run, blank_count = _with_filled_pass(_read(chapter), chapter)
    NotebookClient(run, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT / "exercises")}}).execute()
    cells = run.cells
    return chapter, cells[:blank_count], cells[blank_count:]


def _checks(cells, chapter):
    return [c for c in cells if c.source.startswith(f"{chapter}.q")]


def _assert_every_check_says(cells, chapter, verdict, score):
    """No cell raised, each of the chapter's questions has a check cell printing ``verdict``,
    and the last cell prints the score ``score`` (a function of the number of questions)."""
    n = len(load(chapter).QUESTIONS)
    errors = [_text(c) for c in cells if any(o.output_type == "error" for o in c.outputs)]
    assert not errors
    checks = _checks(cells, chapter)
    assert len(checks) == n
    for cell in checks:
        assert verdict in _text(cell), _text(cell)
    assert f"Score for {chapter}: {score(n)} / {n}" in _text(cells[-1])


def test_blank_notebook_says_not_attempted_everywhere(executed):
    chapter, blank, _ = executed
    _assert_every_check_says(blank, chapter, ": Not attempted.", lambda n: 0)


def test_reference_answers_filled_in_score_full_marks(executed):
    chapter, _, filled = executed
    _assert_every_check_says(filled, chapter, ": Correct.", lambda n: n)
