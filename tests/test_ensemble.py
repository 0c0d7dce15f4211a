"""Pruebas de recurrent_lib/ensemble.py: K GRU en una, contra K torch.nn.GRU por separado."""

import pytest
import torch

from recurrent_lib.torch_modules.ensemble import BlockDiagonalGRU

K, D, H, B, T = 3, 4, 5, 6, 7


def members(seed0=0):
    out = []
    for seed in range(seed0, seed0 + K):
        torch.manual_seed(seed)
        out.append(torch.nn.GRU(D, H, batch_first=True).double())
    return out


def test_forward_equals_each_member_alone():
    nets = members()
    ensemble = BlockDiagonalGRU(nets)
    X = torch.randn(B, T, K * D, dtype=torch.float64)
    H_all, h_T = ensemble(X)
    assert H_all.shape == (B, T, K * H) and h_T.shape == (1, B, K * H)
    for k, net in enumerate(nets):
        alone, _ = net(X[..., k * D:(k + 1) * D])
        assert torch.allclose(H_all[..., k * H:(k + 1) * H], alone, atol=1e-12)
        for name, p in net.named_parameters():
            assert torch.equal(getattr(ensemble.member(k), name), p)


def test_training_step_equals_training_each_member_alone_with_its_own_clipping():
    nets = members()
    ensemble = BlockDiagonalGRU(nets)
    targets = torch.randn(B, T, K * H, dtype=torch.float64)
    X = torch.randn(B, T, K * D, dtype=torch.float64)
    opt = torch.optim.Adam(ensemble.parameters(), lr=0.05)
    for _ in range(3):
        opt.zero_grad()
        H_all, _ = ensemble(X)
        # pérdidas de tamaños muy distintos: solo un miembro queda por debajo del umbral
        loss = sum((10.0 ** (k - 1)) * ((H_all[..., k * H:(k + 1) * H]
                   - targets[..., k * H:(k + 1) * H]) ** 2).sum() for k in range(K))
        loss.backward()
        norms = ensemble.clip_grad_norm_(1.0)
        opt.step()
    assert norms.shape == (K,)
    for k, net in enumerate(nets):
        opt_k = torch.optim.Adam(net.parameters(), lr=0.05)
        for _ in range(3):
            opt_k.zero_grad()
            alone, _ = net(X[..., k * D:(k + 1) * D])
            loss_k = (10.0 ** (k - 1)) * ((alone - targets[..., k * H:(k + 1) * H]) ** 2).sum()
            loss_k.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt_k.step()
        for name, p in net.named_parameters():
            assert torch.allclose(getattr(ensemble.member(k), name), p, atol=1e-10), (k, name)
    # los pesos fuera de los bloques siguen siendo cero
    for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
        off = getattr(ensemble, f"owner_{name}") < 0
        assert (getattr(ensemble.gru, name)[off] == 0).all()


def test_extra_parameters_share_their_member_clipping_factor():
    nets = members()
    ensemble = BlockDiagonalGRU(nets)
    extra = [[torch.zeros(2, requires_grad=True, dtype=torch.float64)] for _ in range(K)]
    X = torch.randn(B, T, K * D, dtype=torch.float64)
    H_all, _ = ensemble(X)
    loss = H_all.sum() + sum(100.0 * e[0].sum() for e in extra)
    loss.backward()
    norms = ensemble.clip_grad_norm_(1.0, extra=extra)
    for k in range(K):
        block = [ensemble._block(getattr(ensemble.gru, n).grad, k, n)
                 for n in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")]
        total = torch.sqrt(sum((g ** 2).sum() for g in block) + (extra[k][0].grad ** 2).sum())
        assert norms[k] > 100 and torch.isclose(total, torch.tensor(1.0, dtype=total.dtype))


def test_rejects_members_of_different_sizes():
    with pytest.raises(ValueError, match="GRU"):
        BlockDiagonalGRU([torch.nn.GRU(D, H), torch.nn.GRU(D, H + 1)])
    with pytest.raises(ValueError, match="vacío"):
        BlockDiagonalGRU([])
