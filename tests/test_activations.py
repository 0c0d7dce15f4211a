"""Pruebas de numpy_backprop/activations.py y gradcheck.py (oráculo: torch)."""

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import recurrent_lib as rl


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_is_stable_and_keeps_dtype(dtype):
    x = np.array([-1e4, -800.0, -50.0, -1.0, 0.0, 1.0, 50.0, 800.0, 1e4], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = rl.sigmoid(x)
    assert s.dtype == dtype
    assert np.all((s >= 0) & (s <= 1))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[4] == 0.5
    ref = torch.sigmoid(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(s, ref, rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-7)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
                  elements=st.floats(-1e4, 1e4)))
def test_property_sigmoid_matches_torch_and_symmetry(x):
    s = rl.sigmoid(x)
    np.testing.assert_allclose(s, torch.sigmoid(torch.from_numpy(x)).numpy(), atol=1e-15)
    np.testing.assert_allclose(s + rl.sigmoid(-x), 1.0, atol=1e-15)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                  elements=st.floats(-1e4, 1e4)))
def test_property_softmax_and_log_softmax_match_torch(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = rl.softmax(x)
        logp = rl.log_softmax(x)
    t = torch.from_numpy(x)
    np.testing.assert_allclose(p, torch.softmax(t, -1).numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(logp, torch.log_softmax(t, -1).numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(p.sum(-1), 1.0, atol=1e-12)


def test_softmax_is_row_wise_not_global():
    # con un máximo global, la fila pequeña se volvería 0/0
    x = np.array([[1000.0, 1001.0], [-1000.0, -1001.0]])
    p = rl.softmax(x)
    np.testing.assert_allclose(p[1], [0.7310585786300049, 0.2689414213699951])
    np.testing.assert_allclose(rl.softmax(x, axis=0), rl.softmax(x.T).T)


def test_softmax_float32_and_masked_minus_inf():
    x = np.array([[0.0, -np.inf, 1.0]], dtype=np.float32)
    p = rl.softmax(x)
    assert p.dtype == np.float32 and p[0, 1] == 0.0


def test_one_hot():
    idx = np.array([[0, 2], [1, 1]])
    oh = rl.one_hot(idx, 3)
    assert oh.shape == (2, 2, 3) and oh.dtype == np.float64
    np.testing.assert_array_equal(oh.argmax(-1), idx)
    np.testing.assert_array_equal(oh.sum(-1), 1.0)
    with pytest.raises(ValueError, match=r"\[0, 3\).*entre 0 y 3"):
        rl.one_hot(np.array([0, 3]), 3)
    with pytest.raises(TypeError, match="enteros.*float64"):
        rl.one_hot(np.array([0.0, 1.0]), 3)
    with pytest.raises(ValueError, match="V debe ser un entero positivo"):
        rl.one_hot(np.array([0]), 0)


@pytest.mark.parametrize("shape", [(5, 7), (2, 3, 4)])
def test_cross_entropy_matches_torch_and_its_gradient(shape):
    rng = np.random.default_rng(0)
    logits = rng.standard_normal(shape) * 3
    targets = rng.integers(0, shape[-1], size=shape[:-1])
    t = torch.from_numpy(logits).requires_grad_()
    ref = torch.nn.functional.cross_entropy(t.reshape(-1, shape[-1]),
                                            torch.from_numpy(targets).reshape(-1))
    ref.backward()
    assert abs(rl.cross_entropy(logits, targets) - ref.item()) < 1e-12
    np.testing.assert_allclose(rl.cross_entropy_backward(logits, targets), t.grad.numpy(),
                               atol=1e-14)
    num = rl.numerical_gradient(lambda z: rl.cross_entropy(z, targets), logits)
    np.testing.assert_allclose(rl.cross_entropy_backward(logits, targets), num, atol=1e-9)


def test_cross_entropy_is_stable_and_checks_shapes():
    logits = np.array([[1e4, 0.0], [0.0, 1e4]])
    assert rl.cross_entropy(logits, np.array([0, 1])) == 0.0
    assert rl.cross_entropy(logits, np.array([1, 0])) == pytest.approx(1e4)
    with pytest.raises(ValueError, match=r"forma \(2,\).*\(2, 1\)"):
        rl.cross_entropy(logits, np.array([[0], [1]]))
    with pytest.raises(ValueError, match=r"\[0, 2\)"):
        rl.cross_entropy(logits, np.array([0, 2]))


@pytest.mark.parametrize("fn", [rl.sigmoid, rl.softmax, rl.log_softmax])
@pytest.mark.parametrize("bad", [np.array([1, 2]), np.array([1j, 2j]), np.array(["a"])])
def test_activations_reject_non_float(fn, bad):
    with pytest.raises(TypeError, match="punto flotante"):
        fn(bad)


def test_numerical_gradient_and_rel_error():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    g = rl.numerical_gradient(lambda z: np.sum(z**3), x)
    np.testing.assert_array_equal(x, before)          # x queda como estaba
    assert rl.rel_error(g, 3 * x**2) < 1e-8
    assert rl.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rl.rel_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)
    with pytest.raises(ValueError, match="misma forma"):
        rl.rel_error(np.zeros(2), np.zeros(3))
    with pytest.raises(TypeError, match="punto flotante"):
        rl.numerical_gradient(lambda z: 0.0, np.array([1, 2]))


def test_init_shapes_dtypes_and_reproducibility():
    for init, kind in ((rl.init_rnn_params, "rnn"), (rl.init_gru_params, "gru"),
                       (rl.init_lstm_params, "lstm")):
        a = init(3, 4, np.random.default_rng(5))
        b = init(3, 4, np.random.default_rng(5))
        assert tuple(a) == rl.PARAM_KEYS[kind]
        for k in a:
            np.testing.assert_array_equal(a[k], b[k])
            assert a[k].dtype == np.float64
            assert np.all(np.abs(a[k]) <= 0.5)             # 1/sqrt(4)
    p32 = rl.init_gru_params(3, 4, np.random.default_rng(0), variant="torch", dtype=np.float32)
    assert tuple(p32) == rl.PARAM_KEYS["gru-torch"]
    assert all(v.dtype == np.float32 for v in p32.values())
