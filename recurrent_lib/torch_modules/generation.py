"""Generación símbolo a símbolo con un modelo autorregresivo: voraz, con temperatura y top-k,
con o sin caché KV (capítulo 10).

En cada paso el modelo da los logits :math:`z` del siguiente símbolo. Con temperatura
:math:`\\tau > 0` se sortea de

.. math::

    p_i = \\mathrm{softmax}(z / \\tau)_i,

restringida, con ``top_k``, a los ``k`` símbolos de logit más alto (los demás, a
probabilidad 0). :math:`\\tau \\to 0` es la decodificación voraz (``temperature=0.0``:
el argmax); :math:`\\tau = 1` sortea de la distribución del modelo; :math:`\\tau > 1` la
aplana.

**Caché KV.** Sin caché, el paso que produce el símbolo :math:`T + 1` vuelve a pasar los
:math:`T` símbolos por todo el modelo: :math:`O(T^2 d)` en la atención y
:math:`O(T d^2)` en las proyecciones y la red, por paso. Con máscara causal las claves y
valores de las posiciones ya vistas no cambian, así que se guardan (una
``rl.KVCache`` por bloque) y cada paso solo procesa la posición nueva: :math:`O(T d)` en
la atención (una consulta frente a :math:`T` claves) y :math:`O(d^2)` en el resto. La
memoria que cuesta es :math:`2 \\cdot L \\cdot B \\cdot T \\cdot d` números
(claves y valores de ``L`` bloques).
"""

from __future__ import annotations

import math

import torch


def sample_next_token(logits: torch.Tensor, temperature: float = 0.0, top_k: int | None = None,
                      generator: torch.Generator | None = None) -> torch.Tensor:
    """Elige el siguiente símbolo a partir de sus logits.

    Parámetros
    ----------
    logits : torch.Tensor, forma ``(B, V)``
    temperature : float
        :math:`\\tau \\geq 0`; ``0.0`` = voraz (argmax, sin azar).
    top_k : int o None
        Si se da, ``1 <= top_k <= V``: solo se sortea entre los ``top_k`` logits más altos
        (los empatados con el ``k``-ésimo también entran).
    generator : torch.Generator o None
        Fuente del azar (reproducible con ``torch.Generator().manual_seed(s)``).

    Devuelve
    --------
    torch.Tensor de enteros, forma ``(B, 1)``
    """
    _check_sampling(temperature, top_k, logits.shape[-1])
    if temperature == 0:
        return logits.argmax(dim=-1, keepdim=True)                      # (B, 1)
    z = logits / temperature                                            # (B, V)
    if top_k is not None:
        kth = torch.topk(z, top_k, dim=-1).values[:, -1:]               # (B, 1)
        z = z.masked_fill(z < kth, -math.inf)
    p = torch.softmax(z, dim=-1)                                        # (B, V)
    return torch.multinomial(p, 1, generator=generator)                 # (B, 1)


def _check_sampling(temperature, top_k, vocab_size):
    if not isinstance(temperature, int | float) or not math.isfinite(temperature) \
            or temperature < 0:
        raise ValueError("temperature debe ser un número finito >= 0 (0.0 = voraz); "
                         f"se recibió {temperature!r}")
    if top_k is not None and (not isinstance(top_k, int) or isinstance(top_k, bool)
                              or not 1 <= top_k <= vocab_size):
        raise ValueError(f"top_k debe ser None o un entero entre 1 y el vocabulario "
                         f"({vocab_size}); se recibió {top_k!r}")


@torch.no_grad()
def generate(model, prefix: torch.Tensor, steps: int, use_cache: bool = True,
             temperature: float = 0.0, top_k: int | None = None,
             generator: torch.Generator | None = None) -> torch.Tensor:
    """Añade ``steps`` símbolos a ``prefix`` con ``model`` (p. ej. ``rl.TinyTransformer``).

    ``model(tokens)`` da logits ``(B, T, V)``, ``model.out`` es la capa de salida y
    ``model.PE`` la tabla de posiciones ``(max_len, d)``; con ``use_cache=True``,
    ``model.forward_cached(tokens, past)`` da los logits de las posiciones nuevas y la
    caché nueva. Las dos maneras devuelven los mismos símbolos (con el mismo
    ``generator``); la caché solo ahorra cálculo.

    Parámetros
    ----------
    prefix : torch.Tensor de enteros, forma ``(B, T_0)``, ``T_0 >= 1``
    steps : int
        Símbolos que se generan (``>= 0``).
    use_cache, temperature, top_k, generator
        Ver el módulo y :func:`sample_next_token`.

    Devuelve
    --------
    torch.Tensor de enteros, forma ``(B, steps)``: solo los símbolos generados.
    """
    if not isinstance(prefix, torch.Tensor) or prefix.dim() != 2 or prefix.shape[1] < 1 \
            or prefix.dtype.is_floating_point:
        raise ValueError("prefix debe ser un tensor de enteros de forma (B, T_0) con T_0 >= 1; "
                         f"se recibió {tuple(getattr(prefix, 'shape', ()))}")
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0:
        raise ValueError(f"steps debe ser un entero >= 0; se recibió {steps!r}")
    _check_sampling(temperature, top_k, model.out.out_features)
    max_len = model.PE.shape[0]
    if prefix.shape[1] + max(steps - 1, 0) > max_len:
        raise ValueError(f"prefix (T_0 = {prefix.shape[1]}) más steps - 1 = {max(steps - 1, 0)} "
                         f"símbolos superan max_len = {max_len}, la tabla de posiciones")
    seq, past = prefix, None
    for _ in range(steps):
        if use_cache:
            logits, past = model.forward_cached(seq, past)              # (B, T_nuevo, V)
        else:
            logits = model(seq)                                         # (B, T, V)
        next_token = sample_next_token(logits[:, -1], temperature, top_k, generator)
        seq = torch.cat([seq, next_token], dim=1)
    return seq[:, prefix.shape[1]:]
