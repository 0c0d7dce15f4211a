"""Redes recurrentes profundas (capas apiladas) y bidireccionales, en numpy.

Se construyen con las funciones de secuencia de cada celda, sin ecuaciones nuevas:

- apilada: la secuencia de estados de la capa ``l`` es la entrada de la capa ``l + 1``
  (Graves et al., 2013);
- bidireccional: una celda lee la secuencia de izquierda a derecha y otra de derecha a
  izquierda; en cada paso se concatenan los dos estados, ``(B, T, 2H)`` (Schuster y
  Paliwal, 1997).

Los estados iniciales son ceros.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from recurrent_lib.numpy_backprop.gru import gru_backward, gru_forward
from recurrent_lib.numpy_backprop.lstm import lstm_backward, lstm_forward
from recurrent_lib.numpy_backprop.rnn import rnn_backward, rnn_forward
from recurrent_lib.validation import check_upstream

KINDS = ("rnn", "gru", "lstm")


def _check_kind(kind: str, variant: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind debe ser 'rnn', 'gru' o 'lstm'; se recibió {kind!r}.")
    if variant not in ("seed", "torch"):
        raise ValueError(f"variant debe ser 'seed' o 'torch'; se recibió {variant!r}.")


def cell_forward(X: np.ndarray, params: dict, kind: str, variant: str = "seed"):
    """``rnn_forward``, ``gru_forward`` o ``lstm_forward`` según ``kind`` -> ``(H, cache)``."""
    _check_kind(kind, variant)
    if kind == "rnn":
        return rnn_forward(X, params)
    if kind == "gru":
        return gru_forward(X, params, variant=variant)
    return lstm_forward(X, params)


def cell_backward(dH: np.ndarray, cache, kind: str) -> tuple[np.ndarray, dict]:
    """La retropropagación de :func:`cell_forward`; devuelve ``(dX, grads)``."""
    if kind == "rnn":
        dX, _, grads = rnn_backward(dH, cache)
    elif kind == "gru":
        dX, _, grads = gru_backward(dH, cache)
    else:
        dX, _, _, grads = lstm_backward(dH, cache)
    return dX, grads


class DeepCache(NamedTuple):
    """Los caches de cada capa, de abajo arriba."""

    caches: list
    kind: str


def deep_forward(X: np.ndarray, params_list: list[dict], kind: str,
                 variant: str = "seed") -> tuple[np.ndarray, DeepCache]:
    """Red recurrente de ``L = len(params_list)`` capas apiladas.

    Parameters
    ----------
    X : np.ndarray
        ``(B, T, D)``.
    params_list : list[dict]
        Parámetros de cada capa, de abajo arriba: la primera con ``W_x*: (D, H)``, las
        demás con ``W_x*: (H, H)``.
    kind : {"rnn", "gru", "lstm"}
    variant : {"seed", "torch"}
        Solo para la GRU.

    Returns
    -------
    H : np.ndarray
        Estados de la última capa, ``(B, T, H)``.
    cache : DeepCache
    """
    if not isinstance(params_list, (list, tuple)) or len(params_list) == 0:
        raise ValueError("params_list debe ser una lista no vacía de dicts (una por capa); "
                         f"se recibió {type(params_list).__name__} de largo "
                         f"{len(params_list) if hasattr(params_list, '__len__') else '?'}.")
    caches, H = [], X
    for layer, params in enumerate(params_list):
        try:
            H, cache = cell_forward(H, params, kind, variant)
        except ValueError as err:             # decir qué capa falla (la 2.ª recibe (B, T, H))
            raise ValueError(f"capa {layer} de params_list: {err}") from err
        caches.append(cache)
    return H, DeepCache(caches, kind)


def deep_backward(dH: np.ndarray, cache: DeepCache) -> tuple[np.ndarray, list[dict]]:
    """Retropropagación de :func:`deep_forward`: el ``dX`` de una capa es el ``dH`` de la de abajo.

    Parameters
    ----------
    dH : np.ndarray
        Gradiente de los estados de la última capa, ``(B, T, H)``.
    cache : DeepCache

    Returns
    -------
    dX : np.ndarray
        ``(B, T, D)``.
    grads_list : list[dict]
        Gradientes de cada capa, en el orden de ``params_list``.
    """
    if not isinstance(cache, DeepCache):
        raise TypeError(f"deep_backward necesita un DeepCache; se recibió {type(cache).__name__}.")
    grads_list = []
    for layer_cache in reversed(cache.caches):
        dH, grads = cell_backward(dH, layer_cache, cache.kind)
        grads_list.append(grads)
    return dH, grads_list[::-1]


class BidirectionalCache(NamedTuple):
    """Los caches de las dos direcciones (la de atrás, sobre la secuencia invertida)."""

    cache_fwd: object
    cache_bwd: object
    kind: str
    H: int


def bidirectional_forward(X: np.ndarray, params_fwd: dict, params_bwd: dict, kind: str,
                          variant: str = "seed") -> tuple[np.ndarray, BidirectionalCache]:
    """Red recurrente bidireccional de una capa.

    Parameters
    ----------
    X : np.ndarray
        ``(B, T, D)``.
    params_fwd, params_bwd : dict
        Parámetros de la dirección hacia adelante y de la hacia atrás (mismas formas).
    kind : {"rnn", "gru", "lstm"}
    variant : {"seed", "torch"}
        Solo para la GRU.

    Returns
    -------
    H : np.ndarray
        ``(B, T, 2H)``: en el paso ``t``, ``[h→_t, h←_t]``; ``h←_t`` ha leído
        ``x_T, ..., x_t``.
    cache : BidirectionalCache
    """
    H_f, cache_f = cell_forward(X, params_fwd, kind, variant)
    H_b, cache_b = cell_forward(np.asarray(X)[:, ::-1], params_bwd, kind, variant)
    if H_f.shape != H_b.shape:
        raise ValueError("params_fwd y params_bwd deben tener el mismo H; se recibieron "
                         f"{H_f.shape[-1]} y {H_b.shape[-1]}.")
    H_all = np.concatenate([H_f, H_b[:, ::-1]], axis=-1)          # (B, T, 2H)
    return H_all, BidirectionalCache(cache_f, cache_b, kind, H_f.shape[-1])


def bidirectional_backward(dH: np.ndarray,
                           cache: BidirectionalCache) -> tuple[np.ndarray, dict, dict]:
    """Retropropagación de :func:`bidirectional_forward`.

    Parameters
    ----------
    dH : np.ndarray
        ``(B, T, 2H)``.
    cache : BidirectionalCache

    Returns
    -------
    dX : np.ndarray
        ``(B, T, D)``: suma de lo que llega por las dos direcciones.
    grads_fwd, grads_bwd : dict
    """
    if not isinstance(cache, BidirectionalCache):
        raise TypeError("bidirectional_backward necesita un BidirectionalCache; "
                        f"se recibió {type(cache).__name__}.")
    B, T, _ = cache.cache_fwd.X.shape
    H = cache.H
    dH = check_upstream(dH, "dH", (B, T, 2 * H), "(B, T, 2H)", cache.cache_fwd.X.dtype)
    dX_f, grads_f = cell_backward(dH[..., :H], cache.cache_fwd, cache.kind)
    dX_b, grads_b = cell_backward(dH[:, ::-1, H:], cache.cache_bwd, cache.kind)
    return dX_f + dX_b[:, ::-1], grads_f, grads_b
