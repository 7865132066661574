"""The primitives of :mod:`dlcalc.autodiff`, each with its local derivative in one line.

Every rule is written with NumPy operations that are themselves primitives, so rules can be
differentiated again (higher derivatives). Notation in the rules: ``g`` is the output cotangent
(reverse mode), ``t`` an argument's tangent (forward mode), ``ans`` the primitive's output.
Elementwise primitives are given by their local partial derivatives; :func:`_elementwise`
turns those into both rules and fits them to NumPy broadcasting (``sum_to`` in reverse mode,
``broadcast_to`` in forward mode).
"""

import numpy as np

from dlcalc._trace import UFUNCS, Box, Primitive, raw, shape_of


def _elementwise(ufunc, *partials):
    """An elementwise primitive from its local partial derivatives, one per argument.

    A partial is a function ``(ans, *args) -> d ans / d arg`` (elementwise), or the number
    ``1`` / ``-1`` for a linear dependence. Both rules multiply by it: the VJP ``g * partial``
    (summed back to the argument's shape when NumPy broadcast it), the JVP ``t * partial``
    (broadcast to the output's shape).
    """

    def scale(w, partial, ans, args):  # w * partial, without multiplying by +-1
        if partial == 1:
            return w
        return -w if partial == -1 else w * partial(ans, *args)

    def vjp(i, partial):
        return lambda g, ans, *args: sum_to(scale(g, partial, ans, args), shape_of(args[i]))

    def jvp(partial):
        def rule(t, ans, *args):
            out = scale(t, partial, ans, args)
            return out if shape_of(out) == shape_of(ans) else broadcast_to(out, shape_of(ans))

        return rule

    prim = UFUNCS[ufunc] = Primitive(ufunc.__name__, ufunc)
    prim.vjps = [vjp(i, partial) for i, partial in enumerate(partials)]
    prim.jvps = [jvp(partial) for partial in partials]
    return prim


def _power_minus_one(x, y):
    """``x ** (y - 1)``, with exponent 1 for a constant ``y == 0``: then ``y x^(y-1)`` is 0 rather
    than ``0 * inf`` at ``x = 0`` (so ``x**3`` has fourth derivative 0 everywhere)."""
    return x ** (y - 1) if isinstance(y, Box) else x ** np.where(np.equal(y, 0), 1.0, y - 1)


# ---- elementwise primitives: name = _elementwise(ufunc, d/dx, d/dy) ---------------------------
add = _elementwise(np.add, 1, 1)  # d(x + y) = dx + dy
subtract = _elementwise(np.subtract, 1, -1)  # d(x - y) = dx - dy
negative = _elementwise(np.negative, -1)  # d(-x) = -dx
multiply = _elementwise(np.multiply, lambda ans, x, y: y, lambda ans, x, y: x)  # y dx + x dy
divide = _elementwise(np.true_divide, lambda ans, x, y: 1 / y,
                      lambda ans, x, y: -ans / y)  # d(x/y) = dx / y - (x/y) dy / y
power = _elementwise(np.power, lambda ans, x, y: y * _power_minus_one(x, y),
                     lambda ans, x, y: np.log(x) * ans)  # d(x^y) = y x^(y-1) dx + log(x) x^y dy
maximum = _elementwise(np.maximum, lambda ans, x, y: raw(x) > raw(y),
                       lambda ans, x, y: raw(x) <= raw(y))  # [x > y] dx + [x <= y] dy (ReLU: 0)
minimum = _elementwise(np.minimum, lambda ans, x, y: raw(x) < raw(y),
                       lambda ans, x, y: raw(x) >= raw(y))  # [x < y] dx + [x >= y] dy
sin = _elementwise(np.sin, lambda ans, x: np.cos(x))  # sin' = cos
cos = _elementwise(np.cos, lambda ans, x: -np.sin(x))  # cos' = -sin
tan = _elementwise(np.tan, lambda ans, x: 1 + ans**2)  # tan' = 1 + tan^2
exp = _elementwise(np.exp, lambda ans, x: ans)  # exp' = exp
log = _elementwise(np.log, lambda ans, x: 1 / x)  # log' = 1/x
sqrt = _elementwise(np.sqrt, lambda ans, x: 0.5 / ans)  # sqrt' = 1 / (2 sqrt)
tanh = _elementwise(np.tanh, lambda ans, x: 1 - ans**2)  # tanh' = 1 - tanh^2
sinh = _elementwise(np.sinh, lambda ans, x: np.cosh(x))  # sinh' = cosh
cosh = _elementwise(np.cosh, lambda ans, x: np.sinh(x))  # cosh' = sinh
square = _elementwise(np.square, lambda ans, x: 2 * x)  # (x^2)' = 2x
absolute = _elementwise(np.absolute, lambda ans, x: np.sign(raw(x)))  # |x|' = sign(x), 0 at 0


# ---- shape primitives (linear: the JVP is the primitive itself applied to the tangent) -------
def _linear(name, fn, vjp):
    prim = Primitive(name, fn)
    prim.vjps = [vjp]
    prim.jvps = [lambda t, ans, *args, **kw: prim(t, *args[1:], **kw)]
    return prim


def _kept_shape(shape, axis):
    """Shape of ``sum(x, axis, keepdims=True)`` for ``x`` of shape ``shape``."""
    axes = range(len(shape)) if axis is None else np.atleast_1d(axis) % max(len(shape), 1)
    return tuple(1 if i in set(int(a) for a in axes) else d for i, d in enumerate(shape))


def _scatter(g, idx, shape):
    out = np.zeros(shape)
    if all(isinstance(i, (int, np.integer, slice)) or i is None or i is Ellipsis
           for i in (idx if isinstance(idx, tuple) else (idx,))):
        out[idx] = g  # basic indexing: no repeated positions
    else:
        np.add.at(out, idx, g)  # fancy indexing may repeat a position: accumulate
    return out


reshape = _linear("reshape", lambda x, shape: np.reshape(x, shape),
                  lambda g, ans, x, shape: reshape(g, shape_of(x)))  # reshape back
transpose = _linear("transpose", lambda x, axes=None: np.transpose(x, axes),
                    lambda g, ans, x, axes=None: transpose(
                        g, None if axes is None else tuple(np.argsort(axes))))  # inverse perm
getitem = _linear("getitem", lambda x, idx: x[idx],
                  lambda g, ans, x, idx: scatter(g, idx, shape_of(x)))  # put g back in place
scatter = _linear("scatter", _scatter,
                  lambda g, ans, x, idx, shape: g[idx])  # adjoint of indexing is indexing
summ = _linear("sum", lambda x, axis=None, keepdims=False: np.sum(x, axis, keepdims=keepdims),
               lambda g, ans, x, axis=None, keepdims=False: broadcast_to(
                   reshape(g, _kept_shape(shape_of(x), axis)), shape_of(x)))  # copy g back
broadcast_to = _linear("broadcast_to", lambda x, shape: np.broadcast_to(x, shape),
                       lambda g, ans, x, shape: sum_to(g, shape_of(x)))  # sum the copies


def sum_to(g, shape):
    """Return ``g`` summed down to ``shape`` (undoing NumPy broadcasting), differentiably."""
    shape = tuple(shape)
    if shape_of(g) == shape:
        return g
    lead = len(shape_of(g)) - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, d in enumerate(shape) if d == 1 and shape_of(g)[lead + i] != 1)
    return reshape(summ(g, axis=axes), shape)


# ---- matrix products (bilinear: each JVP is the product with one factor's tangent) ----------
def _matmul_vjp_a(g, ans, a, b):  # d(a @ b) = da @ b
    if len(shape_of(b)) == 1:
        return g * b if len(shape_of(a)) == 1 else reshape(g, (-1, 1)) * b
    return b @ g if len(shape_of(a)) == 1 else g @ b.T


def _matmul_vjp_b(g, ans, a, b):  # d(a @ b) = a @ db
    if len(shape_of(a)) == 1:
        return g * a if len(shape_of(b)) == 1 else reshape(a, (-1, 1)) * g
    return g @ a if len(shape_of(b)) == 1 else a.T @ g


def _matmul(a, b):
    if not 1 <= np.ndim(a) <= 2 or not 1 <= np.ndim(b) <= 2:
        raise TypeError("np.matmul (@) on traced values supports 1-D and 2-D operands only, "
                        f"got shapes {np.shape(a)} and {np.shape(b)}")
    return np.matmul(a, b)


matmul = UFUNCS[np.matmul] = Primitive("matmul", _matmul)
matmul.vjps = [_matmul_vjp_a, _matmul_vjp_b]
matmul.jvps = [lambda t, ans, a, b: t @ b, lambda t, ans, a, b: a @ t]


# ---- joining arrays (variadic: one VJP per argument picks its part of g) ---------------------
class _PerArgument:
    """``rules[i]`` for any argument position ``i``, built by ``make(i)``."""

    def __init__(self, make):
        self.make = make

    def __getitem__(self, i):
        return self.make(i)


def _join(name, fn, part):
    prim = Primitive(name, lambda *xs, axis=0: fn(xs, axis=axis))
    prim.vjps = _PerArgument(lambda i: lambda g, ans, *xs, axis=0: part(g, xs, i, axis))
    prim.jvp_joint = lambda ts, ans, *xs, axis=0: prim(
        *[np.zeros(shape_of(x)) if t is None else t for t, x in zip(ts, xs, strict=True)],
        axis=axis)  # d join(xs) = join(dxs)
    return prim


def _stack_part(g, xs, i, axis):  # the i-th slice along the new axis
    axis = axis % (len(shape_of(xs[0])) + 1)
    return g[(slice(None),) * axis + (i,)]


def _concat_part(g, xs, i, axis):  # the i-th block along the joined axis
    axis = axis % len(shape_of(xs[0]))
    start = sum(shape_of(x)[axis] for x in xs[:i])
    return g[(slice(None),) * axis + (slice(start, start + shape_of(xs[i])[axis]),)]


stack = _join("stack", np.stack, _stack_part)
concatenate = _join("concatenate", np.concatenate, _concat_part)
