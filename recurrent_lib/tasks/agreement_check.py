"""Comprobador de la gramática de ``rl.generate_agreement`` (capítulo 10).

Para medir lo que genera un modelo de lenguaje entrenado en esa gramática:
¿la secuencia es una oración de la gramática? y, si lo es, ¿el verbo principal y el
adjetivo concuerdan con el sujeto?

La gramática (ver ``recurrent_lib/tasks/agreement.py``)::

    oración     := DET SUJ "que" relativo complemento* VERBO ADJ
    relativo    := ["ya"] AUX(SUJ) PARTICIPIO | DET N AUX(N) PARTICIPIO_TR
    complemento := PREP DET N          (con «del» y «al» en vez de «de el», «a el»)

Analizar exige las concordancias *locales* que la gramática fija: artículo–sustantivo en
cada grupo nominal y auxiliar del relativo con su sujeto. Las dos concordancias a larga
distancia, el número del verbo principal y el número y el género del adjetivo, no se
exigen para analizar: se informan aparte (``verb_agrees``, ``adjective_agrees``).

Uso::

    check = rl.check_agreement_sentence("el perro que ya había comido con los gatos estaba lleno")
    check.parses, check.verb_agrees, check.adjective_agrees      # True, True, True
"""

from __future__ import annotations

from typing import NamedTuple

from recurrent_lib.tasks.agreement import (
    ADJECTIVES,
    ARTICLES,
    AUXILIARY,
    CONTRACTIONS,
    NOUNS,
    PAD,
    PARTICIPLES,
    PREPOSITIONS,
    SUBJECT_NOUNS,
    SUFFIXES,
    TRANSITIVE_PARTICIPLES,
    VERBS,
)

#: Forma del sustantivo -> (lema, número, género).
_NOUN_FORMS = {forms[number]: (lemma, number, forms[2])
               for lemma, forms in NOUNS.items() for number in (0, 1)}
_ARTICLE_OF = {article: key for key, article in ARTICLES.items()}        # "los" -> ("m", 1)
_CONTRACTED = {word: pair for pair, word in CONTRACTIONS.items()}        # "del" -> ("de", "el")
_VERB_FORMS = {form: number for pair in VERBS for number, form in enumerate(pair)}
_ADJECTIVE_FORMS = {stem + suffix: key for stem in ADJECTIVES for key, suffix in SUFFIXES.items()}


class AgreementCheck(NamedTuple):
    """Resultado de :func:`check_agreement_sentence`.

    Attributes
    ----------
    parses : bool
        Si la secuencia es una oración de la gramática.
    verb_agrees : bool o None
        Si el verbo principal tiene el número del sujeto (``None`` si no analiza).
    adjective_agrees : bool o None
        Si el adjetivo tiene el número y el género del sujeto (``None`` si no analiza).
    subject_number : int o None
        Número del sujeto: 0 singular, 1 plural (``None`` si no analiza).
    verb_pos : int o None
        Posición del verbo principal (``None`` si no analiza).
    """

    parses: bool
    verb_agrees: bool | None = None
    adjective_agrees: bool | None = None
    subject_number: int | None = None
    verb_pos: int | None = None


_NO = AgreementCheck(False)


def _noun_phrase(words, i, article=None):
    """Analiza «DET N» desde ``i`` (o solo «N» si el artículo vino contraído).

    Devuelve ``(lema, número, posición siguiente)`` o ``None``.
    """
    if article is None:
        if i >= len(words) or words[i] not in _ARTICLE_OF:
            return None
        article, i = words[i], i + 1
    if i >= len(words) or words[i] not in _NOUN_FORMS:
        return None
    lemma, number, gender = _NOUN_FORMS[words[i]]
    if _ARTICLE_OF[article] != (gender, number):
        return None
    return lemma, number, i + 1


def _complement(words, i):
    """Analiza «PREP DET N» desde ``i``; devuelve la posición siguiente o ``None``."""
    for prep in PREPOSITIONS:
        head, last = list(prep[:-1]), prep[-1]
        if words[i:i + len(head)] != head:
            continue
        j = i + len(head)
        if j < len(words) and words[j] == last:
            parsed = _noun_phrase(words, j + 1)
            # «de el» y «a el» no son de la gramática: se contraen siempre
            if parsed and (last, words[j + 1]) not in CONTRACTIONS:
                return parsed[2]
        elif j < len(words) and _CONTRACTED.get(words[j], (None,))[0] == last:
            parsed = _noun_phrase(words, j + 1, article=_CONTRACTED[words[j]][1])
            if parsed:
                return parsed[2]
    return None


def check_agreement_sentence(words) -> AgreementCheck:
    """¿Es ``words`` una oración de la gramática de concordancia? ¿Concuerda con el sujeto?

    Parameters
    ----------
    words : str o secuencia de str
        Las palabras, en minúscula (una cadena se parte por los espacios). Los ``<pad>``
        del final se ignoran; uno en medio hace que no analice.

    Returns
    -------
    AgreementCheck
        ``parses`` y, si analiza, ``verb_agrees``, ``adjective_agrees``, el número del
        sujeto y la posición del verbo principal.
    """
    if isinstance(words, str):
        words = words.split()
    words = list(words)
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise TypeError(f"words debe contener cadenas; se recibió {type(bad[0]).__name__}")
    while words and words[-1] == PAD:
        words.pop()
    subject = _noun_phrase(words, 0)
    if subject is None or subject[0] not in SUBJECT_NOUNS or words[2:3] != ["que"]:
        return _NO
    lemma, number, i = subject
    i += 1
    if words[i:i + 1] and words[i] in _ARTICLE_OF:              # relativo de objeto
        clause = _noun_phrase(words, i)
        if clause is None:
            return _NO
        aux_number, i, participles = clause[1], clause[2], TRANSITIVE_PARTICIPLES
    else:                                                       # relativo de sujeto
        i += 1 if words[i:i + 1] == ["ya"] else 0
        aux_number, participles = number, PARTICIPLES
    # El auxiliar del relativo concuerda con el sujeto del relativo
    if words[i:i + 1] != [AUXILIARY[aux_number]] or i + 1 >= len(words) \
            or words[i + 1] not in participles:
        return _NO
    i += 2
    while i < len(words) and (nxt := _complement(words, i)) is not None:
        i = nxt
    if len(words) != i + 2 or words[i] not in _VERB_FORMS or words[i + 1] not in _ADJECTIVE_FORMS:
        return _NO
    gender = NOUNS[lemma][2]
    return AgreementCheck(True, _VERB_FORMS[words[i]] == number,
                          _ADJECTIVE_FORMS[words[i + 1]] == (gender, number), number, i)
