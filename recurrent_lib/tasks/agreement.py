"""Oraciones en español con concordancia sujeto–verbo–adjetivo (capítulos 5 y 6).

Es la tarea del ejemplo de las diapositivas: «El perro que ya había comido …, estaba
lleno». El sujeto decide el número del verbo principal y el número y el género del
adjetivo, pero entre el sujeto y el verbo se interpone una oración de relativo de
longitud variable, con sustantivos *atractores* del otro número («con los gatos») que
tientan a la red a concordar con la palabra equivocada (Linzen et al., 2016).

Gramática (todas las palabras en minúscula)::

    oración   := DET SUJ "que" relativo complemento* VERBO ADJ
    relativo  := ["ya"] AUX(SUJ) PARTICIPIO            (relativo de sujeto)
               | DET N AUX(N) PARTICIPIO_TR            (relativo de objeto: el verbo
                                                         de la subordinada concuerda con N)
    complemento := PREP DET N                           («con los gatos», «del vecino»)

Un *atractor* es un sustantivo de la subordinada con número distinto del sujeto.

Uso::

    examples = rl.generate_agreement(500, seed=0)
    vocab = rl.agreement_vocabulary()
    tokens, labels, verb_pos = rl.encode_agreement(examples, vocab)

Variante controlada: :func:`neutral_determiners` cambia cada artículo por un determinante
sin número (``<det>``, como el inglés «the»), de modo que el sustantivo es la primera
palabra que dice el número del sujeto.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SINGULAR, PLURAL = 0, 1

#: Sustantivo -> (singular, plural, género).
NOUNS = {
    "perro": ("perro", "perros", "m"),
    "gato": ("gato", "gatos", "m"),
    "niño": ("niño", "niños", "m"),
    "vecino": ("vecino", "vecinos", "m"),
    "vaca": ("vaca", "vacas", "f"),
    "niña": ("niña", "niñas", "f"),
    "casa": ("casa", "casas", "f"),
    "árbol": ("árbol", "árboles", "m"),
}
#: Sustantivos que pueden ser sujeto (animados).
SUBJECT_NOUNS = ("perro", "gato", "niño", "vecino", "vaca", "niña")
ARTICLES = {("m", SINGULAR): "el", ("m", PLURAL): "los",
            ("f", SINGULAR): "la", ("f", PLURAL): "las"}
AUXILIARY = ("había", "habían")
PARTICIPLES = ("comido", "jugado", "corrido", "dormido")
TRANSITIVE_PARTICIPLES = ("visto", "buscado", "cuidado")
ADVERBS = ("ya",)
PREPOSITIONS = (("con",), ("sin",), ("de",), ("cerca", "de"), ("junto", "a"), ("detrás", "de"))
CONTRACTIONS = {("de", "el"): "del", ("a", "el"): "al"}
VERBS = (("estaba", "estaban"), ("parecía", "parecían"), ("seguía", "seguían"))
ADJECTIVES = ("llen", "cansad", "content", "tranquil")
SUFFIXES = {("m", SINGULAR): "o", ("m", PLURAL): "os", ("f", SINGULAR): "a", ("f", PLURAL): "as"}
PAD = "<pad>"
#: Determinante inventado, sin número (el «the» del inglés), de :func:`neutral_determiners`.
NEUTRAL_DETERMINER = "<det>"

#: La oración de las diapositivas (con el «…» sustituido por un complemento con atractor).
SLIDES_SENTENCE = "el perro que ya había comido con los gatos estaba lleno"


@dataclass(frozen=True)
class AgreementExample:
    """Una oración de la tarea de concordancia.

    Attributes
    ----------
    tokens : tuple[str, ...]
        Las palabras, en minúscula.
    number : int
        Número del sujeto y del verbo principal: 0 singular, 1 plural (la etiqueta).
    subject_pos : int
        Posición del sustantivo sujeto («perro»).
    verb_pos : int
        Posición del verbo principal («estaba»); el adjetivo está en ``verb_pos + 1``.
    clause_length : int
        Palabras entre el sujeto y el verbo: ``verb_pos - subject_pos - 1``.
    n_attractors : int
        Sustantivos de la subordinada con número distinto del sujeto.
    """

    tokens: tuple[str, ...]
    number: int
    subject_pos: int
    verb_pos: int
    clause_length: int
    n_attractors: int


def noun_phrase(noun: str, number: int) -> list[str]:
    """Artículo y sustantivo concordados: ``noun_phrase("gato", 1) -> ["los", "gatos"]``."""
    if noun not in NOUNS:
        raise ValueError(f"sustantivo desconocido: se esperaba uno de {sorted(NOUNS)}, "
                         f"se recibió {noun!r}")
    if number not in (SINGULAR, PLURAL):
        raise ValueError(f"número: se esperaba 0 (singular) o 1 (plural), se recibió {number!r}")
    gender = NOUNS[noun][2]
    return [ARTICLES[gender, number], NOUNS[noun][number]]


def prepositional_phrase(preposition: tuple[str, ...], noun: str, number: int) -> list[str]:
    """Complemento «PREP DET N», con las contracciones «del» y «al»."""
    article, word = noun_phrase(noun, number)
    key = (preposition[-1], article)
    if key in CONTRACTIONS:
        return [*preposition[:-1], CONTRACTIONS[key], word]
    return [*preposition, article, word]


def build_sentence(subject: str, number: int, clause: list[tuple[str, int]], *,
                   object_relative: bool = False, adverb: bool = True, participle: str = "comido",
                   prepositions: list[tuple[str, ...]] | None = None, verb: int = 0,
                   adjective: str = "llen") -> AgreementExample:
    """Construye una oración de la gramática a partir de sus piezas.

    Parameters
    ----------
    subject, number : str, int
        Sustantivo sujeto (de ``SUBJECT_NOUNS``) y su número (0 singular, 1 plural).
    clause : list of (str, int)
        Sustantivos de la subordinada con su número, en orden. Con ``object_relative``
        el primero es el sujeto del relativo («que los gatos habían visto»); los demás
        van en complementos «PREP DET N».
    object_relative : bool
        Relativo de objeto en vez de relativo de sujeto.
    adverb : bool
        Si el relativo de sujeto lleva «ya».
    participle : str
        Participio del relativo.
    prepositions : list of tuple of str, optional
        Preposición de cada complemento (por omisión, «con»).
    verb : int
        Índice del verbo principal en ``VERBS``.
    adjective : str
        Raíz del adjetivo (de ``ADJECTIVES``).

    Returns
    -------
    AgreementExample
    """
    if subject not in SUBJECT_NOUNS:
        raise ValueError(f"sujeto: se esperaba uno de {SUBJECT_NOUNS}, se recibió {subject!r}")
    tokens = noun_phrase(subject, number) + ["que"]
    pps = list(clause)
    if object_relative:
        if not pps:
            raise ValueError("un relativo de objeto necesita al menos un sustantivo en la "
                             "subordinada; se recibió una lista vacía")
        noun, noun_number = pps.pop(0)
        tokens += noun_phrase(noun, noun_number) + [AUXILIARY[noun_number], participle]
    else:
        tokens += (["ya"] if adverb else []) + [AUXILIARY[number], participle]
    prepositions = prepositions or [("con",)] * len(pps)
    for preposition, (noun, noun_number) in zip(prepositions, pps, strict=True):
        tokens += prepositional_phrase(preposition, noun, noun_number)
    verb_pos = len(tokens)
    gender = NOUNS[subject][2]
    tokens += [VERBS[verb][number], adjective + SUFFIXES[gender, number]]
    n_attractors = sum(noun_number != number for _, noun_number in clause)
    return AgreementExample(tuple(tokens), number, 1, verb_pos, verb_pos - 2, n_attractors)


def slides_example() -> AgreementExample:
    """La oración de las diapositivas, construida con la gramática del generador."""
    return build_sentence("perro", SINGULAR, [("gato", PLURAL)])


def sample_sentence(rng: np.random.Generator, min_pps: int = 0, max_pps: int = 3,
                    attractor_prob: float = 0.5, object_prob: float = 0.3) -> AgreementExample:
    """Sortea una oración de la gramática (ver :func:`generate_agreement`)."""
    subject = SUBJECT_NOUNS[rng.integers(len(SUBJECT_NOUNS))]
    number = int(rng.integers(2))
    object_relative = bool(rng.random() < object_prob)
    n_nouns = int(rng.integers(min_pps, max_pps + 1)) + int(object_relative)
    nouns = [noun for noun in NOUNS if noun != subject]    # «el perro que el perro…» no
    clause = [(nouns[rng.integers(len(nouns))], number ^ int(rng.random() < attractor_prob))
              for _ in range(n_nouns)]
    n_pps = n_nouns - int(object_relative)
    prepositions = [PREPOSITIONS[rng.integers(len(PREPOSITIONS))] for _ in range(n_pps)]
    participles = TRANSITIVE_PARTICIPLES if object_relative else PARTICIPLES
    return build_sentence(
        subject, number, clause, object_relative=object_relative,
        adverb=bool(rng.random() < 0.5), participle=participles[rng.integers(len(participles))],
        prepositions=prepositions, verb=int(rng.integers(len(VERBS))),
        adjective=ADJECTIVES[rng.integers(len(ADJECTIVES))],
    )


def generate_agreement(n: int, seed: int | np.random.Generator = 0, min_pps: int = 0,
                       max_pps: int = 3, attractor_prob: float = 0.5,
                       object_prob: float = 0.3) -> list[AgreementExample]:
    """Genera ``n`` oraciones de concordancia, reproducibles con la semilla.

    Parameters
    ----------
    n : int
        Número de oraciones.
    seed : int or np.random.Generator
        Semilla (o generador) de los sorteos.
    min_pps, max_pps : int
        Número mínimo y máximo de complementos «PREP DET N» en la subordinada; cada uno
        alarga la distancia sujeto–verbo en 2 o 3 palabras.
    attractor_prob : float
        Probabilidad de que cada sustantivo de la subordinada tenga el otro número.
    object_prob : float
        Probabilidad de un relativo de objeto («que los gatos habían visto»), cuyo verbo
        concuerda con un sustantivo de la subordinada y no con el sujeto.

    Returns
    -------
    list of AgreementExample
    """
    if not isinstance(n, int | np.integer) or n < 0:
        raise ValueError(f"n: se esperaba un entero >= 0, se recibió {n!r}")
    if not 0 <= min_pps <= max_pps:
        raise ValueError(f"se esperaba 0 <= min_pps <= max_pps, se recibió {min_pps}, {max_pps}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return [sample_sentence(rng, min_pps, max_pps, attractor_prob, object_prob) for _ in range(n)]


def neutral_determiners(example: AgreementExample) -> AgreementExample:
    """La misma oración con cada artículo cambiado por ``<det>``, que no tiene número.

    «el perro que ya había comido del gato» -> «<det> perro que ya había comido de <det>
    gato»: las contracciones «del» y «al» se deshacen, así que el verbo puede moverse.
    """
    tokens: list[str] = []
    verb_pos = example.verb_pos
    for i, word in enumerate(example.tokens):
        split = next(((prep, art) for (prep, art), c in CONTRACTIONS.items() if c == word), None)
        if split is not None:
            tokens += [split[0], NEUTRAL_DETERMINER]
            verb_pos += int(i < example.verb_pos)
        else:
            tokens.append(NEUTRAL_DETERMINER if word in ARTICLES.values() else word)
    return AgreementExample(tuple(tokens), example.number, example.subject_pos, verb_pos,
                            verb_pos - example.subject_pos - 1, example.n_attractors)


def agreement_vocabulary(neutral: bool = False) -> dict[str, int]:
    """Vocabulario de palabras de la gramática: palabra -> índice, con ``<pad>`` = 0.

    Con ``neutral=True`` incluye además ``<det>`` (ver :func:`neutral_determiners`).
    """
    words = {"que", *AUXILIARY, *PARTICIPLES, *TRANSITIVE_PARTICIPLES, *ADVERBS,
             *ARTICLES.values(), *CONTRACTIONS.values()}
    words |= {w for forms in NOUNS.values() for w in forms[:2]}
    words |= {w for prep in PREPOSITIONS for w in prep}
    words |= {w for pair in VERBS for w in pair}
    words |= {stem + suffix for stem in ADJECTIVES for suffix in SUFFIXES.values()}
    words |= {NEUTRAL_DETERMINER} if neutral else set()
    return {word: i for i, word in enumerate([PAD, *sorted(words)])}


def encode_agreement(examples: list[AgreementExample], vocab: dict[str, int],
                     T: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convierte oraciones en índices, rellenando a la derecha con ``<pad>``.

    Parameters
    ----------
    examples : list of AgreementExample
        B oraciones.
    vocab : dict
        Vocabulario de :func:`agreement_vocabulary`.
    T : int, optional
        Longitud del lote; por omisión, la de la oración más larga.

    Returns
    -------
    tokens : np.ndarray, forma (B, T), int64
    labels : np.ndarray, forma (B,), int64
        Número del verbo principal (0 singular, 1 plural).
    verb_pos : np.ndarray, forma (B,), int64
        Posición del verbo principal en cada oración.
    """
    longest = max((len(e.tokens) for e in examples), default=0)
    T = longest if T is None else T
    if T < longest:
        raise ValueError(f"T: se esperaba al menos {longest} (la oración más larga), "
                         f"se recibió {T}")
    tokens = np.full((len(examples), T), vocab[PAD], dtype=np.int64)
    for b, example in enumerate(examples):
        unknown = [w for w in example.tokens if w not in vocab]
        if unknown:
            raise ValueError(f"palabras fuera del vocabulario: {unknown}")
        tokens[b, :len(example.tokens)] = [vocab[w] for w in example.tokens]
    labels = np.array([e.number for e in examples], dtype=np.int64)
    verb_pos = np.array([e.verb_pos for e in examples], dtype=np.int64)
    return tokens, labels, verb_pos
