"""Atención de producto escalado en numpy, con su pasada hacia atrás derivada a mano.

API pública (arreglos de numpy, lotes primero)::

    attention_forward(Q, K, V, mask=None) -> (out, cache)
        # Q (B, T_q, d), K (B, T_k, d), V (B, T_k, d_v); mask bool difundible a (B, T_q, T_k)
        # out (B, T_q, d_v); cache.A son los pesos de atención (B, T_q, T_k)
    attention_backward(dout, cache) -> (dQ, dK, dV)

Ecuaciones: S = Q K^T / sqrt(d) (atencion-escalada), A = softmax enmascarado de S
(atencion-pesos), out = A V (atencion-contexto). Hacia atrás (atencion-retro):

    dV = A^T dout,   dA = dout V^T,   dS = A * (dA - sum_j(dA * A)),
    dQ = dS K / sqrt(d),   dK = dS^T Q / sqrt(d).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class AttentionCache(NamedTuple):
    """Lo que la pasada hacia atrás necesita de la pasada hacia delante."""

    Q: np.ndarray       # (B, T_q, d)
    K: np.ndarray       # (B, T_k, d)
    V: np.ndarray       # (B, T_k, d_v)
    A: np.ndarray       # (B, T_q, T_k) pesos de atención


def _check(Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: np.ndarray | None) -> None:
    """Comprueba formas y tipos; lanza errores en español."""
    for name, X in (("Q", Q), ("K", K), ("V", V)):
        if not isinstance(X, np.ndarray) or X.ndim != 3:
            shape = getattr(X, "shape", type(X).__name__)
            raise ValueError(f"{name} debe ser un np.ndarray de forma (B, T, d); "
                             f"se recibió {shape}")
    if Q.shape[-1] != K.shape[-1]:
        raise ValueError(f"Q y K deben tener la misma dimensión d; se recibió Q {Q.shape} "
                         f"y K {K.shape}")
    if K.shape[1] != V.shape[1]:
        raise ValueError(f"K y V deben tener el mismo número de claves; se recibió K {K.shape} "
                         f"y V {V.shape}")
    if mask is not None and np.asarray(mask).dtype != bool:
        raise TypeError(f"mask debe ser booleana (True = puede atender); se recibió "
                        f"{np.asarray(mask).dtype}")


def attention_forward(Q: np.ndarray, K: np.ndarray, V: np.ndarray,
                      mask: np.ndarray | None = None) -> tuple[np.ndarray, AttentionCache]:
    """Atención de producto escalado hacia delante.

    Parameters
    ----------
    Q : np.ndarray, forma (B, T_q, d)
    K : np.ndarray, forma (B, T_k, d)
    V : np.ndarray, forma (B, T_k, d_v)
    mask : np.ndarray bool o None, difundible a (B, T_q, T_k); True = puede atender

    Returns
    -------
    out : np.ndarray, forma (B, T_q, d_v)
    cache : AttentionCache (cache.A son los pesos, forma (B, T_q, T_k))
    """
    _check(Q, K, V, mask)
    d = Q.shape[-1]
    # (atencion-escalada): (B, T_q, d) @ (B, d, T_k) -> (B, T_q, T_k)
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(d)
    if mask is not None:
        mask = np.broadcast_to(mask, S.shape)
        S = np.where(mask, S, -np.inf)
    # Restamos el máximo de cada fila (estabilidad); una fila toda enmascarada tiene
    # máximo -inf y la tratamos aparte para no calcular -inf - (-inf) = NaN.
    row_max = S.max(axis=-1, keepdims=True)
    valid_row = np.isfinite(row_max)
    E = np.exp(S - np.where(valid_row, row_max, 0.0))
    # (atencion-pesos)
    A = np.where(valid_row, E / np.where(valid_row, E.sum(-1, keepdims=True), 1.0), 0.0)
    # (atencion-contexto): (B, T_q, T_k) @ (B, T_k, d_v) -> (B, T_q, d_v)
    out = A @ V
    return out, AttentionCache(Q, K, V, A)


def attention_backward(dout: np.ndarray, cache: AttentionCache
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pasada hacia atrás de la atención de producto escalado, ecuación (atencion-retro).

    Parameters
    ----------
    dout : np.ndarray, forma (B, T_q, d_v)
        Gradiente de la pérdida respecto de la salida.
    cache : AttentionCache
        Lo guardado por :func:`attention_forward`.

    Returns
    -------
    dQ : np.ndarray, forma (B, T_q, d)
    dK : np.ndarray, forma (B, T_k, d)
    dV : np.ndarray, forma (B, T_k, d_v)
    """
    Q, K, V, A = cache
    scale = 1.0 / np.sqrt(Q.shape[-1])
    # out = A V  ->  dV = A^T dout: (B, T_k, T_q) @ (B, T_q, d_v)
    dV = A.transpose(0, 2, 1) @ dout
    # dA = dout V^T: (B, T_q, d_v) @ (B, d_v, T_k) -> (B, T_q, T_k)
    dA = dout @ V.transpose(0, 2, 1)
    # Jacobiano del softmax por filas; las claves enmascaradas tienen A = 0 y reciben dS = 0.
    # (atencion-retro)
    dS = A * (dA - np.sum(dA * A, axis=-1, keepdims=True))
    # S = Q K^T * scale: (B, T_q, T_k) @ (B, T_k, d) y (B, T_k, T_q) @ (B, T_q, d)
    dQ = dS @ K * scale
    dK = dS.transpose(0, 2, 1) @ Q * scale
    return dQ, dK, dV
