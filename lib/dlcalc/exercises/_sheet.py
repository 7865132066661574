"""The score sheet a notebook creates explicitly: ``sheet = ScoreSheet(ch01)``.

Each ``q.check(answer, sheet=sheet)`` (or ``sheet.check(q, answer)``) records the latest
feedback for that question; ``sheet.summary()`` shows the table and the score and can be re-run
at any time. All state lives in the sheet object the notebook created: nothing global.
"""

import html

from dlcalc.exercises._core import CORRECT, NOT_ATTEMPTED, Shown


class Summary(Shown):
    """What ``ScoreSheet.summary()`` returns: ``rows`` (question, title, status), ``score``,
    ``max_score``."""

    def __init__(self, title, rows, score, max_score):
        self.title, self.rows, self.score, self.max_score = title, rows, score, max_score

    def __str__(self):
        lines = [f"{self.title}: {self.score:g} / {self.max_score:g}"]
        lines += [f"  {q:<4} {status:<14} {title}" for q, title, status in self.rows]
        return "\n".join(lines)

    def __repr__(self):
        return f"Summary(score={self.score!r}, max_score={self.max_score!r})"

    def to_html(self):
        colours = {CORRECT: "#1b7f3b", "incorrect": "#b3261e"}
        body = "".join(
            f"<tr><td>{html.escape(q)}</td><td>{html.escape(title)}</td>"
            f'<td style="color:{colours.get(status, "#6b6b6b")}">{html.escape(status)}</td></tr>'
            for q, title, status in self.rows)
        return (f"<div><b>{html.escape(self.title)}: {self.score:g} / {self.max_score:g}</b>"
                f"<table><tr><th>question</th><th>topic</th><th>status</th></tr>{body}</table>"
                "</div>")


class ScoreSheet:
    """Collect the feedback of one chapter's questions as the notebook checks them."""

    def __init__(self, chapter):
        questions = getattr(chapter, "QUESTIONS", chapter)
        if isinstance(questions, (str, bytes)) or not hasattr(questions, "__iter__"):
            raise TypeError("chapter must be an exercises module (e.g. dlcalc.exercises.ch01) "
                            f"or a list of questions, got {type(chapter).__name__}")
        self.questions = list(questions)
        if not self.questions:
            raise ValueError("chapter has no questions")
        self.chapter = getattr(chapter, "CHAPTER", self.questions[0].chapter)
        self.results = {}

    def record(self, question, feedback):
        """Store ``feedback`` as the latest result for ``question`` (one of this chapter's)."""
        if not any(question is q for q in self.questions):
            raise ValueError(f"{getattr(question, 'label', question)!r} is not a question of "
                             f"{self.chapter}")
        self.results[question.name] = feedback

    def check(self, question, answer):
        """Check ``answer`` for ``question``, record it, and return the Feedback."""
        return question.check(answer, sheet=self)

    @property
    def score(self):
        return sum(fb.score for fb in self.results.values())

    @property
    def max_score(self):
        return sum(q.points for q in self.questions)

    def summary(self):
        """Show the score table (re-run it any time) and return it as a Summary."""
        rows = []
        for q in self.questions:
            fb = self.results.get(q.name)
            rows.append((q.name, q.title, fb.status if fb else f"{NOT_ATTEMPTED} (not checked)"))
        result = Summary(f"Score for {self.chapter}", rows, self.score, self.max_score)
        result._show()
        return result
