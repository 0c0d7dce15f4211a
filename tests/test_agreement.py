"""Pruebas del generador de oraciones con concordancia (recurrent_lib/agreement.py)."""

import numpy as np
import pytest

import recurrent_lib as rl
from recurrent_lib.tasks import agreement as ag

EXAMPLES = ag.generate_agreement(2000, seed=0, min_pps=0, max_pps=6, object_prob=0.4)


def number_of(word: str) -> int | None:
    """Número gramatical de un sustantivo, artículo, verbo o adjetivo (None si no tiene)."""
    for singular, plural, _ in ag.NOUNS.values():
        if word in (singular, plural):
            return int(word == plural)
    pairs = [*ag.VERBS, ag.AUXILIARY, ("el", "los"), ("la", "las"), ("del", None), ("al", None)]
    for pair in pairs:
        if word in pair:
            return pair.index(word)
    if any(word.startswith(stem) for stem in ag.ADJECTIVES):
        return int(word.endswith("s"))
    return None


def test_every_sentence_agrees():
    for e in EXAMPLES:
        subject, verb = e.tokens[e.subject_pos], e.tokens[e.verb_pos]
        adjective = e.tokens[e.verb_pos + 1]
        assert number_of(e.tokens[0]) == number_of(subject) == e.number
        assert number_of(verb) == e.number and verb in {w for pair in ag.VERBS for w in pair}
        assert number_of(adjective) == e.number
        gender = next(g for sing, plur, g in ag.NOUNS.values() if subject in (sing, plur))
        assert adjective.endswith({"m": "o", "f": "a"}[gender] + ("s" if e.number else ""))
        assert len(e.tokens) == e.verb_pos + 2
        assert e.clause_length == e.verb_pos - e.subject_pos - 1


def test_attractors_have_the_other_number():
    for e in EXAMPLES:
        clause = e.tokens[e.subject_pos + 1:e.verb_pos]
        nouns = [w for w in clause if number_of(w) is not None and w not in
                 {"el", "los", "la", "las", "del", "al", *ag.AUXILIARY}]
        assert e.n_attractors == sum(number_of(w) != e.number for w in nouns)
        # el artículo (o la contracción) que precede a cada sustantivo concuerda con él
        for i, w in enumerate(clause):
            if w in nouns and clause[i - 1] in ("el", "los", "la", "las"):
                assert number_of(clause[i - 1]) == number_of(w)
            if w in nouns and clause[i - 1] in ("del", "al"):
                assert number_of(w) == 0


def test_subject_relative_auxiliary_agrees_with_subject_and_object_relative_with_its_noun():
    for e in EXAMPLES:
        aux_pos = next(i for i, w in enumerate(e.tokens) if w in ag.AUXILIARY)
        if e.tokens[aux_pos - 1] in ("que", "ya"):
            assert number_of(e.tokens[aux_pos]) == e.number
        else:
            assert number_of(e.tokens[aux_pos]) == number_of(e.tokens[aux_pos - 1])


def test_attractors_really_occur():
    counts = np.array([e.n_attractors for e in EXAMPLES])
    assert (counts == 0).any() and (counts >= 3).any()
    assert {e.number for e in EXAMPLES} == {0, 1}


def test_deterministic_under_a_seed():
    assert ag.generate_agreement(50, seed=3) == ag.generate_agreement(50, seed=3)
    assert ag.generate_agreement(50, seed=3) != ag.generate_agreement(50, seed=4)
    rng = np.random.default_rng(3)
    assert ag.generate_agreement(50, seed=rng) == ag.generate_agreement(50, seed=3)


def test_clause_length_grows_with_complements():
    short = ag.generate_agreement(300, seed=1, min_pps=0, max_pps=0)
    long = ag.generate_agreement(300, seed=1, min_pps=6, max_pps=6)
    assert max(e.clause_length for e in short) < min(e.clause_length for e in long)


def test_slides_sentence_is_producible():
    e = ag.slides_example()
    assert " ".join(e.tokens) == ag.SLIDES_SENTENCE
    assert (e.number, e.subject_pos, e.verb_pos, e.clause_length, e.n_attractors) == (0, 1, 9, 7, 1)
    plural = ag.build_sentence("perro", ag.PLURAL, [("gato", ag.SINGULAR)])
    assert " ".join(plural.tokens) == "los perros que ya habían comido con el gato estaban llenos"
    # y el generador la sortea: es la oración número 27 558 de esta semilla
    drawn = ag.generate_agreement(27558, seed=0, min_pps=1, max_pps=1, object_prob=0.0)[-1]
    assert drawn == e


def test_vocabulary_and_encoding():
    vocab = rl.agreement_vocabulary()
    assert vocab[ag.PAD] == 0 and len(set(vocab.values())) == len(vocab)
    tokens, labels, verb_pos = rl.encode_agreement(EXAMPLES[:10], vocab)
    assert tokens.shape == (10, max(len(e.tokens) for e in EXAMPLES[:10]))
    inverse = {i: w for w, i in vocab.items()}
    for b, e in enumerate(EXAMPLES[:10]):
        assert tuple(inverse[i] for i in tokens[b, :len(e.tokens)]) == e.tokens
        assert (tokens[b, len(e.tokens):] == 0).all()
        assert labels[b] == e.number and verb_pos[b] == e.verb_pos


def test_errors_are_spanish_value_errors():
    with pytest.raises(ValueError, match="se esperaba"):
        ag.generate_agreement(-1)
    with pytest.raises(ValueError, match="min_pps"):
        ag.generate_agreement(3, min_pps=4, max_pps=2)
    with pytest.raises(ValueError, match="sujeto"):
        ag.build_sentence("casa", 0, [])
    with pytest.raises(ValueError, match="al menos"):
        rl.encode_agreement(EXAMPLES[:3], rl.agreement_vocabulary(), T=2)


def test_neutral_determiners_leave_the_noun_as_first_number_cue():
    vocab = ag.agreement_vocabulary(neutral=True)
    assert set(vocab) == set(ag.agreement_vocabulary()) | {ag.NEUTRAL_DETERMINER}
    for e in EXAMPLES[:500]:
        n = ag.neutral_determiners(e)
        assert not set(n.tokens) & {"el", "la", "los", "las", "del", "al"}
        assert n.tokens[0] == ag.NEUTRAL_DETERMINER and n.tokens[1] == e.tokens[1]
        assert n.tokens[n.verb_pos] == e.tokens[e.verb_pos] and len(n.tokens) == n.verb_pos + 2
        contractions = sum(w in ("del", "al") for w in e.tokens)
        assert len(n.tokens) == len(e.tokens) + contractions
        assert (n.number, n.n_attractors) == (e.number, e.n_attractors)
        assert n.clause_length == n.verb_pos - n.subject_pos - 1
        # quitando los determinantes y deshaciendo contracciones queda la misma oración
        undo = " ".join(e.tokens).replace("del", "de").replace(" al ", " a ")
        undo = [w for w in undo.split() if w not in ("el", "la", "los", "las")]
        assert [w for w in n.tokens if w != ag.NEUTRAL_DETERMINER] == undo
    rl.encode_agreement([ag.neutral_determiners(e) for e in EXAMPLES[:50]], vocab)
