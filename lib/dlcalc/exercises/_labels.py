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
_NEGATIONS = {"not", "no", "never", "non", "nor", "neither", "t", "nt", "without", "isnt",
              "doesnt", "cannot", "instead", "rather", "except", "but", "or", "unless"}
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
        """Return the label ``value`` names, or ``None``: the whole text, else a label with a
        note in brackets (``"neither (saddle)"``), else the one label a short sentence names
        (``"gradient descent diverges"``); never a negated or a contradictory one (``"not a
        saddle"``, ``"minimum or saddle"``)."""
        if not isinstance(value, str) or len(value) > 300:
            return self._lookup.get(normalise(value)) if isinstance(value, str) else None
        label = self._lookup.get(normalise(value))
        if label is None:
            label = self._from_brackets(value)
        if label is None:
            label = self._from_sentence(normalise(re.sub(r"[()\[\]]", " ", value)).split())
        return label

    def _from_brackets(self, value):
        parts = re.findall(r"[(\[]([^()\[\]]*)[)\]]", value)
        if not parts:
            return None
        parts.append(re.sub(r"[(\[][^()\[\]]*[)\]]", " ", value))
        found = set()
        for part in map(normalise, parts):
            label = self._lookup.get(part)
            if label is None and (_NEGATIONS - {"neither"}) & set(part.split()):
                return None  # "minimum (not saddle)"; "neither (saddle)" is fine
            found |= {label} - {None}
        return found.pop() if len(found) == 1 else None

    def _from_sentence(self, words):
        """The one label named by the longest phrases of ``words`` found in the vocabulary,
        when every other word is not a negation."""
        if len(words) > 12:
            return None
        covered, found, n = [False] * len(words), set(), len(words)
        for size in range(n, 0, -1):
            for start in range(n - size + 1):
                span = range(start, start + size)
                label = self._lookup.get(" ".join(words[start:start + size]))
                if label is not None and not any(covered[i] for i in span):
                    found.add(label)
                    for i in span:
                        covered[i] = True
        outside = {w for w, c in zip(words, covered, strict=True) if not c}
        if len(found) != 1 or outside & _NEGATIONS:
            return None
        return found.pop()

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

    def _untrusted(self, value):  # a label is read by regular expressions: always fast
        return False

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

