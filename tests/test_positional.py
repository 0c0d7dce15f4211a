"""Pruebas de recurrent_lib.torch_modules.positional: la codificación sinusoidal y su rotación."""

import math

import pytest
import torch

import recurrent_lib as rl


@pytest.mark.parametrize("T, d", [(1, 1), (5, 4), (17, 7), (50, 16), (100, 64)])
def test_matches_the_formula_entry_by_entry(T, d):
    PE = rl.positional_encoding(T, d, dtype=torch.float64)
    assert PE.shape == (T, d)
    for t in range(0, T, max(1, T // 7)):
        for j in range(d):
            angle = t / 10000 ** (2 * (j // 2) / d)
            expected = math.sin(angle) if j % 2 == 0 else math.cos(angle)
            assert abs(PE[t, j].item() - expected) < 1e-12


def test_first_row_and_range():
    PE = rl.positional_encoding(200, 32, dtype=torch.float64)
    assert torch.equal(PE[0, 0::2], torch.zeros(16, dtype=torch.float64))
    assert torch.equal(PE[0, 1::2], torch.ones(16, dtype=torch.float64))
    assert PE.abs().max() <= 1.0
    # Cada par (seno, coseno) está en la circunferencia unidad
    ones = torch.ones(200, 16, dtype=torch.float64)
    torch.testing.assert_close(PE[:, 0::2] ** 2 + PE[:, 1::2] ** 2, ones)


def test_rows_are_distinct():
    PE = rl.positional_encoding(100, 16, dtype=torch.float64)
    distances = torch.cdist(PE, PE) + torch.eye(100, dtype=torch.float64)
    assert distances.min() > 1e-3


@pytest.mark.parametrize("k", [-3, 1, 5, 20])
def test_offset_is_a_rotation(k):
    d = 12
    PE = rl.positional_encoding(60, d, dtype=torch.float64)
    M = rl.offset_rotation(k, d)
    lo, hi = max(0, -k), min(60, 60 - k)
    torch.testing.assert_close(PE[lo:hi] @ M, PE[lo + k:hi + k])
    torch.testing.assert_close(M @ M.T, torch.eye(d, dtype=torch.float64))


def test_frequencies():
    omega = rl.positional_frequencies(8)
    expected = torch.tensor([1, 10000 ** -0.25, 10000 ** -0.5, 10000 ** -0.75], dtype=torch.float64)
    torch.testing.assert_close(omega, expected)


def test_module_adds_the_table():
    pe = rl.PositionalEncoding(6, max_len=10)
    X = torch.randn(2, 4, 6)
    torch.testing.assert_close(pe(X) - X, rl.positional_encoding(4, 6).expand(2, 4, 6))
    with pytest.raises(ValueError, match="max_len"):
        pe(torch.zeros(1, 11, 6))
    with pytest.raises(ValueError, match="forma"):
        pe(torch.zeros(1, 3, 5))


def test_errors_in_spanish():
    with pytest.raises(ValueError, match="d_model debe ser ≥ 1"):
        rl.positional_encoding(3, 0)
    with pytest.raises(TypeError, match="entero"):
        rl.positional_encoding(3.0, 4)
    with pytest.raises(ValueError, match="par"):
        rl.offset_rotation(1, 5)
