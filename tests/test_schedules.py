"""Pruebas de torch_modules/schedules.py (oráculos: la fórmula de Vaswani et al. y los
planificadores de torch, LinearLR seguido de CosineAnnealingLR)."""

import math

import pytest
import torch

import recurrent_lib as rl


def _lrs(scheduler_fn, steps, lr=1.0):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    sched = scheduler_fn(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


@pytest.mark.parametrize("warmup", [1, 4, 50])
def test_inverse_sqrt_is_vaswani(warmup):
    d = 64
    peak = (d * warmup) ** -0.5
    ours = _lrs(lambda o: rl.warmup_scheduler(o, warmup), 300, lr=peak)
    vaswani = [d ** -0.5 * min(t ** -0.5, t * warmup ** -1.5) for t in range(1, 301)]
    assert ours == pytest.approx(vaswani, rel=1e-12)
    assert max(ours) == pytest.approx(peak) and ours.index(max(ours)) == warmup - 1


@pytest.mark.parametrize("warmup, total, m", [(5, 40, 0.0), (10, 100, 0.1), (1, 20, 0.0)])
def test_cosine_equals_torch_schedulers(warmup, total, m):
    lr = 0.3
    ours = _lrs(lambda o: rl.warmup_scheduler(o, warmup, "cosine", total, m), total + 10, lr)

    def torch_schedule(opt):
        scheds = [torch.optim.lr_scheduler.LinearLR(opt, 1 / warmup, 1.0, warmup - 1),
                  torch.optim.lr_scheduler.CosineAnnealingLR(opt, total - warmup, m * lr)]
        return torch.optim.lr_scheduler.SequentialLR(opt, scheds, milestones=[warmup - 1])

    theirs = _lrs(torch_schedule, total, lr)
    assert ours[:total] == pytest.approx(theirs, rel=1e-9, abs=1e-12)
    assert ours[total - 1:] == pytest.approx([m * lr] * 11, abs=1e-12)   # se queda en m


def test_factor_shape():
    f = [rl.warmup_factor(s, 10, "constant") for s in range(30)]
    assert f[:10] == pytest.approx([(t + 1) / 10 for t in range(10)]) and set(f[9:]) == {1.0}
    g = [rl.warmup_factor(s, 10) for s in range(200)]
    assert all(a < b for a, b in zip(g[:9], g[1:10], strict=True))     # sube hasta t = w
    assert all(a > b for a, b in zip(g[9:-1], g[10:], strict=True))    # y luego baja
    assert g[39] == pytest.approx(math.sqrt(10 / 40))


def test_schedule_errors_in_spanish():
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    with pytest.raises(ValueError, match="decay"):
        rl.warmup_scheduler(opt, 10, decay="linear")
    with pytest.raises(ValueError, match="warmup"):
        rl.warmup_scheduler(opt, 0)
    with pytest.raises(ValueError, match="total_steps"):
        rl.warmup_scheduler(opt, 10, decay="cosine")
    with pytest.raises(ValueError, match="total_steps"):
        rl.warmup_scheduler(opt, 10, decay="cosine", total_steps=10)
    with pytest.raises(ValueError, match="min_factor"):
        rl.warmup_scheduler(opt, 10, decay="cosine", total_steps=20, min_factor=1.5)
    with pytest.raises(ValueError, match="step"):
        rl.warmup_factor(-1, 10)
