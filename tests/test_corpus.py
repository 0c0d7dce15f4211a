"""Pruebas del corpus de números en palabras, los tokenizadores y el vocabulario."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recurrent_lib.tasks.corpus import (
    MAX_NUMBER,
    Vocabulary,
    char_tokenize,
    is_number_words,
    lm_pairs,
    number_to_words,
    number_words,
    pad_sequences,
    split_numbers,
    word_tokenize,
    words_to_number,
)

KNOWN = {
    0: "cero",
    1: "uno",
    10: "diez",
    15: "quince",
    16: "dieciséis",
    19: "diecinueve",
    20: "veinte",
    21: "veintiuno",
    22: "veintidós",
    23: "veintitrés",
    26: "veintiséis",
    30: "treinta",
    31: "treinta y uno",
    44: "cuarenta y cuatro",
    99: "noventa y nueve",
    100: "cien",
    101: "ciento uno",
    110: "ciento diez",
    116: "ciento dieciséis",
    200: "doscientos",
    321: "trescientos veintiuno",
    500: "quinientos",
    555: "quinientos cincuenta y cinco",
    700: "setecientos",
    777: "setecientos setenta y siete",
    900: "novecientos",
    999: "novecientos noventa y nueve",
    1000: "mil",
    1001: "mil uno",
    1100: "mil cien",
    2000: "dos mil",
    21000: "veintiún mil",
    21021: "veintiún mil veintiuno",
    31000: "treinta y un mil",
    100000: "cien mil",
    101000: "ciento un mil",
    121000: "ciento veintiún mil",
    500500: "quinientos mil quinientos",
    999999: "novecientos noventa y nueve mil novecientos noventa y nueve",
}


@pytest.mark.parametrize("n, words", sorted(KNOWN.items()))
def test_known_numbers_are_spelled_correctly(n, words):
    assert number_to_words(n) == words
    assert words_to_number(words) == n


def test_no_forbidden_spellings_in_the_corpus():
    corpus = number_words(0, 999)
    text = " ".join(corpus)
    for wrong in ("diez y seis", "veinte y uno", "cinco cientos", "sietecientos",
                  "nuevecientos", "ciento mil", "veintidos", "dieciseis", "  "):
        assert wrong not in text
    assert all(w == w.strip() for w in corpus)
    assert len(set(corpus)) == 1000


@given(st.integers(min_value=0, max_value=MAX_NUMBER))
def test_round_trip_number_words(n):
    assert words_to_number(number_to_words(n)) == n


@pytest.mark.parametrize("text", ["treinta uno", "ciento", "veinte y uno", "uno mil",
                                  "cien uno", "dos dos", "", "mil mil", "cero uno", "hola"])
def test_non_canonical_text_is_rejected(text):
    assert not is_number_words(text)
    with pytest.raises(ValueError):
        words_to_number(text)


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (MAX_NUMBER + 1, ValueError),
                                        (1.5, TypeError), (True, TypeError)])
def test_number_to_words_rejects_bad_input(bad, error):
    with pytest.raises(error):
        number_to_words(bad)


def test_tokenizers():
    assert char_tokenize("y dos") == ["y", " ", "d", "o", "s"]
    assert word_tokenize("¿Cuántos son? Novecientos.") == ["¿", "cuántos", "son", "?",
                                                           "novecientos", "."]
    assert word_tokenize("Él", lower=False) == ["Él"]
    with pytest.raises(TypeError):
        char_tokenize(3)


@given(st.lists(st.integers(0, 999), min_size=1, max_size=20))
def test_encode_decode_round_trip(numbers):
    vocab = Vocabulary.build([char_tokenize(w) for w in number_words()], specials=["<fin>"])
    for n in numbers:
        tokens = char_tokenize(number_to_words(n))
        ids = vocab.encode(tokens)
        assert ids.dtype == np.int64 and ids.shape == (len(tokens),)
        assert "".join(vocab.decode(ids)) == number_to_words(n)


def test_vocabulary_is_deterministic_and_sorted():
    corpus = [char_tokenize(w) for w in number_words()]
    a = Vocabulary.build(corpus, specials=["<pad>", "<fin>"])
    b = Vocabulary.build(list(reversed(corpus)), specials=["<pad>", "<fin>"])
    assert a == b
    assert a.tokens[:2] == ("<pad>", "<fin>")
    assert list(a.tokens[2:]) == sorted(a.tokens[2:])
    assert {"é", "ó", " "} <= set(a.tokens)
    assert len(a) == len(set(a.tokens))
    assert a.index["<fin>"] == 1


def test_vocabulary_errors():
    vocab = Vocabulary.build([["a", "b"]])
    with pytest.raises(ValueError, match="fuera del vocabulario"):
        vocab.encode(["z"])
    with pytest.raises(ValueError, match="fuera de"):
        vocab.decode([5])
    with pytest.raises(ValueError, match="repetidos"):
        Vocabulary(("a", "a"))


def test_split_is_seeded_disjoint_and_complete():
    nums = list(range(1000))
    train, val = split_numbers(nums, 0.2, np.random.default_rng(0))
    train2, val2 = split_numbers(list(reversed(nums)), 0.2, np.random.default_rng(0))
    assert len(val) == 200 and len(train) == 800
    assert set(train) | set(val) == set(nums) and not set(train) & set(val)
    assert (train, val) == (train2, val2)


def test_pad_and_lm_pairs():
    padded = pad_sequences([np.array([3, 4]), np.array([5])], pad_id=0)
    assert padded.tolist() == [[3, 4], [5, 0]]
    inputs, targets = lm_pairs(np.array([3, 4, 5]), boundary_id=1)
    assert inputs.tolist() == [1, 3, 4, 5] and targets.tolist() == [3, 4, 5, 1]
    with pytest.raises(ValueError):
        pad_sequences([], pad_id=0)
