"""Pruebas de recurrent_lib.numpy_backprop.layers (apiladas y bidireccionales) contra torch.nn y por
diferencias finitas."""

import numpy as np
import pytest
import torch
from gradcheck_helpers import grad_ok

import recurrent_lib as rl

TORCH_CLS = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}
VARIANT = {"rnn": "seed", "gru": "torch", "lstm": "seed"}


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_deep_matches_torch_num_layers(kind):
    torch.manual_seed(0)
    module = TORCH_CLS[kind](3, 4, num_layers=3, batch_first=True).double()
    X = torch.randn(2, 5, 3, dtype=torch.float64, requires_grad=True)
    out = module(X)[0]
    dH = torch.randn_like(out)
    (out * dH).sum().backward()
    params_list = [rl.params_from_torch(module, layer) for layer in range(3)]
    H, cache = rl.deep_forward(X.detach().numpy(), params_list, kind, variant=VARIANT[kind])
    np.testing.assert_allclose(H, out.detach().numpy(), atol=1e-12)
    dX, grads_list = rl.deep_backward(dH.numpy(), cache)
    np.testing.assert_allclose(dX, X.grad.numpy(), atol=1e-10)
    assert len(grads_list) == 3 and set(grads_list[2]) == set(params_list[2])
    # una matriz de la capa de arriba contra torch
    g = {"rnn": "W_hh", "gru": "W_hr", "lstm": "W_hi"}[kind]
    H_ = 4
    np.testing.assert_allclose(grads_list[2][g], module.weight_hh_l2.grad[:H_].T.numpy(),
                               atol=1e-10)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_bidirectional_matches_torch(kind):
    torch.manual_seed(1)
    module = TORCH_CLS[kind](3, 4, bidirectional=True, batch_first=True).double()
    X = torch.randn(2, 6, 3, dtype=torch.float64, requires_grad=True)
    out = module(X)[0]                                          # (B, T, 2H)
    dH = torch.randn_like(out)
    (out * dH).sum().backward()
    p_f = rl.params_from_torch(module)
    p_b = rl.params_from_torch(module, reverse=True)
    H, cache = rl.bidirectional_forward(X.detach().numpy(), p_f, p_b, kind, variant=VARIANT[kind])
    assert H.shape == (2, 6, 8)
    np.testing.assert_allclose(H, out.detach().numpy(), atol=1e-12)
    dX, g_f, g_b = rl.bidirectional_backward(dH.numpy(), cache)
    np.testing.assert_allclose(dX, X.grad.numpy(), atol=1e-10)
    first = {"rnn": "W_xh", "gru": "W_xr", "lstm": "W_xi"}[kind]
    np.testing.assert_allclose(g_b[first], module.weight_ih_l0_reverse.grad[:4].T.numpy(),
                               atol=1e-10)
    np.testing.assert_allclose(g_f[first], module.weight_ih_l0.grad[:4].T.numpy(), atol=1e-10)


def test_finite_differences_deep_and_bidirectional_seed_gru():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 3, 2))
    layers = [rl.init_gru_params(2, 3, rng), rl.init_gru_params(3, 3, rng)]
    dH = rng.standard_normal((2, 3, 3))
    _, cache = rl.deep_forward(X, layers, "gru")
    dX, grads_list = rl.deep_backward(dH, cache)

    def loss(_):
        return np.sum(rl.deep_forward(X, layers, "gru")[0] * dH)

    assert grad_ok(dX, rl.numerical_gradient(loss, X))
    for params, grads in zip(layers, grads_list, strict=True):
        for k in params:
            assert grad_ok(grads[k], rl.numerical_gradient(loss, params[k])), k

    p_f, p_b = rl.init_gru_params(2, 3, rng), rl.init_gru_params(2, 3, rng)
    dH2 = rng.standard_normal((2, 3, 6))
    _, cache = rl.bidirectional_forward(X, p_f, p_b, "gru")
    dX, g_f, g_b = rl.bidirectional_backward(dH2, cache)

    def loss2(_):
        return np.sum(rl.bidirectional_forward(X, p_f, p_b, "gru")[0] * dH2)

    assert grad_ok(dX, rl.numerical_gradient(loss2, X))
    for params, grads in ((p_f, g_f), (p_b, g_b)):
        for k in params:
            assert grad_ok(grads[k], rl.numerical_gradient(loss2, params[k])), k


def test_bad_inputs():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 3, 2))
    p = rl.init_rnn_params(2, 3, rng)
    with pytest.raises(ValueError, match="'rnn', 'gru' o 'lstm'; se recibió 'elman'"):
        rl.deep_forward(X, [p], "elman")
    with pytest.raises(ValueError, match="lista no vacía"):
        rl.deep_forward(X, [], "rnn")
    with pytest.raises(ValueError, match=r"capa 1.*D=2.*\(2, 3, 3\)"):
        rl.deep_forward(X, [p, p], "rnn")                       # la capa 2 recibe H=3, no D=2
    with pytest.raises(ValueError, match="mismo H"):
        rl.bidirectional_forward(X, p, rl.init_rnn_params(2, 5, rng), "rnn")
    _, cache = rl.bidirectional_forward(X, p, p, "rnn")
    with pytest.raises(ValueError, match=r"dH debe tener forma \(B, T, 2H\)"):
        rl.bidirectional_backward(np.ones((2, 3, 3)), cache)
    with pytest.raises(TypeError, match="DeepCache"):
        rl.deep_backward(np.ones((2, 3, 3)), cache)
