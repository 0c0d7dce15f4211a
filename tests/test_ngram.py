"""Pruebas del modelo de ventana (n-grama): conteos contra un oráculo de fuerza bruta."""

from __future__ import annotations

import numpy as np
import pytest

from recurrent_lib.numpy_backprop.ngram import WindowLM
from recurrent_lib.tasks.corpus import number_words

CORPUS = ["ab", "abc", "b", "cab"]
TOKENS = ["<fin>", "a", "b", "c"]


def brute_prob(corpus, k, alpha, V, history, token):
    """Oráculo: cuenta con cadenas, retrocediendo al contexto más largo que aparece."""
    padded = [["<fin>", *s, "<fin>"] for s in corpus]
    for j in range(min(k, len(history)), -1, -1):
        ctx = list(history[len(history) - j:])
        follow = [s[t] for s in padded for t in range(1, len(s))
                  if t >= j and s[t - j:t] == ctx]
        if follow:
            return (follow.count(token) + alpha) / (len(follow) + alpha * V)
    raise AssertionError("sin contexto")


@pytest.mark.parametrize("k", [0, 1, 2, 5])
def test_prob_matches_brute_force_counts(k):
    lm = WindowLM(k, V=len(TOKENS), alpha=0.5).fit([list(s) for s in CORPUS])
    for history in (["<fin>"], ["<fin>", "a"], ["<fin>", "c", "a"], ["<fin>", "c", "c"]):
        for token in TOKENS:
            assert np.isclose(lm.prob(history, token),
                              brute_prob(CORPUS, k, 0.5, len(TOKENS), history, token))


@pytest.mark.parametrize("k", [0, 2, 4])
def test_distribution_sums_to_one(k):
    lm = WindowLM(k, V=len(TOKENS), alpha=0.1).fit([list(s) for s in CORPUS])
    for history in (["<fin>"], ["<fin>", "b"], ["<fin>", "a", "b", "c"]):
        assert np.isclose(sum(lm.prob(history, t) for t in TOKENS), 1.0)


def test_long_window_on_the_training_set_is_the_exact_chain_rule():
    # Con k >= longitud máxima y alpha = 0, el modelo es la distribución empírica: la suma
    # de sorpresas de cada número es log(1000), como en el capítulo 1 (secuencias-cadena).
    corpus = number_words(0, 999)
    lm = WindowLM(40, V=30, alpha=0.0).fit([list(w) for w in corpus])
    for n in (0, 100, 777, 999):
        assert np.isclose(lm.surprisal(list(corpus[n])).sum(), np.log(1000))


def test_perplexity_of_unigram_and_errors():
    lm = WindowLM(0, V=4, alpha=0.0).fit([list(s) for s in CORPUS])
    # k = 0: frecuencia de cada token entre los 13 objetivos (4 finales, 3 a, 4 b, 2 c)
    assert np.isclose(lm.prob(["<fin>", "a"], "c"), 2 / 13)
    expected = np.exp(-np.mean(np.log([3 / 13, 4 / 13, 4 / 13])))
    assert np.isclose(lm.perplexity([["a", "b"]]), expected)
    with pytest.raises(ValueError, match="k debe"):
        WindowLM(-1, V=3)
    with pytest.raises(ValueError, match="fit"):
        WindowLM(2, V=3).prob(["<fin>"], "a")
