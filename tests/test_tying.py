"""Pruebas de torch_modules/tying.py (oráculo: el mismo modelo sin atar, con la salida
copiada de la incrustación; el gradiente atado es la suma de los dos gradientes)."""

import pytest
import torch

import recurrent_lib as rl


def _count(model):
    return sum(p.numel() for p in model.parameters())


def _pair(V=13, d=8, seed=0):
    torch.manual_seed(seed)
    tied = rl.TinyTransformer(V, d_model=d, num_heads=2, d_ff=16, num_layers=2, max_len=12)
    free = rl.TinyTransformer(V, d_model=d, num_heads=2, d_ff=16, num_layers=2, max_len=12)
    free.load_state_dict(tied.state_dict())
    rl.tie_output_embedding(tied)
    with torch.no_grad():
        free.out.weight.copy_(free.embedding.weight)
    return tied, free


def test_shares_the_parameter_and_saves_V_times_d():
    tied, free = _pair(V=13, d=8)
    assert tied.out.weight is tied.embedding.weight
    assert _count(free) - _count(tied) == 13 * 8


def test_same_logits_and_gradient_is_the_sum_of_both_uses():
    tied, free = _pair()
    tokens = torch.randint(0, 13, (3, 10), generator=torch.Generator().manual_seed(1))
    torch.testing.assert_close(tied(tokens), free(tokens), rtol=0, atol=0)
    tied(tokens).square().sum().backward()
    free(tokens).square().sum().backward()
    expected = free.embedding.weight.grad + free.out.weight.grad
    torch.testing.assert_close(tied.embedding.weight.grad, expected, rtol=1e-5, atol=1e-6)


def test_one_optimizer_step_keeps_them_equal_and_cache_still_exact():
    tied, _ = _pair()
    opt = torch.optim.Adam(tied.parameters(), lr=1e-2)
    tokens = torch.randint(0, 13, (4, 10), generator=torch.Generator().manual_seed(2))
    tied(tokens).logsumexp(-1).mean().backward()
    opt.step()
    assert tied.out.weight is tied.embedding.weight
    prefix = tokens[:, :3]
    assert torch.equal(tied.generate(prefix, 8, use_cache=True),
                       tied.generate(prefix, 8, use_cache=False))


def test_rejects_mismatched_shapes():
    model = rl.TinyTransformer(13, d_model=8, num_heads=2, d_ff=16, num_layers=1, max_len=12)
    model.out = torch.nn.Linear(8, 7)
    with pytest.raises(ValueError, match="misma forma"):
        rl.tie_output_embedding(model)
