"""Pruebas de recurrent_lib.tasks.neighbours (tarea de los vecinos, capítulo 4)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

import recurrent_lib as rl
from recurrent_lib.tasks.neighbours import (
    IGNORE_INDEX,
    accuracy_ceiling,
    neighbours_task,
    num_classes,
)


@pytest.mark.parametrize("rule", ["pair", "sum"])
def test_shapes_dtypes_and_ignored_ends(rule):
    tokens, labels = neighbours_task(5, 9, 3, rule, np.random.default_rng(0))
    assert tokens.shape == labels.shape == (5, 9)
    assert tokens.dtype.kind == "i" and labels.dtype == np.int64
    assert np.all(labels[:, [0, -1]] == IGNORE_INDEX)
    inner = labels[:, 1:-1]
    assert inner.min() >= 0 and inner.max() < num_classes(3, rule)
    assert tokens.min() >= 0 and tokens.max() < 3


def test_labels_follow_the_neighbours_equation():
    tokens, labels = neighbours_task(200, 7, 4, "pair", np.random.default_rng(1))
    for b, t in itertools.product(range(200), range(1, 6)):
        assert labels[b, t] == 4 * tokens[b, t - 1] + tokens[b, t + 1]
    tokens, labels = neighbours_task(200, 7, 5, "sum", np.random.default_rng(2))
    for b, t in itertools.product(range(200), range(1, 6)):
        assert labels[b, t] == (tokens[b, t - 1] + tokens[b, t + 1]) % 5


def test_label_ignores_the_current_symbol():
    # y_t depende de x_{t-1} y x_{t+1}, no de x_t: cambiar x_t deja igual la regla aplicada a y_t.
    tokens, labels = neighbours_task(50, 6, 3, "sum", np.random.default_rng(3))
    changed = tokens.copy()
    changed[:, 2] = (changed[:, 2] + 1) % 3
    assert np.array_equal(labels[:, 2], (changed[:, 1] + changed[:, 3]) % 3)
    assert not np.array_equal(labels[:, 1], (changed[:, 0] + changed[:, 2]) % 3)


def test_same_rng_state_same_data_and_tokens_roughly_uniform():
    a = neighbours_task(4, 10, 3, "sum", np.random.default_rng(7))
    b = neighbours_task(4, 10, 3, "sum", np.random.default_rng(7))
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    tokens, _ = neighbours_task(2000, 10, 4, "pair", np.random.default_rng(8))
    counts = np.bincount(tokens.ravel(), minlength=4) / tokens.size
    assert np.allclose(counts, 0.25, atol=0.01)


def test_causal_ceiling_is_the_best_possible_causal_accuracy():
    # Un predictor causal que conoce la regla y x_{t-1} (lo mejor posible) acierta ~1/V.
    V = 4
    tokens, labels = neighbours_task(3000, 8, V, "pair", np.random.default_rng(9))
    guess = V * tokens[:, :-2] + 0                           # adivina x_{t+1} = 0
    acc = np.mean(guess == labels[:, 1:-1])
    assert abs(acc - accuracy_ceiling(V, "pair", "causal")) < 0.02


def test_additive_ceiling_for_xor_is_three_quarters():
    # Exhaustivo sobre puntuaciones F(a) + G(b) con valores en una rejilla: nunca pasan de 3/4.
    best = 0.0
    grid = [-1.0, -0.5, 0.5, 1.0]
    for f0, f1, g0, g1 in itertools.product(grid, repeat=4):
        correct = [((f0, f1)[a] + (g0, g1)[b] > 0) == bool(a ^ b) for a in (0, 1) for b in (0, 1)]
        best = max(best, np.mean(correct))
    assert best == accuracy_ceiling(2, "sum", "bidirectional-linear") == 0.75
    assert accuracy_ceiling(4, "pair", "bidirectional-linear") == 1.0
    assert accuracy_ceiling(2, "sum", "bidirectional") == 1.0


def test_labels_work_with_torch_cross_entropy_ignore_index():
    tokens, labels = neighbours_task(3, 5, 2, "sum", np.random.default_rng(10))
    logits = torch.zeros(3, 5, 2)
    targets = torch.from_numpy(labels).flatten()
    loss = torch.nn.functional.cross_entropy(logits.flatten(0, 1), targets)
    assert torch.isclose(loss, torch.log(torch.tensor(2.0)))   # los extremos no cuentan


def test_exported_from_package():
    assert rl.neighbours_task is neighbours_task and rl.IGNORE_INDEX == -100
    assert rl.num_classes(3, "pair") == 9 and rl.num_classes(3, "sum") == 3


@pytest.mark.parametrize("kwargs, error", [
    (dict(n=0), ValueError), (dict(T=2), ValueError), (dict(V=1), ValueError),
    (dict(rule="xor"), ValueError), (dict(n=2.0), TypeError), (dict(rng=0), TypeError),
    (dict(T=True), TypeError),
])
def test_invalid_arguments(kwargs, error):
    args = dict(n=2, T=5, V=3, rule="pair", rng=np.random.default_rng(0))
    args.update(kwargs)
    with pytest.raises(error):
        neighbours_task(**args)


def test_invalid_ceiling_arguments():
    with pytest.raises(ValueError):
        accuracy_ceiling(3, "sum", "bidirectional-linear")
    with pytest.raises(ValueError):
        accuracy_ceiling(2, "sum", "transformer")
    with pytest.raises(ValueError):
        num_classes(2, "xor")
