"""dlcalc.exercises: every question accepts its reference answer, names each recognised
misconception with its own message, and never raises whatever the answer is."""

import json
import math
import threading
import time

import numpy as np
import pytest
import sympy as sp

import dlcalc
from dlcalc.exercises import CHAPTERS, ScoreSheet, load
from dlcalc.exercises._core import CORRECT, INCORRECT, NOT_ATTEMPTED
from dlcalc.exercises._harvest import TimeLimitExceeded, call_with_time_limit, encode
from dlcalc.exercises._labels import LabelQuestion
from dlcalc.exercises._symbolic import ExpressionQuestion
from dlcalc.exercises._sympy_safe import read_expression

ALL = [(ch, q.name) for ch in CHAPTERS for q in load(ch).QUESTIONS]
SYLLABUS = {
    "ch01": {"T1", "T2", "T3", "T4", "T5"}, "ch02": {"J1", "J2", "J3", "J4", "J5"},
    "ch03": {"C1", "C2", "C3", "C4", "C5", "C6", "C7"},
    "ch04": {"L1", "L2", "L3", "L4", "L5", "L6"}, "ch05": {"P1", "P2", "P3", "P4", "P5", "P6"},
    "ch06": {"L7", "P6"},
}


def question(ch, name):
    return getattr(load(ch), name)


def _loops_forever(*args):
    """Loop for 5 s, far past every time limit used here (finite, so a thread abandoned by the
    off-main-thread fallback ends by itself instead of burning a core for the whole session)."""
    end = time.monotonic() + 5
    while time.monotonic() < end:
        try:
            pass
        except Exception:  # a student loop that swallows exceptions is still stopped
            pass


class Hostile:
    """An object whose conversions and repr all fail."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array for you")

    def __float__(self):
        raise RuntimeError("no float for you")

    def __repr__(self):
        raise RuntimeError("no repr for you")

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


# A dozen-plus answers of wrong types or shapes (none is a correct answer anywhere).
WRONG = [
    "hello", "", 7, -1.5, 1e300, [1, 2], [[1, 2], [3]], np.zeros((7, 7)), np.array([np.nan]),
    np.array(["a", "b"]), {"a": 1}, {1, 2}, (1, "a"), 1j, True, b"bytes", object(), Hostile(),
    lambda *args: 1 / 0, sp.Symbol("zz"), sp.Eq(sp.Symbol("x"), 1), sp.Matrix([[1, 2], [3, 4]]),
    "__import__('os').system('echo hacked')", "x**10**10", (i for i in range(3)), int,
]


# -- every question ----------------------------------------------------------------------------
@pytest.mark.parametrize("ch,name", ALL)
def test_reference_answer_passes(ch, name):
    q = question(ch, name)
    feedback = q.check(q.expected())
    assert feedback.passed, feedback.message
    assert feedback.status == CORRECT and feedback.score == q.points


@pytest.mark.parametrize("ch,name", ALL)
def test_each_misconception_is_caught_with_its_own_message(ch, name):
    q = question(ch, name)
    messages = [m.message for m in q.misconceptions]
    assert len(messages) >= 2 and len(set(messages)) == len(messages)
    for m in q.misconceptions:
        feedback = q.grade(m.example())
        assert feedback.status == INCORRECT, m.message
        assert m.message in feedback.message
        assert not any(other in feedback.message for other in messages if other != m.message)


@pytest.mark.parametrize("ch,name", ALL)
def test_wrong_types_never_raise(ch, name):
    q = question(ch, name)
    for answer in WRONG:
        feedback = q.check(answer)
        assert feedback.status == INCORRECT, (answer, feedback.message)
        assert feedback.message and "Traceback" not in feedback.message
    looping = q.grade(_loops_forever, time_limit=0.3)
    assert looping.status == INCORRECT
    if q.kind == "function":
        assert "stopped after 0.3 s" in looping.message


@pytest.mark.parametrize("ch,name", ALL)
def test_placeholders_are_not_attempted(ch, name):
    q = question(ch, name)
    for placeholder in (..., None):
        feedback = q.check(placeholder)
        assert feedback.status == NOT_ATTEMPTED and not feedback.passed
        assert q.variable in feedback.message
    missing = q.grade_encoded({"kind": "missing"})
    assert missing.status == NOT_ATTEMPTED and "not defined" in missing.message


@pytest.mark.parametrize("ch,name", ALL)
def test_hints_are_tiered_and_the_solution_explains(ch, name):
    q = question(ch, name)
    q.reset_hints()
    shown = [q.hint().text for _ in q.hints]
    assert shown == q.hints and shown
    assert "solution" in q.hint().text
    solution = q.solution().text
    assert q.solution_text in solution and "Reference answer:" in solution
    assert len(q.solution_text) > 40  # an explanation, not just the value
    q.reset_hints()


@pytest.mark.parametrize("ch,name", ALL)
def test_notebook_check_and_grader_agree(ch, name):
    """check() in a notebook and the grader (JSON from a kernel) give the same feedback."""
    q = question(ch, name)
    for answer in [q.expected(), q.misconceptions[0].example(), "hello", [1, 2]]:
        direct = q.grade(answer)
        via_json = q.grade_encoded(json.loads(json.dumps(q.encode_answer(answer))))
        assert (direct.status, direct.message) == (via_json.status, via_json.message)


# -- chapters ----------------------------------------------------------------------------------
@pytest.mark.parametrize("ch", CHAPTERS)
def test_chapter_layout(ch):
    module = load(ch)
    qs = module.QUESTIONS
    assert len(qs) >= 6
    for i, q in enumerate(qs, start=1):
        assert getattr(module, f"q{i}") is q and q.name == f"q{i}" and q.chapter == ch
        assert q.answer_template().splitlines()[-1].startswith(f"q{i}_answer = ...")
    kinds = {type(q).__name__ for q in qs}
    assert len(kinds) >= 2 and "FunctionQuestion" in kinds
    assert SYLLABUS[ch] <= {c for q in qs for c in q.concepts}


@pytest.mark.parametrize("ch,name", ALL)
def test_expected_has_the_documented_type(ch, name):
    q = question(ch, name)
    e = q.expected()
    if q.kind == "function":
        assert callable(e)
    elif isinstance(q, LabelQuestion):
        assert e in q.labels
    elif isinstance(q, ExpressionQuestion):
        assert isinstance(e, sp.Expr)
    else:
        assert np.all(np.isfinite(np.asarray(e, dtype=float))) or np.isinf(e)


# -- behaviour of the kinds --------------------------------------------------------------------
def test_numeric_tolerance_is_relative_to_the_answer():
    q = load("ch02").q7  # FLOP counts of order 1e9
    e = q.expected()
    assert q.grade(e * (1 + 1e-8)).passed
    assert not q.grade(e * (1 + 1e-3)).passed
    assert "shape" in q.grade(e.reshape(2, 1)).message


def test_right_numbers_in_the_wrong_shape_are_named():
    q = load("ch02").q2
    feedback = q.grade(q.expected().ravel())
    assert feedback.status == INCORRECT and "only the shape is wrong" in feedback.message


def test_expression_answers_accept_strings_and_equivalent_forms():
    q = load("ch01").q3
    x = sp.Symbol("x", positive=True)  # assumptions do not matter: symbols match by name
    assert q.grade(sp.expand(x - 1 - (x - 1) ** 2 / 2)).passed
    assert q.grade("(x - 1) - (x - 1)^2/2").passed
    assert q.grade(x - 1 - 0.5 * (x - 1) ** 2).passed
    assert "2*x, not 2x" in q.grade("2x").message
    assert "uses y" in q.grade("y - 1").message


def test_safe_reader_never_evaluates_code():
    for text in ["__import__('os').system('true')", "x.__class__", "(lambda: 1)()",
                 "[i for i in range(3)]", "open('f')", "x[0]", "exec('1')"]:
        with pytest.raises(ValueError):
            read_expression(text)
    x, y = sp.symbols("x y")
    for expr in [x**2 / 3 - sp.sin(y) * sp.exp(x), sp.log(x) + sp.pi * y ** sp.Rational(3, 2),
                 sp.Float(0.25) * x - 7]:
        assert read_expression(sp.srepr(expr), allow_constructors=True) == expr


def test_labels_ignore_case_spaces_and_separators():
    q = load("ch05").q2
    assert q.grade("  Saddle_Point ").passed and q.grade("SADDLE").passed
    assert "not one of the labels" in q.grade("sadle").message


def test_function_answers_report_the_first_differing_input():
    q = load("ch04").q9
    feedback = q.grade(lambda x, g, H: x - np.linalg.solve(H, g) + 1e-3)
    assert feedback.status == INCORRECT and "differs from the reference at input x =" in \
        feedback.message
    assert "forget `return`" in q.grade(lambda x, g, H: None).message
    assert "raised ZeroDivisionError" in q.grade(lambda x, g, H: 1 / 0).message
    assert "raised TypeError" in q.grade(lambda x: x).message


def test_check_stops_a_looping_function_with_the_default_limit():
    q = load("ch03").q8
    feedback = q.check(_loops_forever)
    assert feedback.status == INCORRECT and f"stopped after {q.time_limit:g} s" in \
        feedback.message


def test_time_limit_works_off_the_main_thread():
    box = {}

    def worker():
        try:
            call_with_time_limit(_loops_forever, (), 0.2)
        except TimeLimitExceeded:
            box["stopped"] = True

    thread = threading.Thread(target=worker)
    started = time.monotonic()
    thread.start()
    thread.join(10)
    assert box.get("stopped") and time.monotonic() - started < 4


def test_an_object_that_hangs_when_read_is_stopped():
    class Slow:
        def __array__(self, *args, **kwargs):
            while True:
                pass

    item = encode(Slow(), seconds=0.3)
    assert item["kind"] == "other" and "too long" in item["repr"]
    assert load("ch04").q2.grade_encoded(item).status == INCORRECT


def test_feedback_html_escapes_the_answer():
    feedback = load("ch05").q1.check("<script>alert(1)</script>")
    assert "<script>" not in feedback.to_html() and "&lt;script&gt;" in feedback.to_html()


# -- the reference answers of single questions, against an independent route -------------------
def test_radius_about_another_centre_is_the_distance_to_the_poles():
    ch01 = load("ch01")
    x, z = sp.Symbol("x"), sp.Symbol("z")
    poles = sp.solve(sp.denom(ch01.G8.subs(x, z)), z)  # ±i
    for x0 in [ch01.X8, 0, sp.Rational(1, 2), 1, -3]:
        distance = min(abs(complex(x0 - p)) for p in poles)
        np.testing.assert_allclose(ch01._radius8(x0), distance, rtol=1e-14)
        np.testing.assert_allclose(distance, math.sqrt(1 + float(x0) ** 2), rtol=1e-14)
    rho = ch01.q8.expected()
    np.testing.assert_allclose(rho, math.sqrt(5), rtol=1e-14)
    # root test on dlcalc's coefficients to order 20: |c_k| rho^(k+1) never exceeds 1 and comes
    # back above 1/2 in every four consecutive orders, so limsup |c_k|^(1/k) = 1/rho
    u, order = sp.Symbol("u"), 20
    p = sp.expand(dlcalc.taylor_polynomial(ch01.G8, x, ch01.X8, order).subs(x, ch01.X8 + u))
    c = np.array([float(p.coeff(u, k)) for k in range(order + 1)])
    scaled = np.abs(c) * rho ** np.arange(1.0, order + 2)
    assert np.all(scaled <= 1 + 1e-9)
    assert min(scaled[k:k + 4].max() for k in range(order - 2)) > 0.5


def test_escape_steps_match_the_closed_form():
    ch05 = load("ch05")
    q = ch05.q9
    ratio = math.log(ch05.R9 / ch05.DELTA9) / math.log(1 + ch05.LR9 * ch05.B9)
    assert 0.2 < ratio - math.floor(ratio) < 0.8  # far from a tie: floor and ceil differ
    assert q.expected() == math.ceil(ratio)
    x2 = ch05.DELTA9 * (1 + ch05.LR9 * ch05.B9) ** np.array([q.expected() - 1, q.expected()])
    assert x2[0] < ch05.R9 <= x2[1]
    assert 1 - ch05.LR9 * ch05.A9 > 0 and ch05.LR9 < 2 / ch05.A9  # x1 shrinks: a saddle escape
    given = {}
    exec(q.setup, given)  # the values the answer cell gives the student are the question's
    assert [given[k] for k in "a b lr delta r".split()] == [ch05.A9, ch05.B9, ch05.LR9,
                                                            ch05.DELTA9, ch05.R9]
    assert f"{ratio:.2f}" in q.solution_text and f"k = {q.expected()}" in q.solution_text
    assert f"{x2[0]:.3f}" in q.solution_text and f"{x2[0]:.3f}" in q.correct_note
    assert f"{x2[1]:.3f}" in q.correct_note
    wrong = [m.example() for m in q.misconceptions]
    assert len(set(wrong)) == len(wrong) and q.expected() not in wrong


# -- score sheet -------------------------------------------------------------------------------
def test_score_sheet_keeps_the_latest_result_per_question(capsys):
    ch = load("ch04")
    sheet, other = ScoreSheet(ch), ScoreSheet(ch)
    ch.q3.check(0.0, sheet=sheet)
    sheet.check(ch.q3, ch.q3.expected())
    ch.q6.check(ch.q6.expected(), sheet=sheet)
    ch.q1.check(..., sheet=sheet)
    summary = sheet.summary()
    assert (summary.score, summary.max_score) == (2, len(ch.QUESTIONS))
    assert other.score == 0  # no shared state between sheets
    assert f"Score for ch04: 2 / {len(ch.QUESTIONS)}" in capsys.readouterr().out
    rows = {q: status for q, _, status in summary.rows}
    assert rows["q1"] == NOT_ATTEMPTED and rows["q3"] == CORRECT
    assert rows["q2"].startswith(NOT_ATTEMPTED)


def test_a_question_from_another_chapter_is_not_recorded_and_nothing_raises():
    sheet = ScoreSheet(load("ch01"))
    feedback = load("ch02").q1.check([3, 5], sheet=sheet)
    assert feedback.passed and "Not recorded" in feedback.message and sheet.score == 0
    with pytest.raises(TypeError, match="chapter"):
        ScoreSheet("ch01")
