"""Pruebas de torch_modules/{rnn,gru,lstm}.py: las celdas del libro contra torch.nn y numpy."""

import numpy as np
import pytest
import torch

import recurrent_lib as rl

TORCH_CLS = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}
OURS = {"rnn": rl.RNN, "gru": rl.GRU, "lstm": rl.LSTM}
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _inputs(B, T, D, H, seed, dtype=torch.float64, device="cpu"):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(B, T, D, generator=g, dtype=dtype).to(device)
    h0 = torch.randn(B, H, generator=g, dtype=dtype).to(device)
    c0 = torch.randn(B, H, generator=g, dtype=dtype).to(device)
    return X, h0, c0


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("device", DEVICES)
def test_from_torch_matches_outputs_and_gradients(kind, device):
    torch.manual_seed(0)
    ref = TORCH_CLS[kind](3, 4, batch_first=True).double().to(device)
    ours = OURS[kind].from_torch(ref)
    assert next(ours.parameters()).device.type == device
    X, h0, c0 = _inputs(2, 6, 3, 4, seed=1, device=device)
    X1, X2 = X.clone().requires_grad_(), X.clone().requires_grad_()
    if kind == "lstm":
        out_ref, (hT_ref, cT_ref) = ref(X1, (h0[None], c0[None]))
        out, (hT, cT) = ours(X2, h0, c0)
        torch.testing.assert_close(cT, cT_ref[0])
    else:
        out_ref, hT_ref = ref(X1, h0[None])
        out, hT = ours(X2, h0)
    torch.testing.assert_close(out, out_ref)
    torch.testing.assert_close(hT, hT_ref[0])
    w = torch.randn(out.shape, dtype=out.dtype, device=device)
    (out_ref * w).sum().backward()
    (out * w).sum().backward()
    torch.testing.assert_close(X2.grad, X1.grad)
    ref_grads = rl.params_from_torch(ref)                      # solo para las claves
    assert set(dict(ours.named_parameters())) == set(ref_grads)
    # gradiente de W_x* de la primera compuerta contra el bloque de torch
    H = 4
    first = {"rnn": "W_xh", "gru": "W_xr", "lstm": "W_xi"}[kind]
    torch.testing.assert_close(getattr(ours, first).grad, ref.weight_ih_l0.grad[:H].T)


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_to_torch_round_trip(kind):
    ours = OURS[kind](3, 5, **({"variant": "torch"} if kind == "gru" else {}))
    module = ours.to_torch()
    assert isinstance(module, TORCH_CLS[kind]) and module.batch_first
    X, _, _ = _inputs(2, 4, 3, 5, seed=2, dtype=torch.float32)
    torch.testing.assert_close(module(X)[0], ours(X)[0])


def test_seed_gru_module_equals_numpy_and_cannot_go_to_torch():
    ours = rl.GRU(3, 4, dtype=torch.float64)
    X, h0, _ = _inputs(2, 5, 3, 4, seed=3)
    out, hT, gates = ours(X, h0, return_gates=True)
    H_np, cache = rl.gru_forward(X.numpy(), ours.numpy_params(), h0.numpy())
    np.testing.assert_allclose(out.detach().numpy(), H_np, atol=1e-12)
    for name in ("R", "Z", "H_tilde"):
        assert gates[name].shape == (2, 5, 4)
        np.testing.assert_allclose(gates[name].detach().numpy(), getattr(cache, name), atol=1e-12)
    with pytest.raises(ValueError, match="b_hn"):
        ours.to_torch()


def test_lstm_gates_and_forget_bias():
    ours = rl.LSTM(3, 4, forget_bias=1.0, dtype=torch.float64)
    assert torch.all(ours.b_f == 1.0) and torch.all(ours.b_i == 0.0)
    X, h0, c0 = _inputs(2, 5, 3, 4, seed=4)
    out, (hT, cT), gates = ours(X, h0, c0, return_gates=True)
    assert set(gates) == {"F", "I", "C_tilde", "O", "C"}
    H_np, cache = rl.lstm_forward(X.numpy(), ours.numpy_params(), h0.numpy(), c0.numpy())
    np.testing.assert_allclose(out.detach().numpy(), H_np, atol=1e-12)
    for name in ("F", "I", "C_tilde", "O", "C"):
        np.testing.assert_allclose(gates[name].detach().numpy(), getattr(cache, name),
                                   atol=1e-12)
    torch.testing.assert_close(cT, gates["C"][:, -1])


def test_rnn_return_gates_is_empty_dict_and_load_numpy_params():
    ours = rl.RNN(2, 3, dtype=torch.float64)
    params = rl.init_rnn_params(2, 3, np.random.default_rng(0))
    ours.load_numpy_params(params)
    X, _, _ = _inputs(1, 4, 2, 3, seed=5)
    out, hT, gates = ours(X, return_gates=True)
    assert gates == {}
    np.testing.assert_allclose(out.detach().numpy(), rl.rnn_forward(X.numpy(), params)[0])
    with pytest.raises(ValueError, match="claves"):
        ours.load_numpy_params({"W_xh": params["W_xh"]})
    with pytest.raises(ValueError, match=r"W_hh.*\(3, 3\).*\(2, 2\)"):
        ours.load_numpy_params(dict(params, W_hh=np.zeros((2, 2))))


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_bad_inputs(kind):
    ours = OURS[kind](3, 4)
    with pytest.raises(ValueError, match=r"X debe tener forma \(B, T, D\).*\(2, 3\)"):
        ours(torch.zeros(2, 3))
    with pytest.raises(ValueError, match=r"D=3.*\(2, 5, 4\)"):
        ours(torch.zeros(2, 5, 4))
    with pytest.raises(TypeError, match="punto flotante.*int64"):
        ours(torch.zeros(2, 5, 3, dtype=torch.int64))
    with pytest.raises(TypeError, match="torch.Tensor.*ndarray"):
        ours(np.zeros((2, 5, 3), dtype=np.float32))
    with pytest.raises(ValueError, match=r"h0 debe tener forma \(B, H\).*\(1, 2, 4\)"):
        ours(torch.zeros(2, 5, 3), torch.zeros(1, 2, 4))
    with pytest.raises(ValueError, match="hidden_size debe ser un entero positivo"):
        OURS[kind](3, 0)


def test_gru_bad_variant():
    with pytest.raises(ValueError, match="'seed' o 'torch'; se recibió 'x'"):
        rl.GRU(2, 3, variant="x")
