"""Corpus de números escritos en español, tokenizadores y vocabularios (capítulos 1 y 2).

El corpus del libro se genera con código, sin descargas: cada número entero se escribe
con palabras según la ortografía de la RAE («dieciséis», «veintiún mil», «quinientos»,
«novecientos noventa y nueve»). Es un lenguaje pequeño pero con estructura de verdad:
la «y» solo aparece entre decenas y unidades a partir de treinta, «cien» se vuelve
«ciento» si le sigue algo, y «uno» se apocopa en «un» delante de «mil».

Ejemplo::

    >>> number_to_words(999)
    'novecientos noventa y nueve'
    >>> vocab = Vocabulary.build([char_tokenize(w) for w in number_words(0, 99)])
    >>> vocab.decode(vocab.encode(char_tokenize("veintidós")))
    ['v', 'e', 'i', 'n', 't', 'i', 'd', 'ó', 's']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

UNITS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
TEENS = ["diez", "once", "doce", "trece", "catorce", "quince",
         "dieciséis", "diecisiete", "dieciocho", "diecinueve"]
TWENTIES = ["veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco",
            "veintiséis", "veintisiete", "veintiocho", "veintinueve"]
TENS = ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
HUNDREDS = ["", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos",
            "seiscientos", "setecientos", "ochocientos", "novecientos"]
MAX_NUMBER = 999_999

#: Valor de cada palabra del corpus (incluye las formas apocopadas «un» y «veintiún»).
WORD_VALUES = {
    **{word: i for i, word in enumerate(UNITS)},
    **{word: 10 + i for i, word in enumerate(TEENS)},
    **{word: 20 + i for i, word in enumerate(TWENTIES)},
    **{word: 10 * i for i, word in enumerate(TENS) if word},
    **{word: 100 * i for i, word in enumerate(HUNDREDS) if word},
    "cien": 100, "un": 1, "veintiún": 21,
}


def _check_number(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"se esperaba un entero, se recibió {type(n).__name__}")
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"se esperaba un entero entre 0 y {MAX_NUMBER}, se recibió {n}")


def _below_hundred(n: int) -> str:
    """Escribe 1 <= n <= 99."""
    if n < 10:
        return UNITS[n]
    if n < 20:
        return TEENS[n - 10]
    if n < 30:
        return TWENTIES[n - 20]
    tens, units = divmod(n, 10)
    return TENS[tens] if units == 0 else f"{TENS[tens]} y {UNITS[units]}"


def _below_thousand(n: int) -> str:
    """Escribe 1 <= n <= 999 («cien» solo, «ciento» si le sigue algo)."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_hundred(rest)
    if rest == 0:
        return "cien" if hundreds == 1 else HUNDREDS[hundreds]
    return f"{HUNDREDS[hundreds]} {_below_hundred(rest)}"


def _apocope(words: str) -> str:
    """Apócope delante de «mil»: «uno» → «un», «veintiuno» → «veintiún»."""
    if words.endswith("veintiuno"):
        return words[: -len("veintiuno")] + "veintiún"
    if words == "uno" or words.endswith(" uno"):
        return words[:-1]
    return words


def number_to_words(n: int) -> str:
    """Escribe un entero con palabras en español (ortografía de la RAE).

    Parameters
    ----------
    n : int
        Entero entre 0 y 999 999.

    Returns
    -------
    str
        Las palabras separadas por un espacio, en minúsculas, p. ej. ``"ciento un mil dos"``.
    """
    _check_number(n)
    if n == 0:
        return UNITS[0]
    thousands, rest = divmod(int(n), 1000)
    parts = []
    if thousands == 1:
        parts.append("mil")
    elif thousands > 1:
        parts.append(_apocope(_below_thousand(thousands)) + " mil")
    if rest:
        parts.append(_below_thousand(rest))
    return " ".join(parts)


def words_to_number(text: str) -> int:
    """Lee un número escrito con palabras; la inversa de :func:`number_to_words`.

    Solo acepta la forma canónica: ``words_to_number("treinta y uno") == 31``, pero
    ``"treinta uno"`` o ``"ciento"`` solo lanzan ``ValueError``.

    Parameters
    ----------
    text : str
        Palabras separadas por espacios simples.

    Returns
    -------
    int
        El número, entre 0 y 999 999.
    """
    if not isinstance(text, str):
        raise TypeError(f"se esperaba un str, se recibió {type(text).__name__}")
    total, current = 0, 0
    for word in text.split(" "):
        if word == "mil":
            total, current = (current or 1) * 1000, 0
        elif word in WORD_VALUES:
            current += WORD_VALUES[word]
        elif word != "y":
            raise ValueError(f"palabra desconocida {word!r} en {text!r}")
    n = total + current
    if n > MAX_NUMBER or number_to_words(n) != text:
        raise ValueError(f"{text!r} no es la forma canónica de un número")
    return n


def is_number_words(text: str) -> bool:
    """``True`` si ``text`` es exactamente la escritura canónica de un número."""
    try:
        words_to_number(text)
    except (ValueError, TypeError):
        return False
    return True


def number_words(low: int = 0, high: int = 999) -> list[str]:
    """El corpus: los números de ``low`` a ``high`` (ambos incluidos), escritos con palabras."""
    _check_number(low)
    _check_number(high)
    if low > high:
        raise ValueError(f"se esperaba low <= high, se recibió low={low}, high={high}")
    return [number_to_words(n) for n in range(low, high + 1)]


def split_numbers(
    numbers: Sequence[int], fraction: float, rng: np.random.Generator
) -> tuple[list[int], list[int]]:
    """Separa ``numbers`` al azar en (entrenamiento, validación); ``fraction`` va a validación.

    Cada parte se devuelve ordenada, para que el resultado no dependa del orden de entrada.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"se esperaba 0 < fraction < 1, se recibió {fraction}")
    numbers = sorted(numbers)
    order = rng.permutation(len(numbers))
    n_val = int(round(fraction * len(numbers)))
    val = sorted(numbers[i] for i in order[:n_val])
    train = sorted(numbers[i] for i in order[n_val:])
    return train, val


def char_tokenize(text: str) -> list[str]:
    """Tokeniza en caracteres: ``"y dos"`` → ``['y', ' ', 'd', 'o', 's']``."""
    if not isinstance(text, str):
        raise TypeError(f"se esperaba un str, se recibió {type(text).__name__}")
    return list(text)


_WORD_RE = re.compile(r"\w+|[^\w\s]")


def word_tokenize(text: str, lower: bool = True) -> list[str]:
    """Tokeniza en palabras y signos: ``"¿Cuántos son?"`` → ``['¿', 'cuántos', 'son', '?']``."""
    if not isinstance(text, str):
        raise TypeError(f"se esperaba un str, se recibió {type(text).__name__}")
    return _WORD_RE.findall(text.lower() if lower else text)


@dataclass(frozen=True)
class Vocabulary:
    """Biyección token ↔ índice entero, con un orden estable.

    Los tokens especiales van primero, en el orden dado; los demás, ordenados
    alfabéticamente (por punto de código), de modo que el mismo corpus da siempre los
    mismos índices, sin importar el orden de los textos ni ``PYTHONHASHSEED``.

    Attributes
    ----------
    tokens : tuple[str, ...]
        El token de cada índice: ``tokens[i]``.
    """

    tokens: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(set(self.tokens)) != len(self.tokens):
            raise ValueError("el vocabulario tiene tokens repetidos")
        object.__setattr__(self, "index", {tok: i for i, tok in enumerate(self.tokens)})

    @classmethod
    def build(cls, sequences: Iterable[Sequence[str]], specials: Sequence[str] = ()) -> Vocabulary:
        """Construye el vocabulario de todas las secuencias de tokens (especiales primero)."""
        seen = {tok for seq in sequences for tok in seq} - set(specials)
        return cls(tuple(specials) + tuple(sorted(seen)))

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, token: str) -> bool:
        return token in self.index

    def encode(self, tokens: Sequence[str]) -> np.ndarray:
        """Tokens → índices, forma ``(T,)``, ``int64``. Un token desconocido da ``ValueError``."""
        missing = [tok for tok in tokens if tok not in self.index]
        if missing:
            raise ValueError(f"tokens fuera del vocabulario: {sorted(set(missing))}")
        return np.array([self.index[tok] for tok in tokens], dtype=np.int64)

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Índices → tokens (la inversa de :meth:`encode`)."""
        ids = [int(i) for i in np.asarray(ids).ravel()]
        bad = [i for i in ids if not 0 <= i < len(self.tokens)]
        if bad:
            raise ValueError(f"índices fuera de [0, {len(self.tokens)}): {bad[:5]}")
        return [self.tokens[i] for i in ids]


def pad_sequences(seqs: Sequence[np.ndarray], pad_id: int) -> np.ndarray:
    """Apila secuencias de índices de largo variable en una matriz ``(B, T_max)``.

    Las posiciones sobrantes se rellenan con ``pad_id`` (al final de cada fila).
    """
    if len(seqs) == 0:
        raise ValueError("se esperaba al menos una secuencia, se recibió ninguna")
    T_max = max(len(s) for s in seqs)
    out = np.full((len(seqs), T_max), pad_id, dtype=np.int64)  # (B, T_max)
    for b, s in enumerate(seqs):
        out[b, : len(s)] = s
    return out


def lm_pairs(ids: np.ndarray, boundary_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Entrada y objetivo de un modelo de lenguaje: ``[<fin>, c_1..c_T]`` → ``[c_1..c_T, <fin>]``.

    Parameters
    ----------
    ids : np.ndarray, forma (T,)
        Los índices de una secuencia.
    boundary_id : int
        Índice del token de frontera, que marca a la vez el inicio y el final.

    Returns
    -------
    inputs, targets : np.ndarray, forma (T + 1,) cada uno
        ``targets[t]`` es el token que sigue a ``inputs[t]``.
    """
    ids = np.asarray(ids, dtype=np.int64)
    if ids.ndim != 1:
        raise ValueError(f"se esperaba una secuencia de forma (T,), se recibió {ids.shape}")
    boundary = np.array([boundary_id], dtype=np.int64)
    return np.concatenate([boundary, ids]), np.concatenate([ids, boundary])
