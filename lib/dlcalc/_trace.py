"""The tracing core of :mod:`dlcalc.autodiff`: traced values, nesting levels, the tape, the sweeps.

A transform (``jvp`` or ``vjp``) wraps its input array in a *box* carrying a fresh *level*
(an increasing integer). Every NumPy operation on a box is routed, through NumPy's
``__array_ufunc__`` / ``__array_function__`` protocols, to a :class:`Primitive`, which

1. finds the highest level among its arguments, strips that level off those arguments
   (their ``.value`` may itself be a box of a lower level, when transforms are nested),
2. computes the result on the stripped values (recursively, one level at a time), and
3. wraps the result in a box of that level again:
   * forward mode (:class:`ForwardBox`) carries the tangent ``d out = sum_i J_i @ d arg_i``
     computed by the primitive's JVP rules;
   * reverse mode (:class:`ReverseBox`) records a tape :class:`Node` (which arguments, which
     values) so that :func:`backward` can later pull a cotangent back with the VJP rules.

The rules themselves are written with the same NumPy operations, so when their inputs are boxes
of a lower level they are traced too: that is what makes ``jacobian(grad(f))`` (reverse over
reverse) and ``jvp(grad(f), x, v)`` (forward over reverse) work. Levels keep the perturbations
of nested transforms apart.
"""

import itertools

import numpy as np

UFUNCS = {}  # NumPy ufunc -> Primitive (filled in by dlcalc._primitives)
FUNCTIONS = {}  # NumPy function (np.sum, np.stack, ...) -> implementation (dlcalc._numpy_api)

_next_level = itertools.count(1).__next__


def new_level():
    """Return a fresh nesting level, higher than every level handed out before."""
    return _next_level()


def raw(a):
    """Return the plain NumPy value inside ``a`` (all levels stripped; no derivative flows)."""
    while isinstance(a, Box):
        a = a.value
    return a


def shape_of(a):
    """Return the shape of an array, box or Python number."""
    return getattr(a, "shape", ())


class Primitive:
    """An operation with known derivatives: ``fn`` on plain arrays, plus JVP and VJP rules.

    ``vjps[i](g, ans, *args, **kw)`` returns the cotangent of argument ``i`` given the output
    cotangent ``g``; ``jvps[i](t, ans, *args, **kw)`` returns the output tangent caused by the
    tangent ``t`` of argument ``i``. ``jvp_joint(tangents, ans, *args, **kw)`` (optional, for
    variadic primitives such as ``stack``) receives all tangents at once, ``None`` for constants.
    """

    def __init__(self, name, fn):
        self.name, self.fn = name, fn
        self.vjps, self.jvps, self.jvp_joint = (), (), None

    def __repr__(self):
        return f"<primitive {self.name}>"

    def __call__(self, *args, **kw):
        level, top = 0, ()
        for i, a in enumerate(args):
            if isinstance(a, Box):
                if a.level > level:
                    level, top = a.level, [i]
                elif a.level == level:
                    top.append(i)
        if level == 0:
            return self.fn(*args, **kw)
        vals = list(args)
        for i in top:
            vals[i] = args[i].value
        ans = self(*vals, **kw)  # strips the lower levels one at a time
        return type(args[top[0]]).lift(self, ans, vals, kw, [(i, args[i]) for i in top], level)


class Box:
    """A traced value: ``value`` (an array or a lower-level box) at nesting ``level``.

    Arithmetic operators and methods (``+``, ``@``, ``[]``, ``.T``, ...) are attached in
    :mod:`dlcalc._numpy_api`, which also fills the two dispatch tables used below.
    """

    __slots__ = ("value", "level")
    __array_priority__ = 1000.0

    shape = property(lambda self: self.value.shape)
    ndim = property(lambda self: len(self.value.shape))
    size = property(lambda self: int(np.prod(self.value.shape)))
    dtype = property(lambda self: raw(self).dtype)

    def __len__(self):
        return len(self.value)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __repr__(self):
        return f"{type(self).__name__}(level={self.level}, value={raw(self)!r})"

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        prim = UFUNCS.get(ufunc)
        if prim is None or method != "__call__" or kwargs:
            what = f"np.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
            if kwargs:
                what += f" with keyword arguments {sorted(kwargs)}"
            raise TypeError(f"{what} is not supported on traced values by dlcalc.autodiff")
        return prim(*inputs)

    def __array_function__(self, func, types, args, kwargs):
        impl = FUNCTIONS.get(func)
        if impl is None:
            name = f"{func.__module__}.{func.__name__}".replace("numpy", "np", 1)
            raise TypeError(f"{name} is not supported on traced values by dlcalc.autodiff")
        return impl(*args, **kwargs)

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "a traced value cannot be converted to a plain NumPy array (np.array, np.asarray, "
            "in-place assignment into an array); build vectors with np.stack([...]) instead"
        )

    def _no_conversion(self, *_):
        raise TypeError(
            "a traced value cannot be converted to a Python number or bool (float(), int(), "
            "if/while on a traced value): the derivative would be lost"
        )

    __float__ = __int__ = __bool__ = __index__ = _no_conversion


class ForwardBox(Box):
    """A value with its tangent (forward mode): ``tangent`` has the shape of ``value``."""

    __slots__ = ("tangent",)

    def __init__(self, value, level, tangent):
        self.value, self.level, self.tangent = value, level, tangent

    @staticmethod
    def lift(prim, ans, vals, kw, boxes, level):
        if prim.jvp_joint is not None:
            tangents = [None] * len(vals)
            for i, box in boxes:
                tangents[i] = box.tangent
            return ForwardBox(ans, level, prim.jvp_joint(tangents, ans, *vals, **kw))
        tangent = None
        for i, box in boxes:
            t = prim.jvps[i](box.tangent, ans, *vals, **kw)
            tangent = t if tangent is None else tangent + t
        return ForwardBox(ans, level, tangent)


class Node:
    """One tape entry: the primitive, its (stripped) arguments and result, and its parents."""

    __slots__ = ("prim", "args", "kw", "ans", "parents")

    def __init__(self, prim=None, args=(), kw=None, ans=None, parents=()):
        self.prim, self.args, self.kw, self.ans, self.parents = prim, args, kw, ans, parents


class ReverseBox(Box):
    """A value with its tape node (reverse mode); ``tape`` lists the level's nodes in order."""

    __slots__ = ("node", "tape")

    def __init__(self, value, level, node, tape):
        self.value, self.level, self.node, self.tape = value, level, node, tape
        tape.append(node)

    @staticmethod
    def lift(prim, ans, vals, kw, boxes, level):
        node = Node(prim, vals, kw, ans, [(i, box.node) for i, box in boxes])
        return ReverseBox(ans, level, node, boxes[0][1].tape)


def backward(out, g, leaf):
    """Return the cotangent reaching the tape node ``leaf`` when ``g`` is pulled back from ``out``.

    ``out`` is a :class:`ReverseBox`. The tape is walked in reverse order of creation, so every
    node has received all its cotangent contributions before it passes them on to its parents.
    Returns ``None`` when ``leaf`` is not reachable from ``out``.
    """
    cotangents, tape = {out.node: g}, out.tape
    for k in range(len(tape) - 1 - tape[::-1].index(out.node), -1, -1):
        node = tape[k]
        g = cotangents.pop(node, None) if node is not leaf else None
        if g is None:
            continue
        for i, parent in node.parents:
            c = node.prim.vjps[i](g, node.ans, *node.args, **node.kw)
            cotangents[parent] = c if parent not in cotangents else cotangents[parent] + c
    return cotangents.get(leaf)
