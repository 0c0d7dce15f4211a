"""Máscara de prefijo y Transformer «prefijo + respuesta» (capítulo 9).

Un modelo de lenguaje con **máscara de prefijo** (*prefix LM*; Raffel et al., 2020) lee
una fuente y escribe una respuesta en una sola secuencia, como el Transformer causal del
capítulo, pero las posiciones de la fuente se ven **todas entre sí** (una vista
bidireccional, como un codificador) y la respuesta sigue siendo causal::

    prefix_lm_mask(T, prefix_len) -> (T, T) bool      # True = puede atender
    PrefixLMTransformer(vocab_size, prefix_len, ...)  # TinyTransformer con esa máscara

La máscara vale ``True`` en ``(i, j)`` si ``j <= i`` (causal) o si ``j < prefix_len``
(toda posición ve la fuente entera). Con ``prefix_len = 0`` es la máscara causal.
"""

from __future__ import annotations

import math

import torch

from recurrent_lib.torch_modules.attention import causal_mask
from recurrent_lib.torch_modules.transformer import TinyTransformer, layer_norm


def prefix_lm_mask(T: int, prefix_len: int, device=None) -> torch.Tensor:
    """Máscara ``(T, T)`` booleana: causal, salvo que las primeras ``prefix_len`` claves
    son visibles desde todas las consultas.

    Parámetros
    ----------
    T : int
        Longitud de la secuencia.
    prefix_len : int
        Longitud del prefijo (la fuente), ``0 <= prefix_len <= T``.
    """
    if not 0 <= prefix_len <= T:
        raise ValueError(f"prefix_len debe estar entre 0 y T = {T}; se recibió {prefix_len}")
    prefix = torch.arange(T, device=device) < prefix_len            # (T,) claves del prefijo
    return causal_mask(T, device=device) | prefix[None, :]          # (T, T)


class PrefixLMTransformer(TinyTransformer):
    """:class:`TinyTransformer` con máscara de prefijo: la fuente se lee en las dos direcciones.

    Parámetros
    ----------
    vocab_size, d_model, num_heads, d_ff, num_layers, max_len, norm_first, pad_id
        Como en :class:`TinyTransformer`.
    prefix_len : int
        Longitud fija de la fuente (rellena a la izquierda) al principio de cada secuencia.
    """

    def __init__(self, vocab_size: int, prefix_len: int, **kwargs) -> None:
        super().__init__(vocab_size, **kwargs)
        self.prefix_len = prefix_len

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """``tokens``: ``(B, T)`` con ``T >= prefix_len`` → ``logits``: ``(B, T, vocab_size)``."""
        if tokens.dim() != 2 or tokens.shape[1] < self.prefix_len:
            raise ValueError(f"tokens debe tener forma (B, T) con T >= {self.prefix_len}; "
                             f"se recibió {tuple(tokens.shape)}")
        B, T = tokens.shape
        # (B, T) -> (B, T, d): incrustación escalada más posición
        X = self.embedding(tokens) * math.sqrt(self.d_model) + self.PE[:T]
        mask = prefix_lm_mask(T, self.prefix_len, device=tokens.device)   # (T, T)
        if self.pad_id is not None:
            mask = mask & (tokens != self.pad_id)[:, None, :]               # (B, T, T)
        for block in self.blocks:
            X = block(X, mask)
        if self.norm_first:
            X = layer_norm(X, self.gamma_f, self.beta_f)
        return self.out(X)

    def forward_cached(self, tokens: torch.Tensor, past=None):
        """:meth:`TinyTransformer.forward_cached` con la máscara de prefijo (la heredada es causal).

        La primera llamada (``past=None``) debe incluir la fuente entera, ``T >= prefix_len``:
        las claves y valores de la fuente dependen de toda ella. Después, cada posición nueva
        ve la fuente y la respuesta hasta sí misma, como en :meth:`forward`.
        """
        T = tokens.shape[1]
        P = 0 if past is None else past[0].K.shape[2]
        if T < self.prefix_len or 0 < P < self.prefix_len:
            raise ValueError(f"la caché debe empezar con la fuente entera ({self.prefix_len} "
                             f"posiciones); se recibió T = {T} con {P} en caché")
        if T > self.PE.shape[0]:
            raise ValueError(f"T = {T} supera max_len = {self.PE.shape[0]}")
        X = self.embedding(tokens[:, P:]) * math.sqrt(self.d_model) + self.PE[P:T]
        mask = prefix_lm_mask(T, self.prefix_len, device=tokens.device)[P:]  # (T - P, T)
        if self.pad_id is not None:
            mask = mask & (tokens != self.pad_id)[:, None, :]                 # (B, T - P, T)
        caches = []
        for j, block in enumerate(self.blocks):
            X, cache = block.forward_cached(X, mask, None if past is None else past[j])
            caches.append(cache)
        if self.norm_first:
            X = layer_norm(X, self.gamma_f, self.beta_f)
        return self.out(X), tuple(caches)
