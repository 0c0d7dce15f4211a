"""Pruebas de torch_modules/attention.py y numpy_backprop/attention.py (oráculo: torch)."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import recurrent_lib as rl

SHAPES = [(1, 1, 1, 1, 1), (2, 3, 5, 4, 6), (3, 7, 2, 8, 3), (4, 6, 6, 16, 16)]


def _qkv(B, T_q, T_k, d, d_v, seed=0, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    Q = torch.randn(B, T_q, d, generator=g, dtype=dtype)
    K = torch.randn(B, T_k, d, generator=g, dtype=dtype)
    V = torch.randn(B, T_k, d_v, generator=g, dtype=dtype)
    return Q, K, V


@pytest.mark.parametrize("shape", SHAPES)
def test_sdpa_matches_torch_without_mask(shape):
    Q, K, V = _qkv(*shape)
    out, weights = rl.scaled_dot_product_attention(Q, K, V)
    assert out.shape == (shape[0], shape[1], shape[4])
    assert weights.shape == (shape[0], shape[1], shape[2])
    torch.testing.assert_close(out, F.scaled_dot_product_attention(Q, K, V))
    torch.testing.assert_close(weights.sum(-1), torch.ones(shape[0], shape[1], dtype=Q.dtype))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("mask_kind", ["full", "keys", "pair2d"])
def test_sdpa_matches_torch_with_masks(shape, mask_kind):
    B, T_q, T_k, d, d_v = shape
    Q, K, V = _qkv(*shape, seed=1)
    g = torch.Generator().manual_seed(2)
    if mask_kind == "full":
        mask = torch.rand(B, T_q, T_k, generator=g) > 0.4
    elif mask_kind == "keys":
        mask = rl.padding_mask(torch.randint(1, T_k + 1, (B,), generator=g), T_k)
    else:
        mask = torch.rand(T_q, T_k, generator=g) > 0.3
    out, weights = rl.scaled_dot_product_attention(Q, K, V, mask)
    expected = F.scaled_dot_product_attention(Q, K, V, attn_mask=mask)
    torch.testing.assert_close(out, expected)
    assert not bool((weights * ~mask).any())


def test_sdpa_causal_mask_matches_is_causal():
    Q, K, V = _qkv(2, 5, 5, 4, 3, seed=3)
    out, weights = rl.scaled_dot_product_attention(Q, K, V, rl.causal_mask(5))
    torch.testing.assert_close(out, F.scaled_dot_product_attention(Q, K, V, is_causal=True))
    assert bool((weights.triu(1) == 0).all())


def test_sdpa_extra_batch_axes_like_heads():
    g = torch.Generator().manual_seed(4)
    Q, K, V = (torch.randn(2, 3, 4, 5, generator=g, dtype=torch.float64) for _ in range(3))
    mask = rl.causal_mask(4)
    out, weights = rl.scaled_dot_product_attention(Q, K, V, mask)
    assert weights.shape == (2, 3, 4, 4)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(Q, K, V, attn_mask=mask))


def test_fully_masked_row_gives_zero_weights_output_and_finite_gradients():
    Q, K, V = _qkv(2, 3, 4, 5, 6, seed=5)
    Q.requires_grad_(True)
    K.requires_grad_(True)
    V.requires_grad_(True)
    mask = torch.ones(2, 3, 4, dtype=torch.bool)
    mask[0, 1] = False                         # fila 1 del ejemplo 0: ninguna clave válida
    mask[1, :, 2:] = False
    out, weights = rl.scaled_dot_product_attention(Q, K, V, mask)
    assert bool((weights[0, 1] == 0).all()) and bool((out[0, 1] == 0).all())
    assert bool(torch.isfinite(out).all()) and bool(torch.isfinite(weights).all())
    torch.testing.assert_close(out, F.scaled_dot_product_attention(Q, K, V, attn_mask=mask))
    out.sum().backward()
    for X in (Q, K, V):
        assert bool(torch.isfinite(X.grad).all())
    assert bool((Q.grad[0, 1] == 0).all())


def test_all_masked_float32_no_nan():
    Q, K, V = _qkv(1, 2, 3, 4, 4, dtype=torch.float32)
    Q = Q * 1e3
    out, weights = rl.scaled_dot_product_attention(Q, K, V, torch.zeros(1, 2, 3, dtype=torch.bool))
    assert bool((out == 0).all()) and bool((weights == 0).all())


def test_sdpa_errors_are_spanish_and_typed():
    Q, K, V = _qkv(2, 3, 4, 5, 6)
    with pytest.raises(ValueError, match="misma dimensión"):
        rl.scaled_dot_product_attention(Q, K[..., :2], V)
    with pytest.raises(ValueError, match="número de claves"):
        rl.scaled_dot_product_attention(Q, K, V[:, :2])
    with pytest.raises(ValueError, match="forma"):
        rl.scaled_dot_product_attention(Q[0], K, V)
    with pytest.raises(TypeError, match="booleano"):
        rl.scaled_dot_product_attention(Q, K, V, torch.ones(3, 4))
    with pytest.raises(ValueError, match="difundible"):
        rl.scaled_dot_product_attention(Q, K, V, torch.ones(5, 4, dtype=torch.bool))
    with pytest.raises(TypeError, match="torch.Tensor"):
        rl.scaled_dot_product_attention(Q.numpy(), K, V)


def test_additive_scores_match_loop():
    Q, K, V = _qkv(2, 3, 4, 5, 6, seed=6)
    g = torch.Generator().manual_seed(7)
    W_q = torch.randn(5, 7, generator=g, dtype=torch.float64)
    W_k = torch.randn(5, 7, generator=g, dtype=torch.float64)
    w_v = torch.randn(7, generator=g, dtype=torch.float64)
    scores = rl.additive_scores(Q, K, W_q, W_k, w_v)
    for b in range(2):
        for i in range(3):
            for j in range(4):
                e = torch.tanh(Q[b, i] @ W_q + K[b, j] @ W_k) @ w_v
                assert math.isclose(float(scores[b, i, j]), float(e), rel_tol=1e-12)


def test_additive_attention_module_masks_and_grads():
    torch.manual_seed(0)
    layer = rl.AdditiveAttention(query_size=5, key_size=3, hidden_size=8)
    Q, K, V = torch.randn(2, 4, 5), torch.randn(2, 6, 3), torch.randn(2, 6, 2)
    mask = rl.padding_mask(torch.tensor([6, 2]), 6)
    out, weights = layer(Q, K, V, mask)
    assert out.shape == (2, 4, 2) and weights.shape == (2, 4, 6)
    assert bool((weights[1, :, 2:] == 0).all())
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 4))
    out.sum().backward()
    assert all(bool(torch.isfinite(p.grad).all()) for p in layer.parameters())


def test_multiplicative_scores_dot_general_and_scaled():
    Q, K, V = _qkv(2, 3, 4, 5, 6, seed=8)
    torch.testing.assert_close(rl.multiplicative_scores(Q, K), Q @ K.transpose(1, 2))
    W_a = torch.eye(5, dtype=torch.float64) * 2
    torch.testing.assert_close(rl.multiplicative_scores(Q, K, W_a), 2 * Q @ K.transpose(1, 2))
    out, _ = rl.scaled_dot_product_attention(Q, K, V)
    weights = torch.softmax(rl.multiplicative_scores(Q, K, scale=True), -1)
    torch.testing.assert_close(weights @ V, out)
    with pytest.raises(ValueError, match="deben coincidir"):
        rl.multiplicative_scores(Q, K[..., :3])


def test_multiplicative_attention_module():
    torch.manual_seed(1)
    layer = rl.MultiplicativeAttention(query_size=4, key_size=3)
    Q, K, V = torch.randn(2, 5, 4), torch.randn(2, 6, 3), torch.randn(2, 6, 7)
    out, weights = layer(Q, K, V)
    expected = torch.softmax(Q @ layer.W_a @ K.transpose(1, 2), -1) @ V
    torch.testing.assert_close(out, expected)


# --------------------------------------------------------------------------- numpy


def _np_qkv(B, T_q, T_k, d, d_v, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((B, T_q, d)), rng.standard_normal((B, T_k, d)),
            rng.standard_normal((B, T_k, d_v)))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("masked", [False, True])
def test_numpy_forward_matches_torch(shape, masked):
    Q, K, V = _np_qkv(*shape, seed=10)
    mask = None
    if masked:
        mask = np.random.default_rng(11).random(shape[:3]) > 0.4
        mask[0, 0] = False                     # una fila toda enmascarada
    out, cache = rl.attention_forward(Q, K, V, mask)
    t_mask = None if mask is None else torch.from_numpy(mask)
    expected, weights = rl.scaled_dot_product_attention(
        torch.from_numpy(Q), torch.from_numpy(K), torch.from_numpy(V), t_mask)
    np.testing.assert_allclose(out, expected.numpy(), atol=1e-12)
    np.testing.assert_allclose(cache.A, weights.numpy(), atol=1e-12)


@pytest.mark.parametrize("shape", [(2, 3, 4, 5, 2), (1, 4, 4, 3, 3)])
@pytest.mark.parametrize("masked", [False, True])
def test_numpy_backward_finite_differences(shape, masked):
    Q, K, V = _np_qkv(*shape, seed=12)
    mask = None
    if masked:
        mask = np.random.default_rng(13).random(shape[:3]) > 0.3
        mask[0, 1] = False
    dout = np.random.default_rng(14).standard_normal((shape[0], shape[1], shape[4]))
    out, cache = rl.attention_forward(Q, K, V, mask)
    dQ, dK, dV = rl.attention_backward(dout, cache)
    for X, dX in ((Q, dQ), (K, dK), (V, dV)):
        def loss(_):                     # X se modifica en su sitio
            return float(np.sum(rl.attention_forward(Q, K, V, mask)[0] * dout))

        num = rl.numerical_gradient(loss, X)
        assert rl.rel_error(num, dX) < 1e-6


def test_numpy_backward_matches_torch_autograd():
    Q, K, V = _np_qkv(3, 4, 5, 6, 2, seed=15)
    mask = np.random.default_rng(16).random((3, 4, 5)) > 0.3
    dout = np.random.default_rng(17).standard_normal((3, 4, 2))
    _, cache = rl.attention_forward(Q, K, V, mask)
    grads = rl.attention_backward(dout, cache)
    tQ, tK, tV = (torch.tensor(X, requires_grad=True) for X in (Q, K, V))
    out, _ = rl.scaled_dot_product_attention(tQ, tK, tV, torch.from_numpy(mask))
    out.backward(torch.from_numpy(dout))
    for mine, t in zip(grads, (tQ, tK, tV), strict=True):
        np.testing.assert_allclose(mine, t.grad.numpy(), atol=1e-10)


def test_numpy_errors():
    Q, K, V = _np_qkv(2, 3, 4, 5, 6)
    with pytest.raises(ValueError, match="misma dimensión"):
        rl.attention_forward(Q, K[..., :2], V)
    with pytest.raises(TypeError, match="booleana"):
        rl.attention_forward(Q, K, V, np.ones((3, 4)))
