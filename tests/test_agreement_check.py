"""Pruebas de tasks/agreement_check.py (oráculo: el generador de la gramática y sus etiquetas)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recurrent_lib as rl

EXAMPLES = rl.generate_agreement(2000, seed=3, max_pps=5, object_prob=0.4)


def _swap_number(word):
    for pair in rl.agreement.VERBS:
        if word in pair:
            return pair[1 - pair.index(word)]
    raise AssertionError(word)


def test_generated_sentences_all_parse_and_agree():
    for e in EXAMPLES:
        check = rl.check_agreement_sentence(e.tokens)
        assert check == rl.AgreementCheck(True, True, True, e.number, e.verb_pos), e.tokens


def test_slides_sentence_and_strings():
    check = rl.check_agreement_sentence(rl.agreement.SLIDES_SENTENCE)
    assert check.parses and check.verb_agrees and check.adjective_agrees
    assert check.subject_number == 0 and check.verb_pos == 9
    assert rl.check_agreement_sentence(rl.slides_example().tokens) == check
    # Contracciones, preposiciones de dos palabras y relativo de objeto
    for s in ["los niños que la vaca había visto junto al árbol detrás del vecino seguían "
              "contentos", "la niña que había dormido estaba cansada",
              "las vacas que el gato había cuidado cerca de las casas parecían tranquilas"]:
        check = rl.check_agreement_sentence(s)
        assert check.parses and check.verb_agrees and check.adjective_agrees, s


def test_swapped_verb_number_parses_but_does_not_agree():
    for e in EXAMPLES[:300]:
        words = list(e.tokens)
        words[e.verb_pos] = _swap_number(words[e.verb_pos])
        check = rl.check_agreement_sentence(words)
        assert check.parses and check.verb_agrees is False and check.adjective_agrees, words


def test_wrong_adjective_number_or_gender():
    base = "el perro que ya había comido con los gatos estaba".split()
    for adjective, agrees in [("lleno", True), ("llenos", False), ("llena", False),
                              ("llenas", False)]:
        check = rl.check_agreement_sentence(base + [adjective])
        assert check.parses and check.verb_agrees and check.adjective_agrees is agrees


def test_dropped_word_never_parses():
    # Quitar una palabra cualquiera rompe la oración, salvo «ya» (opcional) y «cerca» o
    # «detrás» ante «de» («cerca de los gatos» -> «de los gatos», también gramatical)
    for e in EXAMPLES[:200]:
        for i in range(len(e.tokens)):
            words = e.tokens[:i] + e.tokens[i + 1:]
            if e.tokens[i] in ("ya", "cerca", "detrás"):
                assert rl.check_agreement_sentence(words).parses
                continue
            assert not rl.check_agreement_sentence(words).parses, words


def test_random_shuffles_do_not_parse():
    rng = np.random.default_rng(0)
    parsed = 0
    for e in EXAMPLES[:500]:
        words = list(e.tokens)
        order = rng.permutation(len(words))
        if (order == np.arange(len(words))).all():
            continue
        parsed += rl.check_agreement_sentence([words[j] for j in order]).parses
    assert parsed == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(rl.agreement_vocabulary())), max_size=14))
def test_random_word_sequences_are_consistent(words):
    check = rl.check_agreement_sentence(words)
    if check.parses:
        assert words[2] == "que" and check.verb_pos == len(words) - 2
        assert isinstance(check.verb_agrees, bool) and isinstance(check.adjective_agrees, bool)
    else:
        assert check == rl.AgreementCheck(False, None, None, None, None)


@pytest.mark.parametrize("sentence", [
    "",                                                  # vacía
    "el perro que",                                      # truncada
    "el perro que ya había comido",                      # sin verbo ni adjetivo
    "el perro que ya había comido estaba",               # sin adjetivo
    "el perro que ya había comido estaba lleno lleno",   # palabra de más
    "la perro que ya había comido estaba lleno",         # artículo sin concordar
    "el perro que ya habían comido estaba lleno",        # auxiliar del relativo sin concordar
    "el perro que los gatos había visto estaba lleno",   # ídem, relativo de objeto
    "el perro que ya había visto estaba lleno",          # participio transitivo sin objeto
    "el perro que los gatos habían comido estaba lleno", # intransitivo con objeto
    "el perro que la vaca ya había visto estaba lleno",  # «ya» solo en el relativo de sujeto
    "la casa que ya había comido estaba llena",          # sujeto inanimado
    "el perro que ya había comido de el gato estaba lleno",  # sin contraer
    "el perro que ya había comido con el gatos estaba lleno",
    "El perro que ya había comido estaba lleno",         # mayúscula
    "el perro que ya había comido con estaba lleno",
])
def test_edge_cases_do_not_parse(sentence):
    assert rl.check_agreement_sentence(sentence) == rl.AgreementCheck(False)


def test_padding_at_the_end_is_ignored_but_not_in_the_middle():
    words = list(rl.slides_example().tokens)
    assert rl.check_agreement_sentence(words + ["<pad>"] * 3).parses
    assert not rl.check_agreement_sentence(words[:4] + ["<pad>"] + words[4:]).parses
    with pytest.raises(TypeError, match="cadenas"):
        rl.check_agreement_sentence([1, 2, 3])
