"""Modelo de ventana (n-grama) de tokens: la referencia que un modelo recurrente debe batir.

Un modelo de ventana de tamaño ``k`` predice el token siguiente solo con los ``k`` tokens
anteriores, contando en el corpus de entrenamiento (Jurafsky y Martin; *Dive into Deep
Learning*, §9.3):

.. math:: p(c_t \\mid c_{t-k}, \\dots, c_{t-1}) =
          \\frac{\\#(c_{t-k} \\dots c_{t-1} c_t) + \\alpha}{\\#(c_{t-k} \\dots c_{t-1}) + \\alpha V}
          \\qquad \\text{(secuencias-ventana-conteo)}

Si el contexto de ``k`` tokens no aparece en el entrenamiento, se usa el más largo que sí
aparece (retroceso, *backoff*); con el contexto elegido por la historia, la distribución
suma 1 sobre los ``V`` tokens. Cada secuencia se rodea del token de frontera (``<fin>``),
que hace de comienzo y de final, como en :func:`recurrent_lib.corpus.lm_pairs`. Solo numpy
y la biblioteca estándar: este módulo no importa torch.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

import numpy as np


class WindowLM:
    """Modelo de ventana de ``k`` tokens con suavizado aditivo ``alpha`` y retroceso.

    Parameters
    ----------
    k : int
        Tokens de contexto, ``>= 0`` (``k = 0`` es la frecuencia de cada token).
    V : int
        Tamaño del vocabulario sobre el que se reparte el suavizado.
    alpha : float
        Suavizado aditivo, ``>= 0``; con ``0`` y un token nunca visto, la probabilidad es 0.
    boundary : hashable
        Token de frontera (comienzo y final de cada secuencia).
    """

    def __init__(self, k: int, V: int, alpha: float = 0.01, boundary: Hashable = "<fin>"):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
            raise ValueError(f"k debe ser un entero >= 0; se recibió {k!r}.")
        if isinstance(V, bool) or not isinstance(V, (int, np.integer)) or V < 1:
            raise ValueError(f"V debe ser un entero positivo; se recibió {V!r}.")
        if not alpha >= 0:
            raise ValueError(f"alpha debe ser >= 0; se recibió {alpha!r}.")
        self.k, self.V, self.alpha, self.boundary = int(k), int(V), float(alpha), boundary
        self.counts: dict[tuple, Counter] = defaultdict(Counter)

    def _padded(self, seq: Sequence[Hashable]) -> list:
        return [self.boundary, *seq, self.boundary]

    def fit(self, sequences: Sequence[Sequence[Hashable]]) -> WindowLM:
        """Cuenta cada contexto de 0 a ``k`` tokens y el token que lo sigue."""
        for seq in sequences:
            s = self._padded(seq)
            for t in range(1, len(s)):
                for j in range(min(self.k, t) + 1):
                    self.counts[tuple(s[t - j:t])][s[t]] += 1
        return self

    def _context(self, history: Sequence[Hashable]) -> Counter:
        """El contexto más largo (hasta ``k``) de ``history`` que aparece en el entrenamiento."""
        if not self.counts:
            raise ValueError("el modelo no tiene conteos: llame antes a fit.")
        for j in range(min(self.k, len(history)), -1, -1):
            context = self.counts.get(tuple(history[len(history) - j:]))
            if context:
                return context
        raise ValueError("el modelo no tiene conteos: llame antes a fit.")

    def prob(self, history: Sequence[Hashable], token: Hashable) -> float:
        """:math:`p(\\text{token} \\mid \\text{history})`, ecuación (secuencias-ventana-conteo).

        ``history`` empieza por el token de frontera, como la entrada de ``lm_pairs``.
        """
        context = self._context(history)
        return (context[token] + self.alpha) / (sum(context.values()) + self.alpha * self.V)

    def surprisal(self, seq: Sequence[Hashable]) -> np.ndarray:
        """Sorpresa, en nats, de cada token de ``seq`` y del final: forma ``(len(seq) + 1,)``."""
        s = self._padded(seq)
        return np.array([-np.log(self.prob(s[:t], s[t])) for t in range(1, len(s))])

    def cross_entropy(self, sequences: Sequence[Sequence[Hashable]]) -> float:
        """Pérdida media por token (nats), contando el final de cada secuencia."""
        total = [self.surprisal(seq) for seq in sequences]
        return float(np.concatenate(total).mean())

    def perplexity(self, sequences: Sequence[Sequence[Hashable]]) -> float:
        """:math:`\\exp` de :meth:`cross_entropy`."""
        return float(np.exp(self.cross_entropy(sequences)))
