"""Tests for dlcalc.autodiff against SymPy's exact derivatives, the other AD mode and identities.

Each test function is written twice: once with plain NumPy (what autodiff traces) and once with
SymPy (the independent route: ``sympy.diff`` / ``sympy.hessian`` / ``Matrix.jacobian``, turned
into numbers by ``sympy.lambdify``). Points are seeded; tolerances are explicit.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcalc.autodiff import grad, hessian, hvp, jacobian, jvp, vjp

RTOL, ATOL = 1e-10, 1e-12
RNG = np.random.default_rng(20240601)
A3 = RNG.normal(size=(3, 3))
S3 = A3 + A3.T  # symmetric, for a quadratic form
B3 = RNG.normal(size=3)
W23 = RNG.normal(size=(2, 3))
B2 = RNG.normal(size=2)
W_RELU = np.array([[1.0, -0.5, 0.25], [-1.0, 0.5, 2.0], [0.3, 0.3, -0.3]])
B_RELU = np.array([0.5, -2.0, 0.1])


def _mat(a):
    return sp.Matrix(a.tolist())


def _vec(xs):
    return sp.Matrix(xs)


# (name, n, numpy function, sympy function of the symbol list, domain (low, high))
SCALAR_CASES = [
    ("polynomial", 3, lambda x: x[0] ** 3 * x[1] - 2 * x[0] * x[1] ** 2 + x[2] ** 4 / 4 + 5.0,
     lambda s: s[0] ** 3 * s[1] - 2 * s[0] * s[1] ** 2 + s[2] ** 4 / 4 + 5, (-2, 2)),
    ("trig", 3, lambda x: np.sin(x[0]) * np.cos(x[1]) + np.tan(x[2] / 3),
     lambda s: sp.sin(s[0]) * sp.cos(s[1]) + sp.tan(s[2] / 3), (-2, 2)),
    ("exp_log_sqrt", 3, lambda x: np.exp(x[0] * x[1]) + np.log(1 + x[2] ** 2)
     + np.sqrt(2 + x[0] ** 2),
     lambda s: sp.exp(s[0] * s[1]) + sp.log(1 + s[2] ** 2) + sp.sqrt(2 + s[0] ** 2), (-1, 1)),
    ("composition", 3, lambda x: np.tanh(np.sin(x[0]) + x[1] * x[2]) ** 2 / (1 + np.exp(-x[0])),
     lambda s: sp.tanh(sp.sin(s[0]) + s[1] * s[2]) ** 2 / (1 + sp.exp(-s[0])), (-1.5, 1.5)),
    ("power_traced_exponent", 2, lambda x: x[0] ** x[1] + 2.0 ** x[0],
     lambda s: s[0] ** s[1] + 2 ** s[0], (0.3, 2)),
    ("abs_away_from_zero", 2, lambda x: np.abs(x[0] - 3.0) * x[1] + np.abs(x[1] + 3.0) ** 3,
     lambda s: sp.Abs(s[0] - 3) * s[1] + sp.Abs(s[1] + 3) ** 3, (-2, 2)),
    ("quadratic_form", 3, lambda x: 0.5 * x @ S3 @ x + B3 @ x,
     lambda s: (_vec(s).T * _mat(S3) * _vec(s))[0] / 2 + (_mat(B3).T * _vec(s))[0], (-2, 2)),
    ("sum_tanh_layer", 3, lambda x: np.sum(np.tanh(W23 @ x + B2) ** 2),
     lambda s: sum(sp.tanh(e) ** 2 for e in _mat(W23) * _vec(s) + _mat(B2)), (-1, 1)),
    ("relu_away_from_kink", 3, lambda x: np.sum(np.maximum(W_RELU @ x + B_RELU, 0) ** 3),
     lambda s: sum(sp.Max(e, 0) ** 3 for e in _mat(W_RELU) * _vec(s) + _mat(B_RELU)),
     (-0.1, 0.1)),
    ("slices_dot_mean", 4, lambda x: x[1:3] @ x[:2] + np.dot(x, x) * np.mean(x[::2]) - x[-1],
     lambda s: s[1] * s[0] + s[2] * s[1] + sum(e**2 for e in s) * (s[0] + s[2]) / 2 - s[3],
     (-2, 2)),
    ("reshape_transpose_axis", 4,
     lambda x: np.sum(np.mean(x.reshape(2, 2).T ** 2, axis=0) * np.array([1.0, -2.0])),
     lambda s: (s[0] ** 2 + s[1] ** 2) / 2 - 2 * (s[2] ** 2 + s[3] ** 2) / 2, (-2, 2)),
    ("division_negation", 2, lambda x: -x[0] / (1 + x[1] ** 2) + 1 / x[0],
     lambda s: -s[0] / (1 + s[1] ** 2) + 1 / s[0], (0.5, 2)),
]

# vector-valued maps R^n -> R^m
VECTOR_CASES = [
    ("linear_A_at_x", 3, lambda x: A3 @ x, lambda s: list(_mat(A3) * _vec(s)), (-2, 2)),
    ("tanh_layer", 3, lambda x: np.tanh(W23 @ x + B2),
     lambda s: [sp.tanh(e) for e in _mat(W23) * _vec(s) + _mat(B2)], (-1, 1)),
    ("polar_stack", 3, lambda x: np.stack([x[0] * np.cos(x[1]), x[0] * np.sin(x[1]),
                                           x[2] * np.exp(x[0])]),
     lambda s: [s[0] * sp.cos(s[1]), s[0] * sp.sin(s[1]), s[2] * sp.exp(s[0])], (-2, 2)),
    ("relu_layer", 3, lambda x: np.maximum(W_RELU @ x + B_RELU, 0) * x,
     lambda s: [sp.Max(e, 0) * si for e, si in zip(_mat(W_RELU) * _vec(s) + _mat(B_RELU), s,
                                                       strict=True)], (-0.1, 0.1)),
    ("elementwise_broadcast", 3, lambda x: np.sin(x) * x**2 + x[0] * np.ones(3),
     lambda s: [sp.sin(e) * e**2 + s[0] for e in s], (-2, 2)),
]

# away from kinks (checked below) the delta function from differentiating Abs/Max is zero
SYMPY_MODULES = [{"Heaviside": lambda a, h0=0.5: np.heaviside(a, h0),
                  "DiracDelta": lambda a, *order: 0.0 * a}, "numpy"]


def _symbols(n):
    return sp.symbols(f"x0:{n}", real=True)


def _lambdify(symbols, expr):
    fn = sp.lambdify(symbols, expr, modules=SYMPY_MODULES)
    return lambda x: np.array(fn(*x), dtype=np.float64)


def _points(case, count=3, seed=0):
    _, n, _, _, (lo, hi) = case
    return np.random.default_rng(seed).uniform(lo, hi, size=(count, n))


def _ids(cases):
    return [c[0] for c in cases]


# ---- agreement with SymPy --------------------------------------------------------------------
@pytest.mark.parametrize("case", SCALAR_CASES, ids=_ids(SCALAR_CASES))
def test_grad_and_hessian_match_sympy(case):
    _, n, f, f_sym, _ = case
    s = _symbols(n)
    expr = f_sym(s)
    exact_grad = _lambdify(s, [sp.diff(expr, si) for si in s])
    exact_hess = _lambdify(s, sp.hessian(expr, s))
    for x in _points(case):
        np.testing.assert_allclose(grad(f)(x), exact_grad(x), rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(hessian(f)(x), exact_hess(x), rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(f(x), float(expr.subs(dict(zip(s, x, strict=True)))),
                                   rtol=RTOL)


@pytest.mark.parametrize("case", VECTOR_CASES + SCALAR_CASES, ids=_ids(VECTOR_CASES + SCALAR_CASES))
@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_jacobian_matches_sympy(case, mode):
    _, n, f, f_sym, _ = case
    s = _symbols(n)
    out = f_sym(s)
    exact = _lambdify(s, sp.Matrix(out if isinstance(out, list) else [out]).jacobian(s))
    for x in _points(case, seed=1):
        J = jacobian(f, mode=mode)(x)
        expected = exact(x) if isinstance(out, list) else exact(x)[0]  # scalar f: shape (n,)
        assert J.shape == expected.shape
        np.testing.assert_allclose(J, expected, rtol=RTOL, atol=ATOL)


def test_relu_points_are_away_from_the_kink():
    """The ReLU cases are only meaningful where no pre-activation is (nearly) zero."""
    for case in (SCALAR_CASES[8], VECTOR_CASES[3]):
        for seed in (0, 1):
            z = _points(case, seed=seed) @ W_RELU.T + B_RELU
            assert np.min(np.abs(z)) > 0.05


def test_third_derivatives_match_sympy():
    """jacobian(hessian(f)): reverse over reverse over reverse."""
    _, n, f, f_sym, _ = SCALAR_CASES[3]
    s = _symbols(n)
    expr = f_sym(s)
    exact = _lambdify(s, [[[sp.diff(expr, a, b, c) for c in s] for b in s] for a in s])
    for x in _points(SCALAR_CASES[3], count=2):
        np.testing.assert_allclose(jacobian(hessian(f))(x), exact(x), rtol=1e-9, atol=1e-11)


# ---- identities between the transforms -------------------------------------------------------
@pytest.mark.parametrize("case", VECTOR_CASES + SCALAR_CASES, ids=_ids(VECTOR_CASES + SCALAR_CASES))
def test_forward_and_reverse_jacobians_agree_with_jvp_and_vjp(case):
    _, n, f, _, _ = case
    rng = np.random.default_rng(7)
    x = _points(case, count=1, seed=2)[0]
    J_fwd, J_rev = jacobian(f, mode="forward")(x), jacobian(f, mode="reverse")(x)
    np.testing.assert_allclose(J_fwd, J_rev, rtol=RTOL, atol=ATOL)
    v = rng.normal(size=n)
    value, Jv = jvp(f, x, v)
    np.testing.assert_allclose(value, f(x), rtol=RTOL)
    np.testing.assert_allclose(Jv, J_rev @ v, rtol=RTOL, atol=ATOL)
    value, pullback = vjp(f, x)
    u = rng.normal(size=np.shape(value))
    np.testing.assert_allclose(pullback(u), u @ J_rev if J_rev.ndim == 2 else u * J_rev,
                               rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("case", SCALAR_CASES, ids=_ids(SCALAR_CASES))
def test_hessian_is_jacobian_of_grad_symmetric_and_hvp_agrees(case):
    _, n, f, _, _ = case
    x = _points(case, count=1, seed=3)[0]
    H = hessian(f)(x)
    for mode in ("forward", "reverse"):
        np.testing.assert_allclose(jacobian(grad(f), mode=mode)(x), H, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(H, H.T, rtol=RTOL, atol=ATOL)
    for v in np.random.default_rng(4).normal(size=(2, n)):
        np.testing.assert_allclose(hvp(f, x, v), H @ v, rtol=1e-9, atol=1e-11)


@settings(derandomize=True, deadline=None, max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), case_index=st.integers(0, len(SCALAR_CASES) - 1))
def test_property_hvp_is_symmetric_bilinear_and_jvp_is_grad_dot_v(seed, case_index):
    case = SCALAR_CASES[case_index]
    n, f = case[1], case[2]
    rng = np.random.default_rng(seed)
    x = _points(case, count=1, seed=seed)[0]
    u, v = rng.normal(size=(2, n))
    # u . (H v) == v . (H u): the Hessian is symmetric
    np.testing.assert_allclose(u @ hvp(f, x, v), v @ hvp(f, x, u), rtol=1e-8, atol=1e-9)
    # the forward-mode derivative along v is the gradient dotted with v
    np.testing.assert_allclose(jvp(f, x, v)[1], grad(f)(x) @ v, rtol=1e-9, atol=1e-10)
    # linearity in the direction
    np.testing.assert_allclose(hvp(f, x, 2 * u - v), 2 * hvp(f, x, u) - hvp(f, x, v),
                               rtol=1e-8, atol=1e-9)


@settings(derandomize=True, deadline=None, max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), case_index=st.integers(0, len(VECTOR_CASES) - 1))
def test_property_jvp_and_vjp_are_adjoint(seed, case_index):
    """u . (J v) == (u J) . v for random points and directions."""
    case = VECTOR_CASES[case_index]
    rng = np.random.default_rng(seed)
    x = _points(case, count=1, seed=seed)[0]
    value, pullback = vjp(case[2], x)
    u, v = rng.normal(size=value.shape), rng.normal(size=case[1])
    np.testing.assert_allclose(u @ jvp(case[2], x, v)[1], pullback(u) @ v, rtol=1e-9,
                               atol=1e-10)


# ---- conventions -----------------------------------------------------------------------------
def test_scalar_x_is_promoted_to_shape_1():
    assert grad(lambda x: x**3)(0.5).shape == (1,)
    np.testing.assert_allclose(grad(lambda x: x**3)(0.5), [0.75], rtol=RTOL)
    np.testing.assert_allclose(hessian(lambda x: x**3)(0.5), [[3.0]], rtol=RTOL)
    np.testing.assert_allclose(hvp(lambda x: np.sin(x[0]), 0.5, 2.0), [-2 * np.sin(0.5)],
                               rtol=RTOL)


def test_jacobian_of_scalar_function_has_shape_n():
    f = SCALAR_CASES[0][2]
    x = np.array([1.0, 2.0, 3.0])
    for mode in ("forward", "reverse"):
        assert jacobian(f, mode=mode)(x).shape == (3,)
        np.testing.assert_allclose(jacobian(f, mode=mode)(x), grad(f)(x), rtol=RTOL)


def test_output_not_depending_on_x_gives_zeros():
    x = np.array([1.0, -2.0])
    np.testing.assert_array_equal(grad(lambda x: 3.0)(x), np.zeros(2))
    np.testing.assert_array_equal(hessian(lambda x: np.float64(1.0))(x), np.zeros((2, 2)))
    np.testing.assert_array_equal(jacobian(lambda x: np.ones(3))(x), np.zeros((3, 2)))
    np.testing.assert_array_equal(jacobian(lambda x: np.ones(3), "forward")(x), np.zeros((3, 2)))
    np.testing.assert_array_equal(hvp(lambda x: x[0] + 2 * x[1], x, x), np.zeros(2))
    np.testing.assert_array_equal(jvp(lambda x: 5.0, x, x)[1], 0.0)
    np.testing.assert_array_equal(vjp(lambda x: np.ones(2), x)[1](np.ones(2)), np.zeros(2))


def test_nested_transforms_keep_perturbations_apart():
    """d/dx [x * d/dy (x y)] = d/dx x^2 = 2x (a naive engine confuses the two derivatives)."""
    def inner(x):
        return x * grad(lambda y: np.sum(x * y))(np.array([1.0]))

    np.testing.assert_allclose(grad(lambda x: np.sum(inner(x)))(np.array([3.0])), [6.0],
                               rtol=RTOL)
    # gradient of the squared gradient norm: 2 H g (reverse over reverse through grad)
    f = SCALAR_CASES[1][2]
    x = np.array([0.3, -0.7, 1.1])
    g, H = grad(f)(x), hessian(f)(x)
    np.testing.assert_allclose(grad(lambda z: np.sum(grad(f)(z) ** 2))(x), 2 * H @ g,
                               rtol=1e-9, atol=1e-11)


def test_results_are_fresh_writable_float_arrays():
    g = grad(lambda x: np.sum(x))(np.array([1.0, 2.0]))  # the rule returns a broadcast view
    g[0] = 5.0
    assert g.dtype == np.float64 and g.flags.writeable


def test_input_is_not_modified():
    x = np.array([0.5, 1.5, -1.0])
    keep = x.copy()
    hessian(SCALAR_CASES[0][2])(x)
    hvp(SCALAR_CASES[0][2], x, x)
    np.testing.assert_array_equal(x, keep)


# ---- bad input -------------------------------------------------------------------------------
def _f(x):
    return np.sum(x**2)


@pytest.mark.parametrize("make", [grad, hessian, jacobian,
                                  lambda f: (lambda x: jvp(f, x, x)),
                                  lambda f: (lambda x: vjp(f, x)),
                                  lambda f: (lambda x: hvp(f, x, x))],
                         ids=["grad", "hessian", "jacobian", "jvp", "vjp", "hvp"])
def test_bad_points_are_rejected(make):
    with pytest.raises(ValueError, match="x must be finite"):
        make(_f)(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="x must be finite"):
        make(_f)([np.inf, 1.0])
    with pytest.raises(ValueError, match=r"x must be a 1-D array of shape \(n,\), got shape"):
        make(_f)(np.ones((2, 2)))
    with pytest.raises(ValueError, match="x must have at least one entry"):
        make(_f)(np.array([]))
    with pytest.raises(TypeError, match="x must be a number or an array of numbers"):
        make(_f)("1.0")


def test_non_callable_f_is_rejected():
    x = np.ones(2)
    for call in (lambda: grad(3.0), lambda: hessian("f"), lambda: jacobian(None),
                 lambda: jvp([1], x, x), lambda: vjp(np.ones(2), x), lambda: hvp(2, x, x)):
        with pytest.raises(TypeError, match="f must be a callable function"):
            call()


def test_bad_directions_are_rejected():
    x = np.ones(3)
    for op in (jvp, hvp):
        with pytest.raises(ValueError, match=r"v must have shape \(3,\) \(the shape of x\)"):
            op(_f, x, np.ones(2))
        with pytest.raises(ValueError, match="v must be finite"):
            op(_f, x, np.array([1.0, np.nan, 0.0]))
    _, pullback = vjp(lambda x: x * 2, x)
    with pytest.raises(ValueError, match=r"u must have shape \(3,\)"):
        pullback(np.ones(4))


def test_bad_mode_is_rejected():
    with pytest.raises(ValueError, match="mode must be 'forward' or 'reverse', got 'sideways'"):
        jacobian(_f, mode="sideways")


def test_grad_of_vector_function_names_the_output_shape():
    with pytest.raises(ValueError, match=r"f returned shape \(3,\)"):
        grad(lambda x: x * 2)(np.ones(3))
    with pytest.raises(ValueError, match=r"f returned shape \(2, 2\)"):
        hessian(lambda x: np.ones((2, 2)) * x[0])(np.ones(3))


def test_non_numeric_output_is_rejected():
    with pytest.raises(TypeError, match="f must return a number or an array, got NoneType"):
        grad(lambda x: None)(np.ones(2))


@pytest.mark.parametrize("f, name", [
    (lambda x: np.sum(np.linalg.inv(np.stack([x, x[::-1]]))), "np.linalg.inv"),
    (lambda x: np.sum(np.sort(x)), "np.sort"),
    (lambda x: np.sum(np.arctan(x)), "np.arctan"),
    (lambda x: np.sum(np.cumsum(x)), "np.cumsum"),
    (lambda x: np.sum((x > 0) * x), "comparison '>'"),
    (lambda x: np.sum(np.greater(x, 0) * x), "np.greater"),
    (lambda x: float(x[0]) * x[1], "cannot be converted to a Python number"),
    (lambda x: np.sum(np.array([x[0], x[1]])), "cannot be converted to a plain NumPy array"),
    (lambda x: np.sum(np.ones((2, 2, 2)) @ x), "2-D operands only"),
])
def test_unsupported_operations_raise_type_error_naming_them(f, name):
    x = np.array([0.5, 1.5])
    for transform in (grad(f), lambda x: jvp(f, x, x), hessian(f)):
        with pytest.raises(TypeError, match=name.replace("(", r"\(").replace("*", r"\*")):
            transform(x)
