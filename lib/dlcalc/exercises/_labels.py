"""Label answers such as ``"saddle"``, read by one normaliser plus per-label synonyms.

:func:`normalise` ignores case, spaces, ``_``/``-``, punctuation, curly quotes, a possessive
``'s``, the articles *a, an, the*, a leading "it is", trailing words such as *point*, *mode*,
*method*, and reads ε, ϵ, "epsilon" and "varepsilon" as ``eps``. So ``"Saddle point."``,
``"a saddle"`` and ``"SADDLE"`` are the same answer, and ``"Newton’s method"`` is ``"newton"``.
Each question adds synonyms that mean one of its labels (``"diverges"`` for ``"diverge"``);
:class:`Vocabulary` holds both and is shared by label questions and by "implement this
function" questions whose function returns a label.
"""

import re
import unicodedata

from dlcalc.exercises._answers import describe
from dlcalc.exercises._core import CORRECT, INCORRECT, Question

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u00b4": "'", "`": "'"})
_EPS = re.compile(r"\\?(?:varepsilon|epsilon)|[\u03b5\u03f5]")
_SYMBOLS = ((">=", " at least "), ("<=", " at most "), ("\u2265", " at least "),
            ("\u2264", " at most "), (">", " more than "), ("<", " less than "),
            ("=", " equal to "))
_ARTICLES = {"a", "an", "the"}
_LEADING = ("it is", "this is", "that is", "answer is", "answer", "its", "it")
_TRAILING = {"point", "points", "mode", "method", "methods", "function"}


def normalise(text):
    """Return the canonical spelling of a label typed as ``text`` (see the module docstring)."""
    t = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).lower()
    t = _EPS.sub(" eps ", t)
    t = re.sub(r"'s\b", "", t)
    for symbol, words in _SYMBOLS:
        t = t.replace(symbol, words)
    t = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", t)  # a full stop, but not a decimal point
    t = re.sub(r"[^\w.\s]|_", " ", t)
    words = [w for w in t.split() if w not in _ARTICLES]
    text = " ".join(words)
    for lead in _LEADING:
        if text.startswith(lead + " "):
            text = text[len(lead) + 1:]
            break
    words = text.split()
    while len(words) > 1 and words[-1] in _TRAILING:
        words.pop()
    return " ".join(words)


class Vocabulary:
    """The ``labels`` of a question and ``synonyms`` mapping other phrasings to a label."""

    def __init__(self, labels, synonyms=None):
        self.labels = list(labels)
        self._lookup = {normalise(label): label for label in self.labels}
        for alias, label in (synonyms or {}).items():
            if label not in self.labels:
                raise ValueError(f"synonym {alias!r} names {label!r}, not one of {self.labels}")
            key = normalise(alias)
            if self._lookup.get(key, label) != label:
                raise ValueError(f"synonym {alias!r} is ambiguous: it already means "
                                 f"{self._lookup[key]!r}")
            self._lookup[key] = label

    def canonical(self, value):
        """Return the label ``value`` names, or ``None``."""
        return self._lookup.get(normalise(value)) if isinstance(value, str) else None

    def choices(self):
        return ", ".join(repr(label) for label in self.labels)


class LabelQuestion(Question):
    """Answer: one of ``labels`` (strings); ``aliases`` maps other phrasings to a label
    (e.g. ``{"saddle point": "saddle"}``). ``expected()`` returns the canonical label."""

    def __init__(self, *args, labels, aliases=None, correct_note="", **kwargs):
        super().__init__(*args, **kwargs)
        self.vocabulary = Vocabulary(labels, aliases)
        self.labels = self.vocabulary.labels
        self.correct_note = correct_note

    def canonical(self, value):
        """Return the label ``value`` names, or ``None``."""
        return self.vocabulary.canonical(value)

    def precision_statement(self):
        return ("Answer with one of the labels as a string; case, spacing and small words "
                "(\"a\", \"point\", \"method\") do not matter.")

    def _judge(self, value):
        if not isinstance(value, str):
            return INCORRECT, (f"Expected a label (a string), one of "
                               f"{self.vocabulary.choices()}; got {describe(value)}.")
        label = self.canonical(value)
        if label is None:
            return INCORRECT, (f"{value.strip()[:40]!r} is not one of the labels. "
                               f"Choose one of {self.vocabulary.choices()}.")
        expected = self.canonical(self.expected())
        if label == expected:
            return CORRECT, (f"It is {label!r}. " + self.correct_note).strip()
        message = self._match_misconception(
            label, lambda a, wrong: a == self.canonical(wrong))
        if message:
            return INCORRECT, message
        return INCORRECT, (f"Not {label!r}. The labels are {self.vocabulary.choices()}; "
                           f"try {self.label}.hint().")

