"""Pruebas de numpy_backprop/lstm.py: diferencias finitas, propiedades y coherencia paso/secuencia.

La comparación con ``torch.nn.LSTM`` está en ``test_interop.py``.
"""

import numpy as np
from gradcheck_helpers import grad_ok
from hypothesis import given, settings
from hypothesis import strategies as st

import recurrent_lib as rl

SIZES = st.integers(min_value=1, max_value=4)


def _setup(B, T, D, H, seed):
    rng = np.random.default_rng(seed)
    params = {k: v + 0.5 * rng.standard_normal(v.shape)
              for k, v in rl.init_lstm_params(D, H, rng).items()}
    X = rng.standard_normal((B, T, D))
    h0, c0 = rng.standard_normal((B, H)), rng.standard_normal((B, H))
    dH = rng.standard_normal((B, T, H))
    return params, X, h0, c0, dH


def _fd_check_sequence(B, T, D, H, seed):
    params, X, h0, c0, dH = _setup(B, T, D, H, seed)
    _, cache = rl.lstm_forward(X, params, h0, c0)
    dX, dh0, dc0, grads = rl.lstm_backward(dH, cache)

    def loss(_):
        return np.sum(rl.lstm_forward(X, params, h0, c0)[0] * dH)

    for analytic, x in ((dX, X), (dh0, h0), (dc0, c0)):
        assert grad_ok(analytic, rl.numerical_gradient(loss, x))
    assert set(grads) == set(params)
    for k in params:
        assert grad_ok(grads[k], rl.numerical_gradient(loss, params[k])), k


def test_sequence_backward_finite_differences():
    _fd_check_sequence(3, 5, 4, 3, seed=0)


def test_step_backward_finite_differences():
    params, X, h0, c0, dH = _setup(3, 1, 4, 5, seed=1)
    X_t, dH_t = X[:, 0], dH[:, 0]
    dC_t = np.random.default_rng(9).standard_normal(dH_t.shape)
    _, _, cache = rl.lstm_step_forward(X_t, h0, c0, params)
    dX_t, dH_prev, dC_prev, grads = rl.lstm_step_backward(dH_t, dC_t, cache)

    def loss(_):
        H_t, C_t, _ = rl.lstm_step_forward(X_t, h0, c0, params)
        return np.sum(H_t * dH_t) + np.sum(C_t * dC_t)

    for analytic, x in ((dX_t, X_t), (dH_prev, h0), (dC_prev, c0)):
        assert rl.rel_error(analytic, rl.numerical_gradient(loss, x)) < 1e-6
    for k in params:
        assert rl.rel_error(grads[k], rl.numerical_gradient(loss, params[k])) < 1e-6, k


@settings(max_examples=10, deadline=None, derandomize=True)
@given(B=SIZES, T=SIZES, D=SIZES, H=SIZES, seed=st.integers(0, 2**16))
def test_property_finite_differences_any_shape(B, T, D, H, seed):
    _fd_check_sequence(B, T, D, H, seed)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(B=SIZES, T=SIZES, D=SIZES, H=SIZES, seed=st.integers(0, 2**16))
def test_property_sequence_equals_loop_of_steps(B, T, D, H, seed):
    params, X, h0, c0, dH = _setup(B, T, D, H, seed)
    H_all, cache = rl.lstm_forward(X, params, h0, c0)
    assert H_all.shape == cache.C.shape == cache.F.shape == (B, T, H)
    H_t, C_t, caches = h0, c0, []
    for t in range(T):
        H_t, C_t, c = rl.lstm_step_forward(X[:, t], H_t, C_t, params)
        np.testing.assert_allclose(H_all[:, t], H_t, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(cache.C[:, t], C_t, rtol=1e-12, atol=1e-12)
        caches.append(c)
    dX, dh0, dc0, grads = rl.lstm_backward(dH, cache)
    dH_next, dC_next, acc = np.zeros((B, H)), np.zeros((B, H)), {k: 0.0 for k in params}
    for t in reversed(range(T)):
        dX_t, dH_next, dC_next, g = rl.lstm_step_backward(dH[:, t] + dH_next, dC_next, caches[t])
        np.testing.assert_allclose(dX[:, t], dX_t, rtol=1e-10, atol=1e-12)
        acc = {k: acc[k] + g[k] for k in params}
    np.testing.assert_allclose(dh0, dH_next, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dc0, dC_next, rtol=1e-10, atol=1e-12)
    for k in params:
        np.testing.assert_allclose(grads[k], acc[k], rtol=1e-10, atol=1e-12)


def test_forget_bias_initialisation():
    params = rl.init_lstm_params(3, 4, np.random.default_rng(0), forget_bias=1.0)
    np.testing.assert_array_equal(params["b_f"], np.ones(4))
    for k in ("b_i", "b_c", "b_o"):
        np.testing.assert_array_equal(params[k], np.zeros(4))


def test_forget_one_input_zero_keeps_the_cell():
    """F = 1 e I = 0 (sesgos grandes) conservan c_{t-1}: la memoria a largo plazo."""
    params, X, h0, c0, _ = _setup(2, 4, 3, 5, seed=2)
    params["b_f"], params["b_i"] = np.full(5, 50.0), np.full(5, -50.0)
    _, cache = rl.lstm_forward(X, params, h0, c0)
    np.testing.assert_allclose(cache.C, np.repeat(c0[:, None], 4, axis=1), atol=1e-12)


def test_float32_stays_float32():
    params, X, h0, c0, dH = _setup(2, 3, 2, 4, seed=3)
    p32 = {k: v.astype(np.float32) for k, v in params.items()}
    H32, cache = rl.lstm_forward(X.astype(np.float32), p32)
    dX, dh0, dc0, grads = rl.lstm_backward(dH.astype(np.float32), cache)
    assert H32.dtype == dX.dtype == dh0.dtype == dc0.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
