"""The question machinery every chapter shares: feedback, display, hints, solutions, misconceptions.

A question judges an answer in three steps, the same in a notebook and in the batch grader:
encode it (``_harvest.encode``: plain data, student functions run on the question's inputs),
decode it (``_answers.decode``), then ``_judge`` the decoded value against ``expected()``, which
is computed by ``dlcalc`` (never typed in). The outcome is a :class:`Feedback`:
``"correct"``, ``"incorrect"`` (with the reason, naming a recognised misconception when the
answer matches one) or ``"not attempted"`` (the answer cell still holds ``...``, ``None``, or
the variable is gone). Nothing here raises on a bad answer.
"""

import html
import json

from dlcalc.exercises._answers import MISSING, decode, format_value, is_placeholder
from dlcalc.exercises._child import bounded, encode_in_child, plain_data
from dlcalc.exercises._display import Note, Shown
from dlcalc.exercises._gate import graded_refusal
from dlcalc.exercises._harvest import encode

CORRECT, INCORRECT, NOT_ATTEMPTED = "correct", "incorrect", "not attempted"
# Theme colours: JupyterLab's variables, then the book theme's (pydata), then a light fallback
# that comes with its own light background (Colab sets neither). Each pair has >= 4.5:1
# contrast in light and dark themes (tests/test_exercises.py measures the JupyterLab ones).
_COLOURS = {CORRECT: "var(--jp-success-color0, var(--pst-color-success, #1b6b35))",
            INCORRECT: "var(--jp-error-color1, var(--pst-color-danger, #a1231a))",
            NOT_ATTEMPTED: "var(--jp-content-font-color1, var(--pst-color-text-base, #333))"}
JUDGE_LIMIT = 10.0  # seconds to judge a typed string or a SymPy answer (cheap ones take < 1 s)
_SYMBOLS = {CORRECT: "\u2713", INCORRECT: "\u2717", NOT_ATTEMPTED: "\u2026"}
_BOX = ("border-left:4px solid {c};padding:4px 10px;"
        "background:var(--jp-layout-color0, var(--pst-color-background, #fff));"
        "color:var(--jp-content-font-color1, var(--pst-color-text-base, #1a1a1a))")


class Feedback(Shown):
    """The outcome of checking one answer: ``status``, ``passed``, ``message``, ``score``."""

    def __init__(self, status, message, question="", points=1):
        self.status, self.message, self.question, self.points = status, message, question, points

    @property
    def passed(self):
        return self.status == CORRECT

    @property
    def score(self):
        return self.points if self.passed else 0

    def __str__(self):
        prefix = f"{self.question}: " if self.question else ""
        return f"{prefix}{self.status.capitalize()}. {self.message}"

    def __repr__(self):
        return (f"Feedback(question={self.question!r}, status={self.status!r}, "
                f"message={self.message!r})")

    def to_html(self):
        colour = _COLOURS.get(self.status, _COLOURS[NOT_ATTEMPTED])
        body = html.escape(self.message).replace("\n", "<br>")
        return (f'<div class="dlcalc-feedback dlcalc-{self.status.replace(" ", "-")}" '
                f'style="{_BOX.format(c=colour)}">'
                f'<b style="color:{colour}">{_SYMBOLS.get(self.status, "")} '
                f"{html.escape(self.question)} {self.status.capitalize()}</b><br>{body}</div>")


class Misconception:
    """A recognised mistake: ``message`` explains it; ``wrong()`` (a zero-argument factory,
    called lazily) returns the answer that mistake produces: a value, an expression, a label
    or, for "implement" questions, the wrong function."""

    def __init__(self, message, wrong):
        self.message, self._wrong, self._cache = message, wrong, None

    def example(self):
        """Return the wrong answer this misconception produces."""
        if self._cache is None:
            self._cache = (self._wrong(),)
        return self._cache[0]


class Question:
    """Base class; subclasses implement ``_judge(value) -> (status, message)``."""

    kind = "value"

    def __init__(self, title, prompt, expected, misconceptions=(), hints=(), solution="",
                 concepts=(), points=1, setup=""):
        self.title, self.prompt, self.concepts, self.points = title, prompt, concepts, points
        self.setup = setup  # data the answer cell defines for the student (plain assignments)
        self.misconceptions = list(misconceptions)
        self.hints, self.solution_text = list(hints), solution
        self._expected_fn, self._expected = expected, None
        self._hints_shown = 0
        self.name, self.chapter = "q?", ""

    @property
    def label(self):
        return f"{self.chapter}.{self.name}" if self.chapter else self.name

    @property
    def variable(self):
        return f"{self.name}_answer"

    def expected(self):
        """Return the reference answer, computed by dlcalc (cached)."""
        if refused := graded_refusal(self, "expected"):  # a graded release (dlcalc.release)
            return refused
        if self._expected is None:
            self._expected = (self._expected_fn(),)
        return self._expected[0]

    def answer_template(self):
        """Return the starting code of this question's answer cell (ends ``qN_answer = ...``)."""
        lines = [self.setup] if self.setup else []
        return "\n".join(lines + [f"{self.variable} = ...  # your answer"])

    # -- checking -------------------------------------------------------------------------------
    def encode_answer(self, answer, time_limit=None):
        """Return the transport encoding of ``answer`` (what the grader gets from a kernel).
        An object of an unusual type is read in a child process (its ``__array__`` or
        ``__repr__`` is student code that might never return)."""
        return encode(answer) if plain_data(answer) else encode_in_child(answer)

    def grade(self, answer, time_limit=None):
        """Return the :class:`Feedback` for ``answer`` without displaying it (never raises)."""
        try:
            return self.grade_encoded(self.encode_answer(answer, time_limit))
        except BaseException as exc:  # noqa: B036 - a checker must never raise into a notebook
            return self._feedback(INCORRECT, f"This answer could not be checked "
                                  f"({type(exc).__name__}); check its type and shape.")

    def grade_encoded(self, item):
        """Return the :class:`Feedback` for an encoded answer (the grader's entry point)."""
        try:
            value = decode(item)
            if is_placeholder(value):
                return self._feedback(NOT_ATTEMPTED, self._placeholder_message(value))
            status, message = self._judge_bounded(value)
        except BaseException as exc:  # noqa: B036 - a checker must never raise into a notebook
            status, message = INCORRECT, (f"This answer could not be checked "
                                          f"({type(exc).__name__}: {exc}).")
        return self._feedback(status, message)

    def check(self, answer, sheet=None):
        """Show feedback on ``answer`` in the notebook and return the :class:`Feedback`;
        with ``sheet`` (a :class:`ScoreSheet`) also record it there. Never raises."""
        feedback = self.grade(answer)
        if sheet is not None:
            try:
                sheet.record(self, feedback)
            except Exception as exc:  # a wrong sheet object: say so, do not raise
                feedback.message += f"\n(Not recorded on the score sheet: {exc})"
        feedback._show()
        return feedback

    def _untrusted(self, value):
        """Return True when judging ``value`` evaluates something the student wrote (a string
        read as maths, a SymPy object) that could run for hours (``exp(exp(exp(exp(100))))``)."""
        return isinstance(value, str) or \
            (getattr(type(value), "__module__", "") or "").startswith("sympy")

    def _judge_bounded(self, value):
        """``_judge(value)``, stopped after ``JUDGE_LIMIT`` s when the value is untrusted."""
        if not self._untrusted(value):
            return self._judge(value)
        self.expected()  # computed (and cached) here, from dlcalc: trusted
        state, text = bounded(lambda: json.dumps(self._judge(value))[:1_900], JUDGE_LIMIT)
        if state == "ok":
            try:
                status, message = json.loads(text)
                return status, message
            except ValueError:
                return INCORRECT, "This answer could not be checked (its message was too long)."
        if state == "timeout":
            return INCORRECT, (f"The checker stopped evaluating your answer after "
                               f"{JUDGE_LIMIT:g} s: it holds a number too large to evaluate "
                               "(such as exp(exp(100))) or an expression too big to compare. "
                               "Simplify it, or give the value as a decimal.")
        return INCORRECT, (f"The checker could not evaluate your answer ({text[:200]}): give "
                           "a plain number or expression.")

    def _feedback(self, status, message):
        return Feedback(status, message, self.label, self.points)

    def _placeholder_message(self, value):
        if value is MISSING:
            return (f"{self.variable} is not defined: run its answer cell "
                    "(or restore it if it was deleted).")
        shown = "..." if value is Ellipsis else "None"
        return (f"{self.variable} still holds the placeholder `{shown}`: replace it with your "
                "answer and re-run the cell.")

    def _match_misconception(self, value, same):
        """Return the message of the first misconception whose wrong answer ``same`` accepts."""
        for m in self.misconceptions:
            if same(value, m.example()):
                return m.message
        return None

    def _judge(self, value):  # pragma: no cover - abstract
        raise NotImplementedError

    # -- help -----------------------------------------------------------------------------------
    def hint(self):
        """Show the next hint (each call reveals one more) and return it as a Note."""
        if not self.hints:
            note = Note(f"{self.label} hint", "No hints for this question: see .solution().")
        elif self._hints_shown < len(self.hints):
            self._hints_shown += 1
            k = self._hints_shown
            note = Note(f"{self.label} hint {k} of {len(self.hints)}", self.hints[k - 1])
        else:
            note = Note(f"{self.label}: no more hints",
                        "That was the last hint. Call .solution() for the worked answer.")
        note._show()
        return note

    def reset_hints(self):
        """Start the hints again from the first one."""
        self._hints_shown = 0

    def solution(self):
        """Show the worked solution (the reasoning, then the reference answer) and return it."""
        if refused := graded_refusal(self, "solution"):  # a graded release (dlcalc.release)
            return refused
        try:
            value = self.describe_expected()
        except Exception as exc:  # dlcalc missing or broken: still show the explanation
            value = f"(could not compute the reference answer: {exc})"
        note = Note(f"{self.label} solution: {self.title}",
                    f"{self.solution_text}\n\nReference answer: {value}")
        note._show()
        return note

    def describe_expected(self):
        """Return the reference answer as text for the solution."""
        return format_value(self.expected())

    def precision_statement(self):
        """Return the sentence telling the student what form and precision are accepted."""
        return ""


def bind(namespace, chapter, questions):
    """Name ``questions`` q1, q2, ... in the chapter module ``namespace`` and tag their chapter."""
    for i, q in enumerate(questions, start=1):
        q.name, q.chapter = f"q{i}", chapter
        namespace[q.name] = q
