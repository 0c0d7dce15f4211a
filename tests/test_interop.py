"""Oráculo: las celdas numpy de recurrent_lib contra torch.nn.RNN/GRU/LSTM.

Pesos aleatorios de torch → ``rl.params_from_torch`` → forward y backward de numpy; se
comparan las salidas y el gradiente de cada parámetro, de ``X`` y de los estados iniciales
(float64 dentro de 1e-6, float32 dentro de 1e-4), con ``batch_first`` en los dos sentidos.
"""

import copy

import numpy as np
import pytest
import torch

import recurrent_lib as rl

TORCH_CLS = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}
SHAPES = [(1, 1, 1, 1), (2, 5, 3, 4), (3, 7, 6, 2), (4, 3, 2, 9)]


def _numpy_forward(kind, X, params, h0, c0):
    if kind == "rnn":
        return rl.rnn_forward(X, params, h0)
    if kind == "gru":
        return rl.gru_forward(X, params, h0, variant="torch")
    return rl.lstm_forward(X, params, h0, c0)


def _numpy_backward(kind, dH, cache):
    if kind == "rnn":
        dX, dh0, grads = rl.rnn_backward(dH, cache)
        return dX, dh0, None, grads
    if kind == "gru":
        dX, dh0, grads = rl.gru_backward(dH, cache)
        return dX, dh0, None, grads
    return rl.lstm_backward(dH, cache)


def _torch_param_grads(kind, module):
    """Los gradientes de torch con nuestras claves (mismo reparto que params_from_torch)."""
    g = copy.deepcopy(module)
    H = module.hidden_size
    with torch.no_grad():
        for name, p in module.named_parameters():
            getattr(g, name).copy_(p.grad)
        # los sesgos que sumamos en uno tienen el mismo gradiente en bias_ih y bias_hh:
        # se deja solo bias_ih, salvo el del candidato de la GRU (b_hn), que es aparte
        keep = slice(2 * H, 3 * H) if kind == "gru" else slice(0, 0)
        kept = g.bias_hh_l0[keep].clone()
        g.bias_hh_l0.zero_()
        g.bias_hh_l0[keep] = kept
    return rl.params_from_torch(g)


def _check_against_torch(kind, shape, dtype, batch_first, seed):
    B, T, D, H = shape
    torch.manual_seed(seed)
    module = TORCH_CLS[kind](D, H, batch_first=batch_first).to(dtype)
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)
    X = torch.randn(B, T, D, dtype=dtype, requires_grad=True)
    h0 = torch.randn(1, B, H, dtype=dtype, requires_grad=True)
    c0 = torch.randn(1, B, H, dtype=dtype, requires_grad=True)
    state = (h0, c0) if kind == "lstm" else h0
    out, _ = module(X if batch_first else X.transpose(0, 1), state)
    out = out if batch_first else out.transpose(0, 1)
    dH = torch.randn(B, T, H, dtype=dtype)
    (out * dH).sum().backward()

    params = rl.params_from_torch(module)
    c0_np = c0.detach()[0].numpy() if kind == "lstm" else None
    H_np, cache = _numpy_forward(kind, X.detach().numpy(), params, h0.detach()[0].numpy(), c0_np)
    dX, dh0, dc0, grads = _numpy_backward(kind, dH.numpy(), cache)

    tol = dict(rtol=1e-6, atol=1e-6) if dtype == torch.float64 else dict(rtol=1e-4, atol=1e-4)
    np_dtype = np.float64 if dtype == torch.float64 else np.float32
    assert H_np.dtype == np_dtype and dX.dtype == np_dtype
    np.testing.assert_allclose(H_np, out.detach().numpy(), **tol)
    np.testing.assert_allclose(dX, X.grad.numpy(), **tol)
    np.testing.assert_allclose(dh0, h0.grad[0].numpy(), **tol)
    if kind == "lstm":
        np.testing.assert_allclose(dc0, c0.grad[0].numpy(), **tol)
    ref = _torch_param_grads(kind, module)
    assert set(grads) == set(params) == set(ref)
    for k in params:
        assert grads[k].shape == params[k].shape, k
        np.testing.assert_allclose(grads[k], ref[k], err_msg=k, **tol)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("batch_first", [True, False])
def test_forward_and_backward_match_torch_float64(kind, shape, batch_first):
    _check_against_torch(kind, shape, torch.float64, batch_first, seed=sum(shape))


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("batch_first", [True, False])
def test_forward_and_backward_match_torch_float32(kind, batch_first):
    _check_against_torch(kind, (3, 6, 4, 5), torch.float32, batch_first, seed=7)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_params_keys_and_shapes(kind):
    module = TORCH_CLS[kind](3, 5)
    params = rl.params_from_torch(module)
    expected = rl.PARAM_KEYS["gru-torch" if kind == "gru" else kind]
    assert tuple(params) == expected or set(params) == set(expected)
    for k, v in params.items():
        want = (3, 5) if k.startswith("W_x") else (5, 5) if k.startswith("W_h") else (5,)
        assert v.shape == want and v.dtype == np.float32


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("batch_first", [True, False])
def test_round_trip_numpy_torch_numpy(kind, batch_first):
    rng = np.random.default_rng(0)
    init = {"rnn": rl.init_rnn_params, "lstm": rl.init_lstm_params,
            "gru": lambda D, H, rng: rl.init_gru_params(D, H, rng, variant="torch")}[kind]
    params = init(3, 4, rng)
    params = {k: v + 0.1 * rng.standard_normal(v.shape) for k, v in params.items()}
    module = rl.params_to_torch(params, kind, batch_first=batch_first)
    assert module.batch_first == batch_first
    assert module.weight_ih_l0.dtype == torch.float64
    back = rl.params_from_torch(module)
    assert set(back) == set(params)
    for k in params:
        np.testing.assert_allclose(back[k], params[k], rtol=0, atol=1e-15)
    X = rng.standard_normal((2, 5, 3))
    out = module(torch.from_numpy(X if batch_first else X.transpose(1, 0, 2)))[0].detach().numpy()
    out = out if batch_first else out.transpose(1, 0, 2)
    H, _ = _numpy_forward(kind, X, params, None, None)
    np.testing.assert_allclose(H, out, rtol=1e-12, atol=1e-12)


def test_gru_seed_and_torch_variants_differ_with_same_weights():
    """La misma GRU de torch con variant="seed" da otra cosa: el reinicio cambia de sitio."""
    module = torch.nn.GRU(3, 4, batch_first=True).double()
    params = rl.params_from_torch(module)
    X = np.random.default_rng(1).standard_normal((2, 6, 3))
    H_torch, _ = rl.gru_forward(X, params, variant="torch")
    seed_params = {k: v for k, v in params.items() if k != "b_hn"}
    H_seed, _ = rl.gru_forward(X, seed_params, variant="seed")
    np.testing.assert_allclose(H_torch, module(torch.from_numpy(X))[0].detach().numpy(),
                               atol=1e-12)
    assert np.abs(H_torch - H_seed).max() > 1e-4


def test_multilayer_and_bidirectional_slices():
    module = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True).double()
    X = torch.randn(2, 5, 3, dtype=torch.float64)
    out = module(X)[0].detach().numpy()                        # (B, T, 2H), capa 2
    p0f, p0b = rl.params_from_torch(module, 0), rl.params_from_torch(module, 0, reverse=True)
    H_f, _ = rl.lstm_forward(X.numpy(), p0f)
    H_b, _ = rl.lstm_forward(X.numpy()[:, ::-1], p0b)
    layer0 = np.concatenate([H_f, H_b[:, ::-1]], axis=-1)
    p1f, p1b = rl.params_from_torch(module, 1), rl.params_from_torch(module, 1, reverse=True)
    H_f1, _ = rl.lstm_forward(layer0, p1f)
    H_b1, _ = rl.lstm_forward(layer0[:, ::-1], p1b)
    np.testing.assert_allclose(np.concatenate([H_f1, H_b1[:, ::-1]], -1), out, atol=1e-12)


def test_module_without_bias():
    module = torch.nn.GRU(2, 3, bias=False, batch_first=True).double()
    params = rl.params_from_torch(module)
    assert all(np.all(params[k] == 0) for k in params if k.startswith("b_"))
    X = torch.randn(1, 4, 2, dtype=torch.float64)
    H, _ = rl.gru_forward(X.numpy(), params, variant="torch")
    np.testing.assert_allclose(H, module(X)[0].detach().numpy(), atol=1e-12)


@pytest.mark.parametrize(
    "bad, exc, words",
    [
        (torch.nn.Linear(2, 3), TypeError, ["torch.nn.RNN", "Linear"]),
        (torch.nn.RNN(2, 3, nonlinearity="relu"), ValueError, ["tanh", "relu"]),
        (torch.nn.LSTM(2, 3, proj_size=2), ValueError, ["proj_size=2"]),
    ],
)
def test_params_from_torch_rejects_unsupported_modules(bad, exc, words):
    with pytest.raises(exc) as info:
        rl.params_from_torch(bad)
    for w in words:
        assert w in str(info.value)


def test_params_from_torch_rejects_bad_layer_and_direction():
    with pytest.raises(ValueError, match=r"layer debe estar en \[0, 1\); se recibió 1"):
        rl.params_from_torch(torch.nn.GRU(2, 3), layer=1)
    with pytest.raises(ValueError, match="bidireccional"):
        rl.params_from_torch(torch.nn.GRU(2, 3), reverse=True)


def test_params_to_torch_rejects_seed_gru_and_unknown_kind():
    params = rl.init_gru_params(2, 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="b_hn"):
        rl.params_to_torch(params, "gru")
    with pytest.raises(ValueError, match=r"'rnn', 'gru' o 'lstm'; se recibió 'transformer'"):
        rl.params_to_torch(params, "transformer")
    bad = rl.init_rnn_params(2, 3, np.random.default_rng(0))
    bad["W_hh"] = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"W_hh.*\(3, 3\).*\(3, 4\)"):
        rl.params_to_torch(bad, "rnn")
