"""LSTM (Hochreiter y Schmidhuber, 1997; con compuerta de olvido, Gers et al., 2000) en numpy.

Ecuaciones de las diapositivas, en vectores fila (``*`` es el producto de Hadamard):

- (lstm-olvido)    ``F = σ(X_t W_xf + H_prev W_hf + b_f)``
- (lstm-entrada)   ``I = σ(X_t W_xi + H_prev W_hi + b_i)``
- (lstm-candidato) ``C_tilde = tanh(X_t W_xc + H_prev W_hc + b_c)``
- (lstm-celda)     ``C_t = F * C_prev + I * C_tilde``
- (lstm-salida)    ``O = σ(X_t W_xo + H_prev W_ho + b_o)``
- (lstm-oculto)    ``H_t = O * tanh(C_t)``
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from recurrent_lib.numpy_backprop.activations import sigmoid
from recurrent_lib.validation import (
    check_cache,
    check_sequence_inputs,
    check_step_inputs,
    check_upstream,
)

GATES = ("i", "f", "c", "o")
# Orden de las columnas en el bucle de la secuencia: las tres sigmoides juntas, luego tanh
SLAB = ("i", "f", "o", "c")


class LSTMStepCache(NamedTuple):
    """Lo que un paso hacia adelante guarda para su paso hacia atrás (formas ``(B, ·)``)."""

    X_t: np.ndarray
    H_prev: np.ndarray
    C_prev: np.ndarray
    F: np.ndarray
    I: np.ndarray  # noqa: E741
    C_tilde: np.ndarray
    O: np.ndarray  # noqa: E741
    C_t: np.ndarray
    params: dict


class LSTMCache(NamedTuple):
    """Lo que :func:`lstm_forward` guarda: estados y compuertas de todos los pasos ``(B, T, H)``."""

    X: np.ndarray
    h0: np.ndarray
    c0: np.ndarray
    H: np.ndarray
    C: np.ndarray
    F: np.ndarray
    I: np.ndarray  # noqa: E741
    C_tilde: np.ndarray
    O: np.ndarray  # noqa: E741
    params: dict


def lstm_step_forward(X_t: np.ndarray, H_prev: np.ndarray, C_prev: np.ndarray,
                      params: dict) -> tuple[np.ndarray, np.ndarray, LSTMStepCache]:
    """Un paso de la LSTM: de (lstm-olvido) a (lstm-oculto).

    Parameters
    ----------
    X_t : np.ndarray
        ``(B, D)``.
    H_prev : np.ndarray
        Memoria a corto plazo anterior, ``(B, H)``.
    C_prev : np.ndarray
        Memoria a largo plazo anterior, ``(B, H)``.
    params : dict
        ``W_x* (D, H)``, ``W_h* (H, H)``, ``b_* (H,)`` para ``* = i, f, c, o``.

    Returns
    -------
    H_t, C_t : np.ndarray
        ``(B, H)`` cada uno.
    cache : LSTMStepCache
    """
    X_t, p, st = check_step_inputs(X_t, params, "lstm", {"H_prev": H_prev, "C_prev": C_prev})
    H_prev, C_prev = st["H_prev"], st["C_prev"]
    # (lstm-olvido)
    F = sigmoid(X_t @ p["W_xf"] + H_prev @ p["W_hf"] + p["b_f"])
    # (lstm-entrada)
    I = sigmoid(X_t @ p["W_xi"] + H_prev @ p["W_hi"] + p["b_i"])  # noqa: E741
    # (lstm-candidato)
    C_tilde = np.tanh(X_t @ p["W_xc"] + H_prev @ p["W_hc"] + p["b_c"])
    # (lstm-celda)
    C_t = F * C_prev + I * C_tilde
    # (lstm-salida)
    O = sigmoid(X_t @ p["W_xo"] + H_prev @ p["W_ho"] + p["b_o"])  # noqa: E741
    # (lstm-oculto)
    H_t = O * np.tanh(C_t)
    return H_t, C_t, LSTMStepCache(X_t, H_prev, C_prev, F, I, C_tilde, O, C_t, p)


def _gates_backward(dH_t, dC_t, C_prev, F, I, C_tilde, O, C_t):  # noqa: E741
    """Deriva un paso hasta las preactivaciones; devuelve ``(dA, dC_prev)``.

    ``dC_t`` es el gradiente que llega a la celda desde el paso siguiente; se le suma el que
    llega a través de (lstm-oculto). ``dA[g]`` es el gradiente de la preactivación de la
    compuerta ``g``, :math:`\\mathbf{x}_t \\mathbf{W}^{(xg)} + \\mathbf{h}_{t-1}
    \\mathbf{W}^{(hg)} + \\mathbf{b}_g`.
    """
    tanh_C = np.tanh(C_t)
    dO = dH_t * tanh_C
    dC = dC_t + dH_t * O * (1 - tanh_C**2)
    # (lstm-celda): C_t = F * C_prev + I * C_tilde
    dF, dI, dC_tilde, dC_prev = dC * C_prev, dC * C_tilde, dC * I, dC * F
    dA = {
        "i": dI * I * (1 - I),                  # a través de σ
        "f": dF * F * (1 - F),
        "c": dC_tilde * (1 - C_tilde**2),       # a través de tanh
        "o": dO * O * (1 - O),
    }
    return dA, dC_prev


def _stack(p: dict, prefix: str, order: tuple[str, ...] = GATES) -> np.ndarray:
    """Las cuatro matrices (o sesgos) de las compuertas, una al lado de otra: ``(·, 4H)``."""
    return np.concatenate([p[prefix + g] for g in order], axis=-1)


def _sigmoid_(x: np.ndarray) -> np.ndarray:
    """σ(x) = (1 + tanh(x / 2)) / 2 sobre ``x`` mismo (la cuenta de ``rl.sigmoid``)."""
    x *= 0.5
    np.tanh(x, out=x)
    x += 1.0
    x *= 0.5
    return x


def _param_grads(X, H_prev, dA) -> dict:
    """Gradientes de los pesos; vale para formas (B, ·) y (B, T, ·)."""
    D, H = X.shape[-1], H_prev.shape[-1]
    X2, Hp2 = X.reshape(-1, D), H_prev.reshape(-1, H)
    grads = {}
    for g in GATES:
        dA2 = dA[g].reshape(-1, H)
        grads[f"W_x{g}"], grads[f"W_h{g}"], grads[f"b_{g}"] = X2.T @ dA2, Hp2.T @ dA2, dA2.sum(0)
    return grads


def lstm_step_backward(dH_t: np.ndarray, dC_t: np.ndarray,
                       cache: LSTMStepCache) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Paso hacia atrás de :func:`lstm_step_forward`.

    Parameters
    ----------
    dH_t, dC_t : np.ndarray
        Gradientes que llegan a ``H_t`` y a ``C_t``, ``(B, H)`` cada uno.
    cache : LSTMStepCache

    Returns
    -------
    dX_t : np.ndarray
        ``(B, D)``.
    dH_prev, dC_prev : np.ndarray
        ``(B, H)`` cada uno.
    grads : dict
        Mismas claves que ``params``.
    """
    check_cache(cache, LSTMStepCache, "lstm_step_backward")
    X_t, H_prev, C_prev, F, I, C_tilde, O, C_t, p = cache  # noqa: E741
    dH_t = check_upstream(dH_t, "dH_t", H_prev.shape, "(B, H)", H_prev.dtype)
    dC_t = check_upstream(dC_t, "dC_t", H_prev.shape, "(B, H)", H_prev.dtype)
    dA, dC_prev = _gates_backward(dH_t, dC_t, C_prev, F, I, C_tilde, O, C_t)
    dX_t = sum(dA[g] @ p[f"W_x{g}"].T for g in GATES)
    dH_prev = sum(dA[g] @ p[f"W_h{g}"].T for g in GATES)
    return dX_t, dH_prev, dC_prev, _param_grads(X_t, H_prev, dA)


def lstm_forward(X: np.ndarray, params: dict, h0: np.ndarray | None = None,
                 c0: np.ndarray | None = None) -> tuple[np.ndarray, LSTMCache]:
    """LSTM sobre una secuencia completa.

    Atajos que no cambian ninguna ecuación: la parte que no depende del estado,
    ``X @ W_x* + b_*``, se calcula para todos los pasos antes del bucle; las cuatro compuertas
    salen de un solo producto por paso, ``H_prev @ [W_hi | W_hf | W_ho | W_hc]``, en columnas
    contiguas (orden ``SLAB``), así que una sola sigmoide cubre las tres compuertas
    sigmoides; y cada paso escribe en arreglos reservados de antemano.

    Parameters
    ----------
    X : np.ndarray
        ``(B, T, D)``.
    params : dict
        Ver :func:`lstm_step_forward`.
    h0, c0 : np.ndarray, opcionales
        Estados iniciales ``(B, H)``; ceros si son ``None``.

    Returns
    -------
    H : np.ndarray
        Todos los estados ocultos, ``(B, T, H)``.
    cache : LSTMCache
        Incluye ``C`` y las compuertas ``F, I, C_tilde, O`` de cada paso, ``(B, T, H)``.
    """
    X, p, st, B, T, D, H = check_sequence_inputs(X, params, "lstm", {"h0": h0, "c0": c0})
    W_h = _stack(p, "W_h", SLAB)                                        # (H, 4H)
    X2 = X.transpose(1, 0, 2).reshape(T * B, D)                         # tiempo primero
    # A[t] = X_t W_x* + b_*, (T, B, 4H); en el bucle se vuelve [I | F | O | C_tilde]
    A = (X2 @ _stack(p, "W_x", SLAB) + _stack(p, "b_", SLAB)).reshape(T, B, 4 * H)
    I, F, O, C_tilde = (A[..., k * H:(k + 1) * H] for k in range(4))   # vistas  # noqa: E741
    H_all, C = np.empty((2, T, B, H), X.dtype)
    H_t, C_t = st["h0"], st["c0"]
    for t in range(T):
        A[t] += H_t @ W_h                       # + H_prev W_h* de las cuatro compuertas
        # (lstm-entrada), (lstm-olvido), (lstm-salida): una sigmoide sobre [I | F | O]
        _sigmoid_(A[t, :, :3 * H])
        # (lstm-candidato)
        np.tanh(C_tilde[t], out=C_tilde[t])
        # (lstm-celda): C_t = F * C_prev + I * C_tilde
        C_t = np.multiply(F[t], C_t, out=C[t])
        C_t += I[t] * C_tilde[t]
        # (lstm-oculto): H_t = O * tanh(C_t)
        H_t = np.multiply(O[t], np.tanh(C_t), out=H_all[t])
    bt = [a.transpose(1, 0, 2) for a in (H_all, C, F, I, C_tilde, O)]   # (B, T, H), vistas
    return np.ascontiguousarray(bt[0]), LSTMCache(X, st["h0"], st["c0"], *bt, p)


def lstm_backward(dH: np.ndarray,
                  cache: LSTMCache) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """BPTT de :func:`lstm_forward`.

    Las derivadas de las activaciones, :math:`\\sigma' = \\sigma(1 - \\sigma)` y
    :math:`\\tanh' = 1 - \\tanh^2`, no dependen del gradiente que llega: se calculan para
    todos los pasos antes del bucle. En cada paso se deriva hasta las preactivaciones ``dA``
    de las cuatro compuertas (columnas ``SLAB``); los gradientes de los pesos, que suman sobre
    el tiempo, se calculan al final con un solo producto cada uno.

    Parameters
    ----------
    dH : np.ndarray
        :math:`\\partial L / \\partial \\mathbf{h}_t` para todo ``t``, ``(B, T, H)``.
    cache : LSTMCache

    Returns
    -------
    dX : np.ndarray
        ``(B, T, D)``.
    dh0, dc0 : np.ndarray
        ``(B, H)`` cada uno.
    grads : dict
        Mismas claves que los parámetros.
    """
    check_cache(cache, LSTMCache, "lstm_backward")
    X, h0, c0, *states, p = cache
    B, T, D = X.shape
    H = h0.shape[1]
    dH = check_upstream(dH, "dH", (B, T, H), "(B, T, H)", h0.dtype)
    H_all, C, F, I, C_tilde, O = (a.transpose(1, 0, 2) for a in states)   # (T, B, H)  # noqa: E741
    H_prev = np.concatenate([h0[None], H_all[:-1]])                       # (T, B, H)
    tanh_C = np.tanh(C)
    # Lo que no depende del gradiente que llega, para todos los pasos a la vez:
    dsigma_S = np.empty((T, B, 3 * H), h0.dtype)                          # columnas I | F | O
    for k, S in enumerate((I, F, O)):
        np.multiply(S, 1 - S, out=dsigma_S[..., k * H:(k + 1) * H])       # σ' = σ (1 - σ)
    O_dtanh_C = O * (1 - tanh_C**2)                                       # O tanh'(C_t)
    I_dtanh_Ct = I * (1 - C_tilde**2)                                     # I tanh'(C_tilde)
    # (H, 4H) guardada por columnas: W_h.T, la que usa el bucle, queda contigua
    W_h = np.asfortranarray(_stack(p, "W_h", SLAB))
    dA = np.empty((T, B, 4 * H), h0.dtype)
    dA_i, dA_f, dA_o, dA_c = (dA[..., k * H:(k + 1) * H] for k in range(4))   # vistas
    dC = np.empty_like(c0)
    dH_next, dC_next = np.zeros_like(h0), np.zeros_like(c0)
    for t in reversed(range(T)):
        dH_t = dH[:, t] + dH_next               # (ap-bptt)
        # (ap-lstm-salida): dO = dH_t * tanh_C, dC = dC_t + dH_t * O * (1 - tanh_C**2)
        np.multiply(dH_t, tanh_C[t], out=dA_o[t])
        np.add(dC_next, dH_t * O_dtanh_C[t], out=dC)
        # (ap-lstm-celda): dF = dC * C_prev, dI = dC * C_tilde, dC_prev = dC * F
        np.multiply(dC, C[t - 1] if t else c0, out=dA_f[t])     # C_prev
        np.multiply(dC, C_tilde[t], out=dA_i[t])
        np.multiply(dC, F[t], out=dC_next)
        # (ap-lstm-compuertas): dA_c = dC * I * (1 - C_tilde**2); las tres σ de una vez
        np.multiply(dC, I_dtanh_Ct[t], out=dA_c[t])
        dA[t, :, :3 * H] *= dsigma_S[t]
        dH_next = dA[t] @ W_h.T
    dA2 = dA.reshape(T * B, 4 * H)
    X2 = X.transpose(1, 0, 2).reshape(T * B, D)
    blocks = {"W_x": X2.T @ dA2, "W_h": H_prev.reshape(T * B, H).T @ dA2, "b_": dA2.sum(0)}
    grads = {prefix + g: np.ascontiguousarray(M[..., k * H:(k + 1) * H])
             for prefix, M in blocks.items() for k, g in enumerate(SLAB)}
    dX = (dA2 @ _stack(p, "W_x", SLAB).T).reshape(T, B, D).transpose(1, 0, 2)
    return np.ascontiguousarray(dX), dH_next, dC_next, grads
