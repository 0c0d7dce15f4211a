"""Pruebas de recurrent_lib.numpy_backprop.clipping contra torch.nn.utils.clip_grad_norm_."""

import numpy as np
import pytest
import torch

import recurrent_lib as rl


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 100.0])
def test_matches_torch(max_norm):
    rng = np.random.default_rng(0)
    grads = {"W_xh": rng.standard_normal((3, 4)), "W_hh": rng.standard_normal((4, 4)),
             "b_h": rng.standard_normal(4)}
    tensors = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64))
               for g in grads.values()]
    for t, g in zip(tensors, grads.values(), strict=True):
        t.grad = torch.from_numpy(g.copy())
    ref_norm = torch.nn.utils.clip_grad_norm_(tensors, max_norm).item()
    clipped, total = rl.clip_grad_norm(grads, max_norm)
    assert total == pytest.approx(ref_norm, rel=1e-12)
    for t, k in zip(tensors, grads, strict=True):
        np.testing.assert_allclose(clipped[k], t.grad.numpy(), rtol=1e-12)
    assert rl.global_norm(clipped) <= max_norm + 1e-9


def test_direction_kept_originals_untouched_and_lists():
    g = {"a": np.array([3.0, 4.0])}
    clipped, total = rl.clip_grad_norm(g, 1.0)
    assert total == 5.0
    np.testing.assert_allclose(clipped["a"], [0.6, 0.8], rtol=1e-6)
    np.testing.assert_array_equal(g["a"], [3.0, 4.0])
    layers = [{"a": np.array([3.0])}, {"b": np.array([4.0], dtype=np.float32)}]
    clipped, total = rl.clip_grad_norm(layers, 10.0)
    assert isinstance(clipped, list) and total == 5.0
    assert clipped[1]["b"].dtype == np.float32 and clipped[0]["a"][0] == 3.0


def test_bad_inputs():
    with pytest.raises(ValueError, match="max_norm debe ser un número positivo"):
        rl.clip_grad_norm({"a": np.ones(2)}, 0.0)
    with pytest.raises(TypeError, match="dict de arreglos"):
        rl.clip_grad_norm(np.ones(2), 1.0)
    with pytest.raises(ValueError, match=r"grads\['a'\].*NaN"):
        rl.clip_grad_norm({"a": np.array([np.nan])}, 1.0)
