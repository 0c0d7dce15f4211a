"""RNN simple (Elman) con tangente hiperbólica: pasos, secuencias y BPTT a mano (numpy).

La única ecuación, en vectores fila y con lotes primero:

.. math:: \\mathbf{h}_t = \\tanh(\\mathbf{x}_t \\mathbf{W}^{(xh)} + \\mathbf{h}_{t-1}
          \\mathbf{W}^{(hh)} + \\mathbf{b}_h) \\qquad \\text{(rnn-paso)}
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from recurrent_lib.validation import (
    check_cache,
    check_sequence_inputs,
    check_step_inputs,
    check_upstream,
)


class RNNStepCache(NamedTuple):
    """Lo que un paso hacia adelante guarda para su paso hacia atrás."""

    X_t: np.ndarray      # (B, D)
    H_prev: np.ndarray   # (B, H)
    H_t: np.ndarray      # (B, H)
    params: dict


class RNNCache(NamedTuple):
    """Lo que :func:`rnn_forward` guarda para :func:`rnn_backward`."""

    X: np.ndarray        # (B, T, D)
    h0: np.ndarray       # (B, H)
    H: np.ndarray        # (B, T, H), todos los estados
    params: dict


def rnn_step_forward(X_t: np.ndarray, H_prev: np.ndarray,
                     params: dict) -> tuple[np.ndarray, RNNStepCache]:
    """Un paso de la RNN simple, ecuación (rnn-paso).

    Parameters
    ----------
    X_t : np.ndarray
        Entradas del paso, ``(B, D)``.
    H_prev : np.ndarray
        Estado anterior :math:`\\mathbf{h}_{t-1}`, ``(B, H)``.
    params : dict
        ``W_xh (D, H)``, ``W_hh (H, H)``, ``b_h (H,)``.

    Returns
    -------
    H_t : np.ndarray
        Estado nuevo, ``(B, H)``.
    cache : RNNStepCache
        Para :func:`rnn_step_backward`.
    """
    X_t, params, states = check_step_inputs(X_t, params, "rnn", {"H_prev": H_prev})
    H_prev = states["H_prev"]
    W_xh, W_hh, b_h = params["W_xh"], params["W_hh"], params["b_h"]
    # (rnn-paso)
    H_t = np.tanh(X_t @ W_xh + H_prev @ W_hh + b_h)
    return H_t, RNNStepCache(X_t, H_prev, H_t, params)


def _rnn_param_grads(X: np.ndarray, H_prev: np.ndarray, dA: np.ndarray) -> dict:
    """Gradientes de los pesos dada la preactivación ``dA``; vale para (B, ·) y (B, T, ·)."""
    D, H = X.shape[-1], dA.shape[-1]
    X2, Hp2, dA2 = X.reshape(-1, D), H_prev.reshape(-1, H), dA.reshape(-1, H)
    return {"W_xh": X2.T @ dA2, "W_hh": Hp2.T @ dA2, "b_h": dA2.sum(axis=0)}


def rnn_step_backward(dH_t: np.ndarray,
                      cache: RNNStepCache) -> tuple[np.ndarray, np.ndarray, dict]:
    """Paso hacia atrás de (rnn-paso).

    Con :math:`\\mathbf{a} = \\mathbf{x}_t \\mathbf{W}^{(xh)} + \\mathbf{h}_{t-1}
    \\mathbf{W}^{(hh)} + \\mathbf{b}_h`, la derivada de ``tanh`` da
    :math:`\\partial L/\\partial \\mathbf{a} = \\partial L/\\partial \\mathbf{h}_t \\odot
    (1 - \\mathbf{h}_t^2)`, y de ahí salen todos los gradientes.

    Parameters
    ----------
    dH_t : np.ndarray
        :math:`\\partial L / \\partial \\mathbf{h}_t`, ``(B, H)``.
    cache : RNNStepCache
        El de :func:`rnn_step_forward`.

    Returns
    -------
    dX_t : np.ndarray
        ``(B, D)``.
    dH_prev : np.ndarray
        ``(B, H)``.
    grads : dict
        ``W_xh, W_hh, b_h`` con las formas de los parámetros.
    """
    check_cache(cache, RNNStepCache, "rnn_step_backward")
    X_t, H_prev, H_t, params = cache
    dH_t = check_upstream(dH_t, "dH_t", H_t.shape, "(B, H)", H_t.dtype)
    dA = dH_t * (1.0 - H_t**2)                     # (B, H)
    grads = _rnn_param_grads(X_t, H_prev, dA)
    return dA @ params["W_xh"].T, dA @ params["W_hh"].T, grads


def rnn_forward(X: np.ndarray, params: dict,
                h0: np.ndarray | None = None) -> tuple[np.ndarray, RNNCache]:
    """RNN simple sobre una secuencia completa.

    La parte que no depende del estado, ``X @ W_xh + b_h``, se calcula para todos los pasos
    con un solo producto ``(B, T, D) @ (D, H)``; en el bucle queda solo ``H_prev @ W_hh``.

    Parameters
    ----------
    X : np.ndarray
        Secuencias, ``(B, T, D)``.
    params : dict
        ``W_xh (D, H)``, ``W_hh (H, H)``, ``b_h (H,)``.
    h0 : np.ndarray, opcional
        Estado inicial ``(B, H)``; ceros si es ``None``.

    Returns
    -------
    H : np.ndarray
        Todos los estados ocultos, ``(B, T, H)``.
    cache : RNNCache
        Para :func:`rnn_backward`.
    """
    X, params, states, B, T, D, H = check_sequence_inputs(X, params, "rnn", {"h0": h0})
    h0, W_hh = states["h0"], params["W_hh"]
    X2 = X.transpose(1, 0, 2).reshape(T * B, D)                  # tiempo primero, (T B, D)
    XW_h = (X2 @ params["W_xh"] + params["b_h"]).reshape(T, B, H)  # un solo producto
    H_all = np.empty((T, B, H), dtype=X.dtype)
    H_t = h0
    for t in range(T):
        # (rnn-paso), con X_t @ W_xh + b_h ya calculado
        H_t = H_all[t] = np.tanh(XW_h[t] + H_t @ W_hh)
    H_bt = H_all.transpose(1, 0, 2)                              # (B, T, H), vista
    return np.ascontiguousarray(H_bt), RNNCache(X, h0, H_bt, params)


def rnn_backward(dH: np.ndarray, cache: RNNCache) -> tuple[np.ndarray, np.ndarray, dict]:
    """Retropropagación a través del tiempo (BPTT) de :func:`rnn_forward`.

    El gradiente que llega a :math:`\\mathbf{h}_t` es la suma del de la pérdida en ``t``
    (``dH[:, t]``) y del que vuelve del paso ``t + 1``.

    Parameters
    ----------
    dH : np.ndarray
        :math:`\\partial L / \\partial \\mathbf{h}_t` para todo ``t``, ``(B, T, H)``.
    cache : RNNCache
        El de :func:`rnn_forward`.

    Returns
    -------
    dX : np.ndarray
        ``(B, T, D)``.
    dh0 : np.ndarray
        ``(B, H)``.
    grads : dict
        ``W_xh, W_hh, b_h``.
    """
    check_cache(cache, RNNCache, "rnn_backward")
    X, h0, H_bt, params = cache
    B, T, H = H_bt.shape
    dH = check_upstream(dH, "dH", (B, T, H), "(B, T, H)", H_bt.dtype)
    H_all = H_bt.transpose(1, 0, 2)                                   # (T, B, H)
    H_prev = np.concatenate([h0[None], H_all[:-1]])                   # (T, B, H)
    dA = np.empty_like(H_prev)
    dH_next = np.zeros_like(h0)                     # lo que vuelve del paso t + 1
    for t in reversed(range(T)):
        dA[t] = (dH[:, t] + dH_next) * (1.0 - H_all[t] ** 2)
        dH_next = dA[t] @ params["W_hh"].T
    grads = _rnn_param_grads(X.transpose(1, 0, 2), H_prev, dA)
    return np.ascontiguousarray((dA @ params["W_xh"].T).transpose(1, 0, 2)), dH_next, grads
