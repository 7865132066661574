"""Read SymPy expressions from text without ``eval``: a whitelist walk over Python's AST.

Two uses: a student's answer given as a string (``"log(x) - (x-1)**2/2"``, ``^`` read as a
power), and the ``srepr`` text a submission's kernel sends to the grader
(``"Add(Symbol('x'), Integer(1))"``). Only numbers, symbols, ``+ - * / ** ^``, a fixed set of
SymPy constructors and functions, and a few constants are accepted; anything else (attribute
access, subscripts, lambdas, unknown calls, ``__names__``) raises ``ValueError`` naming it.
"""

import ast
import re

import sympy as sp

MAX_LENGTH = 100_000  # long expressions (an expanded series, a long srepr) are fine
MAX_EXPONENT = 1_000
MAX_EXP_ARGUMENT = 1_000  # exp(1000) ~ 1e434 is already past any float; exp(exp(100)) hangs mpmath

FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log, "ln": sp.log,
    "sqrt": sp.sqrt, "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh, "Abs": sp.Abs,
    "abs": sp.Abs, "atan": sp.atan, "asin": sp.asin, "acos": sp.acos,
}
# SymPy's own number syntax in a typed string: Rational(1, 2), S(1)/2, Integer(3).
FUNCTIONS.update({"Rational": sp.Rational, "S": sp.sympify, "Integer": sp.Integer})
# "O(...)" in a typed string: the remainder of a series, kept as a marker the checker drops.
REMAINDER = sp.Function("O")
FUNCTIONS["O"] = REMAINDER
CONSTANTS = {"pi": sp.pi, "E": sp.E, "I": sp.I, "oo": sp.oo, "zoo": sp.zoo, "nan": sp.nan}
# Constructors that appear in srepr output (besides the functions above).
CONSTRUCTORS = {
    "Add": sp.Add, "Mul": sp.Mul, "Pow": sp.Pow, "Integer": sp.Integer, "Rational": sp.Rational,
    "Float": sp.Float, "Symbol": sp.Symbol, "Order": sp.Order, "Tuple": sp.Tuple,
}
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**",
           ast.BitXor: "**"}


def _check_growth(name, arg):
    """Refuse ``exp``/``sinh``/``cosh`` of a number larger than ``MAX_EXP_ARGUMENT``: its value
    has more digits than the checker can evaluate in bounded time (nested ``exp``)."""
    if name in ("exp", "sinh", "cosh") and arg.is_number:
        try:
            size = abs(complex(sp.N(arg, 15)))
        except (TypeError, ValueError, ArithmeticError):
            size = float("inf")
        if not size <= MAX_EXP_ARGUMENT:
            raise ValueError(f"{name} of a number as large as {size:.3g} is too large to "
                             f"evaluate (limit {MAX_EXP_ARGUMENT})")


def _check_power(base, exponent):
    if exponent.is_number and exponent.is_finite and abs(exponent) > MAX_EXPONENT:
        raise ValueError(f"exponent {exponent} is too large (limit {MAX_EXPONENT})")
    return sp.Pow(base, exponent)


class _Reader:
    def __init__(self, allow_constructors):
        self.allow_constructors = allow_constructors

    def read(self, node):
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise ValueError(f"'{type(node).__name__}' is not allowed in an expression")
        return method(node)

    def _Expression(self, node):
        return self.read(node.body)

    def _Tuple(self, node):  # the point of an O-term: O((x - 1)**3, (x, 1))
        return sp.Tuple(*[self.read(e) for e in node.elts])

    def _Constant(self, node):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ValueError(f"the constant {node.value!r} is not a number")
        return sp.Integer(node.value) if isinstance(node.value, int) else sp.Float(node.value)

    def _Name(self, node):
        name = node.id
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name.startswith("_") or name in FUNCTIONS or name in CONSTRUCTORS:
            raise ValueError(f"the name {name!r} cannot be used on its own here")
        return sp.Symbol(name)

    def _UnaryOp(self, node):
        value = self.read(node.operand)
        if isinstance(node.op, ast.USub):
            return -value
        if isinstance(node.op, ast.UAdd):
            return value
        raise ValueError(f"the operator {type(node.op).__name__} is not allowed")

    def _BinOp(self, node):
        op = _BINARY.get(type(node.op))
        if op is None:
            raise ValueError(f"the operator {type(node.op).__name__} is not allowed")
        a, b = self.read(node.left), self.read(node.right)
        if op == "**":
            return _check_power(a, b)
        return {"+": sp.Add, "-": lambda u, v: u - v, "*": sp.Mul, "/": lambda u, v: u / v}[op](
            a, b)

    def _Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise ValueError("only calls of plain function names are allowed")
        name = node.func.id
        if name == "Symbol" and self.allow_constructors:
            return self._symbol(node)
        if name == "Float" and self.allow_constructors:
            return self._float(node)
        if name in ("Poly", "PurePoly") and self.allow_constructors and node.args:
            return self.read(node.args[0])  # srepr(Poly) starts with the polynomial itself
        if name in FUNCTIONS or (self.allow_constructors and name in CONSTRUCTORS):
            if node.keywords:
                raise ValueError(f"{name}() takes no keyword arguments here")
            args = [self.read(a) for a in node.args]
            if name == "Pow" and len(args) == 2:
                return _check_power(*args)
            if len(args) == 1:
                _check_growth(name, args[0])
            return (FUNCTIONS.get(name) or CONSTRUCTORS[name])(*args)
        raise ValueError(f"the function {name!r} is not allowed; use one of "
                         f"{', '.join(sorted(set(FUNCTIONS) - {'ln', 'abs', 'O'}))}")

    def _symbol(self, node):
        if len(node.args) != 1 or not isinstance(node.args[0], ast.Constant) or not isinstance(
                node.args[0].value, str) or not node.args[0].value.isidentifier():
            raise ValueError("Symbol() needs one name")
        return sp.Symbol(node.args[0].value)  # assumptions dropped: symbols match by name

    def _float(self, node):
        if len(node.args) != 1 or not isinstance(node.args[0], ast.Constant):
            raise ValueError("Float() needs one literal")
        value = node.args[0].value
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise ValueError("Float() needs a number") from None
        return sp.Float(value)


_SUPERSCRIPTS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079",
                              "0123456789")
_TYPOGRAPHY = {"\u2212": "-", "\u2013": "-", "\u00b7": "*", "\u22c5": "*", "\u00d7": "*",
               "\u00f7": "/"}
_LEFT_SIDE = re.compile(r"^[A-Za-z_]\w*\s*(\([^()]*\))?\s*=(?!=)")


def tidy_typed(text):
    """Return a typed maths string as Python: the Unicode minus and ×/·, superscript powers
    (``(x-1)²``), line breaks, surrounding backticks or quotes, a trailing ``;`` and a leading
    ``p(x) =`` are rewritten or dropped."""
    t = text.strip()
    for a, b in _TYPOGRAPHY.items():
        t = t.replace(a, b)
    t = re.sub("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+",
               lambda m: "**" + m.group().translate(_SUPERSCRIPTS), t)
    t = " ".join(t.replace("\\\n", " ").split())
    while len(t) > 1 and t[0] == t[-1] and t[0] in "`'\"":
        t = t[1:-1].strip()
    t = t.rstrip(";").strip()
    return _LEFT_SIDE.sub("", t, count=1).strip()


def read_expression(text, allow_constructors=False):
    """Return the SymPy expression written in ``text`` (a restricted Python expression).

    ``allow_constructors=True`` also accepts the ``srepr`` constructors (``Add(...)``,
    ``Symbol('x')``, ``Integer(2)``, ...). Raises ``ValueError`` saying what is not allowed.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"the text is too long ({len(text)} characters)")
    if not allow_constructors:
        text = tidy_typed(text).replace("^", "**")  # the usual maths notation for powers
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError) as exc:
        raise ValueError(f"it is not a valid expression ({exc.__class__.__name__})") from None
    try:
        return _Reader(allow_constructors).read(tree)
    except RecursionError:
        raise ValueError("the expression is nested too deeply") from None
    except (TypeError, ArithmeticError, sp.SympifyError) as exc:
        raise ValueError(f"it could not be built ({exc})") from None
