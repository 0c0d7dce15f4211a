"""Pruebas de recurrent_lib.torch_modules.training.train."""

import pytest
import torch

import recurrent_lib as rl


class _Regressor(torch.nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.cell = cell
        self.head = torch.nn.Linear(cell.hidden_size, 1)

    def forward(self, X):
        _, h = self.cell(X)
        h = h[0] if isinstance(h, tuple) else h
        return self.head(h)


def _make_batch(step):
    g = torch.Generator().manual_seed(step)
    X = torch.randn(16, 5, 2, generator=g)
    return X, X[:, :, 0].sum(1, keepdim=True)                 # suma de la primera columna


def _loss(model, batch):
    X, y = batch
    return torch.nn.functional.mse_loss(model(X), y)


@pytest.mark.parametrize("cell", [rl.RNN, rl.GRU, rl.LSTM])
def test_train_reduces_the_loss(cell):
    torch.manual_seed(0)
    model = _Regressor(cell(2, 8))
    losses = rl.train(model, _make_batch, _loss, steps=150, lr=2e-2, clip=1.0)
    assert len(losses) == 150 and all(isinstance(v, float) for v in losses)
    assert sum(losses[-10:]) / 10 < 0.3 * sum(losses[:10]) / 10


def test_train_is_reproducible_and_prints_progress(capsys):
    runs = []
    for _ in range(2):
        torch.manual_seed(1)
        runs.append(rl.train(_Regressor(rl.GRU(2, 4)), _make_batch, _loss, steps=10,
                             progress=True))
    assert runs[0] == runs[1]
    out = capsys.readouterr().out
    assert "paso  1/10" in out and "paso 10/10" in out


def test_train_clip_bounds_the_gradient_norm():
    model = _Regressor(rl.RNN(2, 4))
    seen = []

    def loss_fn(m, batch):
        loss = 1e4 * _loss(m, batch)
        return loss

    orig = torch.optim.Adam.step

    def spy(self, *a, **k):
        seen.append(torch.sqrt(sum((p.grad**2).sum() for p in model.parameters())).item())
        return orig(self, *a, **k)

    torch.optim.Adam.step = spy
    try:
        rl.train(model, _make_batch, loss_fn, steps=3, clip=0.5)
    finally:
        torch.optim.Adam.step = orig
    assert all(n <= 0.5 + 1e-5 for n in seen)


def test_train_bad_arguments():
    model = _Regressor(rl.RNN(2, 4))
    with pytest.raises(ValueError, match="steps debe ser un entero positivo"):
        rl.train(model, _make_batch, _loss, steps=0)
    with pytest.raises(ValueError, match="clip debe ser positivo"):
        rl.train(model, _make_batch, _loss, steps=1, clip=-1.0)
    with pytest.raises(TypeError, match="tensor escalar"):
        rl.train(model, _make_batch, lambda m, b: m(b[0]), steps=1)
    with pytest.raises(ValueError, match="dejó de ser finita en el paso 0"):
        rl.train(model, _make_batch, lambda m, b: _loss(m, b) * float("nan"), steps=1)
