"""Pruebas de numpy_backprop/gru.py: las dos variantes, diferencias finitas, propiedades y una
re-implementación literal de las ecuaciones de las diapositivas (un ejemplo, un paso a la vez).

La comparación con ``torch.nn.GRU`` está en ``test_interop.py``.
"""

import numpy as np
import pytest
from gradcheck_helpers import grad_ok
from hypothesis import given, settings
from hypothesis import strategies as st

import recurrent_lib as rl

SIZES = st.integers(min_value=1, max_value=4)
VARIANTS = ["seed", "torch"]


def _setup(B, T, D, H, seed, variant):
    rng = np.random.default_rng(seed)
    params = {k: v + 0.5 * rng.standard_normal(v.shape)
              for k, v in rl.init_gru_params(D, H, rng, variant=variant).items()}
    X = rng.standard_normal((B, T, D))
    h0 = rng.standard_normal((B, H))
    dH = rng.standard_normal((B, T, H))
    return params, X, h0, dH


def _fd_check_sequence(B, T, D, H, seed, variant):
    params, X, h0, dH = _setup(B, T, D, H, seed, variant)
    _, cache = rl.gru_forward(X, params, h0, variant=variant)
    dX, dh0, grads = rl.gru_backward(dH, cache)

    def loss(_):
        return np.sum(rl.gru_forward(X, params, h0, variant=variant)[0] * dH)

    assert grad_ok(dX, rl.numerical_gradient(loss, X))
    assert grad_ok(dh0, rl.numerical_gradient(loss, h0))
    assert set(grads) == set(params)
    for k in params:
        assert grad_ok(grads[k], rl.numerical_gradient(loss, params[k])), k


@pytest.mark.parametrize("variant", VARIANTS)
def test_sequence_backward_finite_differences(variant):
    _fd_check_sequence(3, 5, 4, 3, seed=0, variant=variant)


@pytest.mark.parametrize("variant", VARIANTS)
def test_step_backward_finite_differences(variant):
    params, X, h0, dH = _setup(3, 1, 4, 5, seed=1, variant=variant)
    X_t, dH_t = X[:, 0], dH[:, 0]
    _, cache = rl.gru_step_forward(X_t, h0, params, variant=variant)
    dX_t, dH_prev, grads = rl.gru_step_backward(dH_t, cache)

    def loss(_):
        return np.sum(rl.gru_step_forward(X_t, h0, params, variant=variant)[0] * dH_t)

    assert rl.rel_error(dX_t, rl.numerical_gradient(loss, X_t)) < 1e-6
    assert rl.rel_error(dH_prev, rl.numerical_gradient(loss, h0)) < 1e-6
    for k in params:
        assert rl.rel_error(grads[k], rl.numerical_gradient(loss, params[k])) < 1e-6, k


@settings(max_examples=10, deadline=None, derandomize=True)
@given(B=SIZES, T=SIZES, D=SIZES, H=SIZES, seed=st.integers(0, 2**16),
       variant=st.sampled_from(VARIANTS))
def test_property_finite_differences_any_shape(B, T, D, H, seed, variant):
    _fd_check_sequence(B, T, D, H, seed, variant)


def _slides_gru(X, params, h0):
    """Las cuatro ecuaciones de las diapositivas, literalmente: un vector fila a la vez."""
    def sigma(a):
        return 1.0 / (1.0 + np.exp(-a))

    p = params
    B, T, _ = X.shape
    out = np.zeros((B, T, h0.shape[1]))
    for b in range(B):
        h = h0[b:b + 1]                                        # (1, H), vector fila
        for t in range(T):
            x = X[b, t:t + 1]                                  # (1, D)
            r = sigma(x @ p["W_xr"] + h @ p["W_hr"] + p["b_r"])
            gamma = sigma(x @ p["W_xz"] + h @ p["W_hz"] + p["b_z"])
            h_hat = np.tanh(x @ p["W_xh"] + (r * h) @ p["W_hh"] + p["b_h"])
            h = gamma * h + (1 - gamma) * h_hat
            out[b, t] = h[0]
    return out


@settings(max_examples=20, deadline=None, derandomize=True)
@given(B=SIZES, T=SIZES, D=SIZES, H=SIZES, seed=st.integers(0, 2**16))
def test_property_seed_variant_equals_slides_equations(B, T, D, H, seed):
    params, X, h0, _ = _setup(B, T, D, H, seed, "seed")
    H_all, cache = rl.gru_forward(X, params, h0)
    np.testing.assert_allclose(H_all, _slides_gru(X, params, h0), rtol=1e-12, atol=1e-12)
    assert cache.R.shape == cache.Z.shape == cache.H_tilde.shape == (B, T, H)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(B=SIZES, T=SIZES, D=SIZES, H=SIZES, seed=st.integers(0, 2**16),
       variant=st.sampled_from(VARIANTS))
def test_property_sequence_equals_loop_of_steps(B, T, D, H, seed, variant):
    params, X, h0, dH = _setup(B, T, D, H, seed, variant)
    H_all, cache = rl.gru_forward(X, params, h0, variant=variant)
    H_t, caches = h0, []
    for t in range(T):
        H_t, c = rl.gru_step_forward(X[:, t], H_t, params, variant=variant)
        np.testing.assert_allclose(H_all[:, t], H_t, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(cache.Z[:, t], c.Z, rtol=1e-12, atol=1e-12)
        caches.append(c)
    dX, dh0, grads = rl.gru_backward(dH, cache)
    dH_next, acc = np.zeros((B, H)), {k: 0.0 for k in params}
    for t in reversed(range(T)):
        dX_t, dH_next, g = rl.gru_step_backward(dH[:, t] + dH_next, caches[t])
        np.testing.assert_allclose(dX[:, t], dX_t, rtol=1e-10, atol=1e-12)
        acc = {k: acc[k] + g[k] for k in params}
    np.testing.assert_allclose(dh0, dH_next, rtol=1e-10, atol=1e-12)
    for k in params:
        np.testing.assert_allclose(grads[k], acc[k], rtol=1e-10, atol=1e-12)


def test_update_gate_one_keeps_the_state():
    """Z = 1 (sesgo de actualización muy grande) copia h_{t-1}: la lectura de las diapositivas."""
    params, X, h0, _ = _setup(2, 4, 3, 5, seed=2, variant="seed")
    params["b_z"] = np.full(5, 50.0)
    H_all, _ = rl.gru_forward(X, params, h0)
    np.testing.assert_allclose(H_all, np.repeat(h0[:, None], 4, axis=1), atol=1e-12)


@pytest.mark.parametrize("variant", VARIANTS)
def test_float32_stays_float32(variant):
    params, X, h0, dH = _setup(2, 3, 2, 4, seed=3, variant=variant)
    p32 = {k: v.astype(np.float32) for k, v in params.items()}
    H32, cache = rl.gru_forward(X.astype(np.float32), p32, h0.astype(np.float32), variant=variant)
    dX, dh0, grads = rl.gru_backward(dH.astype(np.float32), cache)
    assert H32.dtype == dX.dtype == dh0.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.values())
    H64, _ = rl.gru_forward(X, params, h0, variant=variant)
    np.testing.assert_allclose(H32, H64, atol=1e-5)
