"""Pruebas de numpy_backprop/rnn.py: diferencias finitas, propiedades y coherencia paso/secuencia.

La comparación con ``torch.nn.RNN`` está en ``test_interop.py``.
"""

import numpy as np
import pytest
from gradcheck_helpers import grad_ok
from hypothesis import given, settings
from hypothesis import strategies as st

import recurrent_lib as rl

SIZES = st.integers(min_value=1, max_value=4)


def _setup(B, T, D, H, seed):
    rng = np.random.default_rng(seed)
    params = {k: v + 0.5 * rng.standard_normal(v.shape)
              for k, v in rl.init_rnn_params(D, H, rng).items()}
    X = rng.standard_normal((B, T, D))
    h0 = rng.standard_normal((B, H))
    dH = rng.standard_normal((B, T, H))
    return params, X, h0, dH


def _fd_check_sequence(B, T, D, H, seed):
    params, X, h0, dH = _setup(B, T, D, H, seed)
    H_all, cache = rl.rnn_forward(X, params, h0)
    dX, dh0, grads = rl.rnn_backward(dH, cache)

    def loss(_):
        return np.sum(rl.rnn_forward(X, params, h0)[0] * dH)

    assert grad_ok(dX, rl.numerical_gradient(loss, X))
    assert grad_ok(dh0, rl.numerical_gradient(loss, h0))
    assert set(grads) == set(params)
    for k in params:
        assert grad_ok(grads[k], rl.numerical_gradient(loss, params[k])), k


def test_sequence_backward_finite_differences():
    _fd_check_sequence(3, 5, 4, 3, seed=0)


def test_step_backward_finite_differences():
    params, X, h0, dH = _setup(3, 1, 4, 5, seed=1)
    X_t, dH_t = X[:, 0], dH[:, 0]
    H_t, cache = rl.rnn_step_forward(X_t, h0, params)
    dX_t, dH_prev, grads = rl.rnn_step_backward(dH_t, cache)

    def loss(_):
        return np.sum(rl.rnn_step_forward(X_t, h0, params)[0] * dH_t)

    assert rl.rel_error(dX_t, rl.numerical_gradient(loss, X_t)) < 1e-6
    assert rl.rel_error(dH_prev, rl.numerical_gradient(loss, h0)) < 1e-6
    for k in params:
        assert rl.rel_error(grads[k], rl.numerical_gradient(loss, params[k])) < 1e-6, k


@settings(max_examples=15, deadline=None, derandomize=True)
@given(B=SIZES, T=SIZES, D=SIZES, H=SIZES, seed=st.integers(0, 2**16))
def test_property_finite_differences_any_shape(B, T, D, H, seed):
    _fd_check_sequence(B, T, D, H, seed)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(B=SIZES, T=SIZES, D=SIZES, H=SIZES, seed=st.integers(0, 2**16))
def test_property_sequence_equals_loop_of_steps(B, T, D, H, seed):
    params, X, h0, dH = _setup(B, T, D, H, seed)
    H_all, cache = rl.rnn_forward(X, params, h0)
    assert H_all.shape == (B, T, H)
    H_t, caches = h0, []
    for t in range(T):
        H_t, c = rl.rnn_step_forward(X[:, t], H_t, params)
        np.testing.assert_allclose(H_all[:, t], H_t, rtol=1e-12, atol=1e-12)
        caches.append(c)
    # BPTT a mano con los pasos == rnn_backward
    dX, dh0, grads = rl.rnn_backward(dH, cache)
    dH_next, acc = np.zeros((B, H)), {k: 0.0 for k in params}
    for t in reversed(range(T)):
        dX_t, dH_next, g = rl.rnn_step_backward(dH[:, t] + dH_next, caches[t])
        np.testing.assert_allclose(dX[:, t], dX_t, rtol=1e-10, atol=1e-12)
        acc = {k: acc[k] + g[k] for k in params}
    np.testing.assert_allclose(dh0, dH_next, rtol=1e-10, atol=1e-12)
    for k in params:
        np.testing.assert_allclose(grads[k], acc[k], rtol=1e-10, atol=1e-12)


def test_default_h0_is_zeros_and_float32_stays_float32():
    params, X, _, dH = _setup(2, 3, 2, 4, seed=3)
    H_none, _ = rl.rnn_forward(X, params)
    H_zero, _ = rl.rnn_forward(X, params, np.zeros((2, 4)))
    np.testing.assert_array_equal(H_none, H_zero)
    p32 = {k: v.astype(np.float32) for k, v in params.items()}
    H32, cache = rl.rnn_forward(X.astype(np.float32), p32)
    dX, dh0, grads = rl.rnn_backward(dH.astype(np.float32), cache)
    assert H32.dtype == dX.dtype == dh0.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
    np.testing.assert_allclose(H32, H_none, atol=1e-5)


def test_backward_does_not_modify_inputs():
    params, X, h0, dH = _setup(2, 3, 2, 4, seed=4)
    copies = [X.copy(), h0.copy(), dH.copy()] + [v.copy() for v in params.values()]
    _, cache = rl.rnn_forward(X, params, h0)
    rl.rnn_backward(dH, cache)
    for a, b in zip(copies, [X, h0, dH, *params.values()], strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("big", [1e3, 1e4])
def test_saturated_units_give_finite_values(big):
    params, X, h0, dH = _setup(2, 3, 2, 4, seed=5)
    H_all, cache = rl.rnn_forward(X * big, params, h0)
    out = rl.rnn_backward(dH, cache)
    assert np.all(np.isfinite(H_all)) and all(np.all(np.isfinite(g)) for g in out[2].values())
