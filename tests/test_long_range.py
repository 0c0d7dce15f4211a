"""Pruebas de los generadores de tareas a larga distancia (recurrent_lib/tasks/long_range.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recurrent_lib.tasks.long_range import (
    ADDING_BASELINE_MSE,
    adding_problem,
    copy_task,
    copy_vocab_size,
)


# --------------------------------------------------------------------------- suma
def test_adding_shapes_and_dtypes():
    X, y = adding_problem(7, 12, np.random.default_rng(0))
    assert X.shape == (7, 12, 2)
    assert y.shape == (7,)
    assert X.dtype == np.float64 and y.dtype == np.float64


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 20), T=st.integers(2, 60), seed=st.integers(0, 2**32 - 1))
def test_adding_exactly_two_markers_one_per_half(n, T, seed):
    X, y = adding_problem(n, T, np.random.default_rng(seed))
    markers = X[:, :, 1]
    assert set(np.unique(markers)) <= {0.0, 1.0}
    assert np.all(markers.sum(axis=1) == 2)
    half = T // 2
    assert np.all(markers[:, :half].sum(axis=1) == 1)
    assert np.all(markers[:, half:].sum(axis=1) == 1)
    # La respuesta es exactamente la suma de los valores marcados
    np.testing.assert_allclose(y, (X[:, :, 0] * markers).sum(axis=1), rtol=0, atol=1e-12)
    assert np.all((X[:, :, 0] >= 0) & (X[:, :, 0] <= 1))


def test_adding_baseline_mse_is_one_sixth():
    _, y = adding_problem(200_000, 10, np.random.default_rng(1))
    mse = np.mean((y - 1.0) ** 2)
    # Error típico de la media: sqrt(Var((y-1)^2) / n) ≈ 4e-4; margen de ~10 errores típicos
    assert abs(mse - 1 / 6) < 4e-3
    assert ADDING_BASELINE_MSE == pytest.approx(1 / 6)
    # La constante 1 es la mejor predicción constante: la media de y es 1
    assert abs(y.mean() - 1.0) < 5e-3


def test_adding_is_deterministic_given_seed():
    X1, y1 = adding_problem(5, 9, np.random.default_rng(42))
    X2, y2 = adding_problem(5, 9, np.random.default_rng(42))
    X3, _ = adding_problem(5, 9, np.random.default_rng(43))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(n=0, T=5), ValueError),
        (dict(n=3, T=1), ValueError),
        (dict(n=3.0, T=5), TypeError),
    ],
)
def test_adding_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        adding_problem(rng=np.random.default_rng(0), **kwargs)


def test_adding_rejects_non_generator():
    with pytest.raises(TypeError, match="np.random.Generator"):
        adding_problem(3, 5, rng=0)


# --------------------------------------------------------------------------- copia
def test_copy_shapes_and_layout():
    n, T, A, L = 6, 10, 5, 3
    tokens, targets = copy_task(n, T, np.random.default_rng(0), n_symbols=A, length=L)
    assert tokens.shape == (n, T + 2 * L)
    assert targets.shape == (n, L)
    assert np.issubdtype(tokens.dtype, np.integer) and np.issubdtype(targets.dtype, np.integer)
    np.testing.assert_array_equal(tokens[:, :L], targets)
    assert np.all((targets >= 1) & (targets <= A))
    delimiter = A + 1
    assert np.all(tokens[:, L + T - 1] == delimiter)
    # Exactamente un delimitador por secuencia; el resto son blancos
    assert np.all((tokens == delimiter).sum(axis=1) == 1)
    rest = np.delete(tokens, list(range(L)) + [L + T - 1], axis=1)
    assert np.all(rest == 0)
    assert copy_vocab_size(A) == A + 2
    assert tokens.max() < copy_vocab_size(A)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 10), T=st.integers(1, 40), A=st.integers(2, 10), L=st.integers(1, 5))
def test_copy_layout_property(n, T, A, L):
    tokens, targets = copy_task(n, T, np.random.default_rng(T), n_symbols=A, length=L)
    assert tokens.shape == (n, T + 2 * L)
    np.testing.assert_array_equal(tokens[:, :L], targets)
    # Los últimos L pasos (donde se responde) son blancos: la respuesta no está en la entrada
    assert np.all(tokens[:, -L:] == 0)


def test_copy_is_deterministic_and_uses_all_symbols():
    t1, y1 = copy_task(500, 4, np.random.default_rng(7), n_symbols=6, length=2)
    t2, y2 = copy_task(500, 4, np.random.default_rng(7), n_symbols=6, length=2)
    np.testing.assert_array_equal(t1, t2)
    np.testing.assert_array_equal(y1, y2)
    assert set(np.unique(y1)) == set(range(1, 7))


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(n=2, T=0), ValueError),
        (dict(n=2, T=3, n_symbols=1), ValueError),
        (dict(n=2, T=3, length=0), ValueError),
        (dict(n=2, T="3"), TypeError),
    ],
)
def test_copy_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        copy_task(rng=np.random.default_rng(0), **kwargs)
