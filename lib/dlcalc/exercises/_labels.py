"""Label answers such as ``"saddle"``: compared case-, space-, ``_``- and ``-``-insensitively."""

from dlcalc.exercises._answers import describe
from dlcalc.exercises._core import CORRECT, INCORRECT, Question


def normalise(text):
    """Return ``text`` lower-cased with ``_``/``-`` read as spaces and runs of spaces collapsed."""
    return " ".join(str(text).lower().replace("_", " ").replace("-", " ").split())


class LabelQuestion(Question):
    """Answer: one of ``labels`` (strings); ``aliases`` maps other spellings to a label
    (e.g. ``{"saddle point": "saddle"}``). ``expected()`` returns the canonical label."""

    def __init__(self, *args, labels, aliases=None, correct_note="", **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = list(labels)
        self.correct_note = correct_note
        self._lookup = {normalise(label): label for label in self.labels}
        for alias, label in (aliases or {}).items():
            self._lookup[normalise(alias)] = label

    def _choices(self):
        return ", ".join(repr(label) for label in self.labels)

    def canonical(self, value):
        """Return the label ``value`` names, or ``None``."""
        return self._lookup.get(normalise(value)) if isinstance(value, str) else None

    def _judge(self, value):
        if not isinstance(value, str):
            return INCORRECT, (f"Expected a label (a string), one of {self._choices()}; "
                               f"got {describe(value)}.")
        label = self.canonical(value)
        if label is None:
            return INCORRECT, (f"{value.strip()[:40]!r} is not one of the labels. "
                               f"Choose one of {self._choices()}.")
        expected = self.canonical(self.expected())
        if label == expected:
            return CORRECT, (f"It is {label!r}. " + self.correct_note).strip()
        message = self._match_misconception(
            label, lambda a, wrong: a == self.canonical(wrong))
        if message:
            return INCORRECT, message
        return INCORRECT, (f"Not {label!r}. The labels are {self._choices()}; try .hint().")
