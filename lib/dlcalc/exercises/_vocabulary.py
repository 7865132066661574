"""What students write for the labels of the exercise questions: per-label synonyms.

:func:`dlcalc.exercises._labels.normalise` already ignores case, punctuation, articles and
trailing words such as "point"; the tables here add the other phrasings that *mean* a label
("diverges" for "diverge", "backward" for "reverse"). A phrase names one label only
(:class:`~dlcalc.exercises._labels.Vocabulary` rejects an ambiguous table).
"""


def comparison_synonyms(quantity, value_words=()):
    """Synonyms of ``"more than Q"``, ``"less than Q"`` and ``"exactly Q"`` for the quantity
    named by the words ``quantity`` and ``value_words`` (e.g. ``"eps"`` and ``("0.1",)``)."""
    names = (quantity, *value_words)
    more = ("more", "greater", "larger", "bigger", "higher", "above")
    less = ("less", "smaller", "lower", "fewer", "below")
    out = {}
    for name in names:
        for label, words in ((f"more than {quantity}", more), (f"less than {quantity}", less)):
            for w in words:
                for form in (f"{w} than {name}", f"by {w} than {name}", f"decreases by {w} than "
                             f"{name}", f"{w} than {name} decrease", f"it decreases {w} than "
                             f"{name}"):
                    out[form] = label
            out[label.split()[0] + " than " + name] = label
        for form in (f"exactly {name}", f"equal to {name}", f"same as {name}",
                     f"exactly equal to {name}", f"by exactly {name}", f"decreases by exactly "
                     f"{name}", f"{name}", f"equal {name}", f"as much as {name}"):
            out[form] = f"exactly {quantity}"
    for label, words in ((f"more than {quantity}", more), (f"less than {quantity}", less)):
        for w in words:
            out[w] = label
    return out

# The classification labels of chapters 5 and 6, with the phrasings that mean them.
CRITICAL_KINDS = ["minimum", "maximum", "saddle", "inconclusive", "not critical"]
CRITICAL_SYNONYMS = {
    **{form: "minimum" for form in (
        "min", "local min", "local minimum", "minima", "local minima", "minimiser", "minimizer",
        "local minimiser", "local minimizer", "strict minimum", "strict local minimum",
        "relative minimum", "isolated minimum", "minimum of f", "local minimum of f")},
    **{form: "maximum" for form in (
        "max", "local max", "local maximum", "maxima", "local maxima", "maximiser", "maximizer",
        "local maximiser", "local maximizer", "strict maximum", "strict local maximum",
        "relative maximum", "isolated maximum")},
    **{form: "saddle" for form in (
        "saddle point", "saddlepoint", "saddle points", "saddle pt", "saddle shape",
        "a saddle point", "minimax", "saddle critical point")},
    **{form: "inconclusive" for form in (
        "test is inconclusive", "test inconclusive", "inconclusive test", "degenerate",
        "degenerate critical point", "undetermined", "indeterminate", "cannot tell",
        "can not tell", "can t tell", "cant tell", "cannot be determined", "cannot decide",
        "test cannot decide", "test fails", "test is silent", "no conclusion",
        "test says nothing", "unknown", "unclear", "inconclusive result", "not conclusive",
        "test gives no conclusion", "second derivative test is inconclusive",
        "second derivative test inconclusive", "hessian test is inconclusive")},
    **{form: "not critical" for form in (
        "non critical", "noncritical", "not critical", "not a critical point",
        "not a critical", "no critical point", "not stationary", "non stationary",
        "nonstationary", "not a stationary point", "neither critical",
        "gradient is not zero", "not critical point", "isn't critical", "isnt critical",
        "is not critical", "is not a critical point", "regular point")},
}

DEGREE_SYNONYMS = {
    **{f: "linear" for f in ("linear in dx", "linear in delta x", "linear in the step",
                             "affine", "affine in dx", "first order", "first degree",
                             "degree 1", "degree one", "straight line", "line",
                             "linear polynomial", "first order polynomial", "linear map",
                             "linear approximation", "linear model", "linear in δx",
                             "linear in Δx", "order 1", "tangent line")},
    **{f: "quadratic" for f in ("second order", "degree 2", "degree two", "parabola")},
    **{f: "constant" for f in ("degree 0", "degree zero", "zeroth order")},
    **{f: "cubic" for f in ("third order", "degree 3", "degree three")}}

MODE_SYNONYMS = {
    **{f: "reverse" for f in ("backward", "backwards", "reverse accumulation", "backprop",
                              "backpropagation", "reverse mode ad", "reverse mode autodiff",
                              "reverse mode differentiation", "vjp", "vjps", "adjoint",
                              "reverse ad", "backward pass", "reverse pass", "reverse needs fewer",
                              "reverse mode needs fewer passes", "vector jacobian products")},
    **{f: "forward" for f in ("forward accumulation", "forward mode ad", "forward ad", "jvp",
                              "jvps", "tangent", "forward pass", "forwards",
                              "jacobian vector products")},
    **{f: "either" for f in ("same", "the same", "both", "equal", "both the same",
                             "no difference", "same number", "either one", "either mode",
                             "they are the same", "both need the same")}}

FATE_SYNONYMS = {
    **{f: "diverge" for f in ("diverges", "divergent", "diverging", "it diverges", "blows up",
                              "explodes", "unstable", "not stable", "does not converge",
                              "doesn't converge", "no convergence", "grows", "diverges with "
                              "oscillation", "oscillates and diverges", "oscillate and diverge",
                              "oscillating divergence", "diverge oscillating", "divergence")},
    **{f: "converge" for f in ("converges", "convergent", "converging", "it converges",
                               "stable", "convergence")},
    **{f: "oscillate but converge" for f in (
        "oscillates but converges", "oscillating but converging", "oscillates and converges",
        "oscillate and converge", "converges with oscillation", "converges with oscillations",
        "damped oscillation", "oscillating convergence", "converges oscillating",
        "oscillates then converges")}}



STABILITY_SYNONYMS = {
    **{f: "stable" for f in ("stable there", "locally stable", "converges", "convergent",
                             "it converges", "converge")},
    **{f: "unstable" for f in ("not stable", "instable", "diverges", "divergent", "diverge",
                               "it diverges", "unstable there", "locally unstable", "blows up")},
    **{f: "cannot tell" for f in ("can't tell", "can not tell", "cant tell", "cannot say",
                                  "unknown", "undetermined", "don't know", "not sure",
                                  "cannot be told", "inconclusive", "cannot know")}}

METHOD_SYNONYMS = {
    "gd": "gradient descent", "newton's method": "newton", "newtons": "newton",
    "newton s": "newton", "only newton": "newton",
                 "newton only": "newton", "newton iteration": "newton",
                 "newton raphson": "newton", "only gradient descent": "gradient descent",
                 "gradient descent only": "gradient descent", "steepest descent":
                 "gradient descent", "gradient": "gradient descent", "both of them": "both",
                 "both methods": "both", "both reach it": "both", "newton and gradient descent":
                 "both", "gradient descent and newton": "both", "neither of them": "neither",
                 "none": "neither", "none of them": "neither", "neither method": "neither"}
