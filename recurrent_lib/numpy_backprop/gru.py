"""GRU (Cho et al., 2014) en numpy: pasos, secuencias y BPTT a mano.

Ecuaciones de las diapositivas, en vectores fila (``*`` es el producto de Hadamard):

- (gru-reinicio)      ``R = σ(X_t W_xr + H_prev W_hr + b_r)``
- (gru-actualizacion) ``Z = σ(X_t W_xz + H_prev W_hz + b_z)``   (la Γ de las diapositivas)
- (gru-candidato)     ``H_tilde = tanh(X_t W_xh + (R * H_prev) W_hh + b_h)``
- (gru-estado)        ``H_t = Z * H_prev + (1 - Z) * H_tilde``   (Z = 1 conserva el estado)

``variant="torch"`` cambia solo el candidato: el reinicio actúa *después* del producto y
tiene su propio sesgo del lado oculto ``b_hn``, como ``torch.nn.GRU`` y cuDNN:

- (gru-candidato-torch) ``H_tilde = tanh(X_t W_xh + b_h + R * (H_prev W_hh + b_hn))``
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


class GRUStepCache(NamedTuple):
    """Lo que un paso hacia adelante guarda para su paso hacia atrás (formas ``(B, ·)``)."""

    X_t: np.ndarray
    H_prev: np.ndarray
    R: np.ndarray
    Z: np.ndarray
    H_tilde: np.ndarray
    G: np.ndarray | None      # H_prev @ W_hh + b_hn (solo variant="torch")
    params: dict
    variant: str


class GRUCache(NamedTuple):
    """Lo que :func:`gru_forward` guarda: entradas y compuertas de todos los pasos ``(B, T, H)``."""

    X: np.ndarray
    h0: np.ndarray
    H: np.ndarray
    R: np.ndarray
    Z: np.ndarray
    H_tilde: np.ndarray
    G: np.ndarray | None
    params: dict
    variant: str


def _kind(variant: str) -> str:
    if variant not in ("seed", "torch"):
        raise ValueError(f"variant debe ser 'seed' o 'torch'; se recibió {variant!r}.")
    return "gru" if variant == "seed" else "gru-torch"


def gru_step_forward(X_t: np.ndarray, H_prev: np.ndarray, params: dict,
                     variant: str = "seed") -> tuple[np.ndarray, GRUStepCache]:
    """Un paso de la GRU: (gru-reinicio), (gru-actualizacion), (gru-candidato), (gru-estado).

    Parameters
    ----------
    X_t : np.ndarray
        ``(B, D)``.
    H_prev : np.ndarray
        ``(B, H)``.
    params : dict
        ``W_x* (D, H)``, ``W_h* (H, H)``, ``b_* (H,)`` para ``* = r, z, h``
        (y ``b_hn (H,)`` si ``variant="torch"``).
    variant : {"seed", "torch"}
        Dónde actúa el reinicio: antes (diapositivas) o después (torch) del producto.

    Returns
    -------
    H_t : np.ndarray
        ``(B, H)``.
    cache : GRUStepCache
    """
    X_t, p, states = check_step_inputs(X_t, params, _kind(variant), {"H_prev": H_prev})
    H_prev = states["H_prev"]
    # (gru-reinicio)
    R = sigmoid(X_t @ p["W_xr"] + H_prev @ p["W_hr"] + p["b_r"])
    # (gru-actualizacion)
    Z = sigmoid(X_t @ p["W_xz"] + H_prev @ p["W_hz"] + p["b_z"])
    G = None
    if variant == "seed":
        # (gru-candidato)
        H_tilde = np.tanh(X_t @ p["W_xh"] + (R * H_prev) @ p["W_hh"] + p["b_h"])
    else:
        G = H_prev @ p["W_hh"] + p["b_hn"]
        # (gru-candidato-torch)
        H_tilde = np.tanh(X_t @ p["W_xh"] + p["b_h"] + R * G)
    # (gru-estado)
    H_t = Z * H_prev + (1 - Z) * H_tilde
    return H_t, GRUStepCache(X_t, H_prev, R, Z, H_tilde, G, p, variant)


def _gates_backward(dH_t, H_prev, R, Z, H_tilde, G, p, variant):
    """Deriva un paso hacia atrás hasta las preactivaciones; devuelve ``(dA, dH_prev)``.

    ``dA[g]`` es el gradiente de la preactivación de la compuerta ``g`` (``"r"``, ``"z"``,
    ``"h"``; y ``"n"`` = ``dG`` en la variante ``"torch"``). ``dH_prev`` todavía no incluye lo
    que vuelve por ``W_hr`` y ``W_hz``, que el llamador suma.
    """
    # (gru-estado): H_t = Z * H_prev + (1 - Z) * H_tilde
    dZ = dH_t * (H_prev - H_tilde)
    dH_prev = dH_t * Z
    dA_h = dH_t * (1 - Z) * (1 - H_tilde**2)       # a través de tanh
    dA = {"h": dA_h}
    if variant == "seed":
        dS = dA_h @ p["W_hh"].T                      # S = R * H_prev
        dR = dS * H_prev
        dH_prev += dS * R
    else:
        dA["n"] = dA_h * R                            # dG, con G = H_prev W_hh + b_hn
        dR = dA_h * G
        dH_prev += dA["n"] @ p["W_hh"].T
    dA["r"] = dR * R * (1 - R)                        # a través de σ
    dA["z"] = dZ * Z * (1 - Z)
    return dA, dH_prev


def _param_grads(X, H_prev, R, dA, variant) -> dict:
    """Gradientes de los pesos a partir de las preactivaciones; vale para (B, ·) y (B, T, ·)."""
    D, H = X.shape[-1], H_prev.shape[-1]
    X2, Hp2 = X.reshape(-1, D), H_prev.reshape(-1, H)
    grads = {}
    for g in ("r", "z"):
        dA2 = dA[g].reshape(-1, H)
        grads[f"W_x{g}"], grads[f"W_h{g}"], grads[f"b_{g}"] = X2.T @ dA2, Hp2.T @ dA2, dA2.sum(0)
    dA_h = dA["h"].reshape(-1, H)
    grads["W_xh"], grads["b_h"] = X2.T @ dA_h, dA_h.sum(0)
    if variant == "seed":
        grads["W_hh"] = (R * H_prev).reshape(-1, H).T @ dA_h
    else:
        dG = dA["n"].reshape(-1, H)
        grads["W_hh"], grads["b_hn"] = Hp2.T @ dG, dG.sum(0)
    return grads


def _input_grad(dA, p) -> np.ndarray:
    return dA["r"] @ p["W_xr"].T + dA["z"] @ p["W_xz"].T + dA["h"] @ p["W_xh"].T


def gru_step_backward(dH_t: np.ndarray,
                      cache: GRUStepCache) -> tuple[np.ndarray, np.ndarray, dict]:
    """Paso hacia atrás de :func:`gru_step_forward`.

    Parameters
    ----------
    dH_t : np.ndarray
        ``(B, H)``.
    cache : GRUStepCache

    Returns
    -------
    dX_t : np.ndarray
        ``(B, D)``.
    dH_prev : np.ndarray
        ``(B, H)``.
    grads : dict
        Mismas claves que ``params``.
    """
    check_cache(cache, GRUStepCache, "gru_step_backward")
    X_t, H_prev, R, Z, H_tilde, G, p, variant = cache
    dH_t = check_upstream(dH_t, "dH_t", H_prev.shape, "(B, H)", H_prev.dtype)
    dA, dH_prev = _gates_backward(dH_t, H_prev, R, Z, H_tilde, G, p, variant)
    dH_prev += dA["r"] @ p["W_hr"].T + dA["z"] @ p["W_hz"].T
    return _input_grad(dA, p), dH_prev, _param_grads(X_t, H_prev, R, dA, variant)


def gru_forward(X: np.ndarray, params: dict, h0: np.ndarray | None = None,
                variant: str = "seed") -> tuple[np.ndarray, GRUCache]:
    """GRU sobre una secuencia completa.

    Dos atajos que no cambian ninguna ecuación: ``X @ W_x* + b_*`` se calcula para todos los
    pasos antes del bucle (un producto grande en vez de ``T`` pequeños), y las dos
    compuertas se calculan con un solo producto por paso, ``H_prev @ [W_hr | W_hz]``.

    Parameters
    ----------
    X : np.ndarray
        ``(B, T, D)``.
    params : dict
        Ver :func:`gru_step_forward`.
    h0 : np.ndarray, opcional
        ``(B, H)``; ceros si es ``None``.
    variant : {"seed", "torch"}

    Returns
    -------
    H : np.ndarray
        Todos los estados, ``(B, T, H)``.
    cache : GRUCache
        Incluye las compuertas ``R, Z, H_tilde`` de cada paso, ``(B, T, H)``.
    """
    X, p, states, B, T, D, H = check_sequence_inputs(X, params, _kind(variant), {"h0": h0})
    W_x = np.concatenate([p["W_xr"], p["W_xz"], p["W_xh"]], axis=1)          # (D, 3H)
    b = np.concatenate([p["b_r"], p["b_z"], p["b_h"]])                       # (3H,)
    XW = (X.transpose(1, 0, 2).reshape(T * B, D) @ W_x + b).reshape(T, B, 3 * H)
    W_hrz = np.concatenate([p["W_hr"], p["W_hz"]], axis=1)                   # (H, 2H)
    H_all, R, Z, H_tilde, G = np.empty((5, T, B, H), X.dtype)              # tiempo primero
    H_t = states["h0"]
    for t in range(T):
        # X_t W_x{r,z} + H_prev W_h{r,z} + b_{r,z}, (B, H) cada una
        A_r, A_z = np.split(XW[t, :, :2 * H] + H_t @ W_hrz, 2, axis=1)
        # (gru-reinicio)
        R[t] = sigmoid(A_r)
        # (gru-actualizacion)
        Z[t] = sigmoid(A_z)
        if variant == "seed":
            # (gru-candidato)
            H_tilde[t] = np.tanh(XW[t, :, 2 * H:] + (R[t] * H_t) @ p["W_hh"])
        else:
            G[t] = H_t @ p["W_hh"] + p["b_hn"]
            # (gru-candidato-torch)
            H_tilde[t] = np.tanh(XW[t, :, 2 * H:] + R[t] * G[t])
        # (gru-estado)
        H_t = H_all[t] = Z[t] * H_t + (1 - Z[t]) * H_tilde[t]
    bt = [a.transpose(1, 0, 2) for a in (H_all, R, Z, H_tilde, G)]        # (B, T, H), vistas
    G_bt = bt[4] if variant == "torch" else None
    cache = GRUCache(X, states["h0"], bt[0], bt[1], bt[2], bt[3], G_bt, p, variant)
    return np.ascontiguousarray(bt[0]), cache


def gru_backward(dH: np.ndarray, cache: GRUCache) -> tuple[np.ndarray, np.ndarray, dict]:
    """BPTT de :func:`gru_forward`.

    En cada paso se deriva hasta las preactivaciones ``dA``; los gradientes de los pesos,
    que suman sobre el tiempo, se calculan al final con un solo producto cada uno.

    Parameters
    ----------
    dH : np.ndarray
        :math:`\\partial L / \\partial \\mathbf{h}_t` para todo ``t``, ``(B, T, H)``.
    cache : GRUCache

    Returns
    -------
    dX : np.ndarray
        ``(B, T, D)``.
    dh0 : np.ndarray
        ``(B, H)``.
    grads : dict
        Mismas claves que los parámetros.
    """
    check_cache(cache, GRUCache, "gru_backward")
    X, h0, H_bt, R_bt, Z_bt, Ht_bt, G_bt, p, variant = cache
    B, T, H = H_bt.shape
    dH = check_upstream(dH, "dH", (B, T, H), "(B, T, H)", h0.dtype)
    H_all, R, Z, H_tilde = (a.transpose(1, 0, 2) for a in (H_bt, R_bt, Z_bt, Ht_bt))  # (T, B, H)
    G = None if G_bt is None else G_bt.transpose(1, 0, 2)
    H_prev = np.concatenate([h0[None], H_all[:-1]])                    # (T, B, H)
    W_hrz = np.concatenate([p["W_hr"], p["W_hz"]], axis=1)             # (H, 2H)
    dA = {g: np.empty((T, B, H), h0.dtype) for g in ("rzhn" if variant == "torch" else "rzh")}
    dH_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dA_t, dH_next = _gates_backward(dH[:, t] + dH_next, H_prev[t], R[t], Z[t], H_tilde[t],
                                        None if G is None else G[t], p, variant)
        dH_next += np.concatenate([dA_t["r"], dA_t["z"]], axis=1) @ W_hrz.T
        for g, v in dA_t.items():
            dA[g][t] = v
    X_tm = X.transpose(1, 0, 2)                                       # (T, B, D)
    dX = _input_grad(dA, p).transpose(1, 0, 2)
    return np.ascontiguousarray(dX), dH_next, _param_grads(X_tm, H_prev, R, dA, variant)
