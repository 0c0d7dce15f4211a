"""Los suelos de ``make bench``: un bucle de LSTM y uno de GRU reducidos al mínimo (numpy).

No son API de la biblioteca: sirven de vara de medir para ``numpy_backprop/lstm.py`` y
``numpy_backprop/gru.py`` (variante ``"torch"``). Un producto por paso para todas las
compuertas, una sola sigmoide sobre las columnas contiguas de las compuertas sigmoides,
arreglos reservados de antemano, actualizaciones en el sitio, sin validación ni dicts; las
derivadas de las activaciones, para todos los pasos antes del bucle hacia atrás.
Devuelven ``(H, dX)`` (``dX`` con ``dH`` = unos); ``tests/test_bench.py`` comprueba que
calculan lo mismo que la biblioteca.
"""

from __future__ import annotations

import numpy as np


def _sig_(x):
    x *= 0.5
    np.tanh(x, out=x)
    x += 1.0
    x *= 0.5


def lstm_floor(X, p, backward=False):
    """LSTM con columnas ``i | f | o | c``; ``p`` como el de ``rl.lstm_forward``."""
    B, T, D = X.shape
    H = p["W_hi"].shape[0]
    order = "ifoc"
    W_x = np.concatenate([p[f"W_x{g}"] for g in order], 1)
    W_h = np.concatenate([p[f"W_h{g}"] for g in order], 1)
    b = np.concatenate([p[f"b_{g}"] for g in order])
    A = (X.transpose(1, 0, 2).reshape(T * B, D) @ W_x + b).reshape(T, B, 4 * H)
    Hs, C, tC = np.empty((3, T + 1, B, H), X.dtype)
    Hs[0] = C[0] = 0
    for t in range(T):
        a = A[t]
        a += Hs[t] @ W_h
        _sig_(a[:, :3 * H])
        np.tanh(a[:, 3 * H:], out=a[:, 3 * H:])
        c = np.multiply(a[:, H:2 * H], C[t], out=C[t + 1])
        c += a[:, :H] * a[:, 3 * H:]
        np.multiply(a[:, 2 * H:3 * H], np.tanh(c, out=tC[t + 1]), out=Hs[t + 1])
    if not backward:
        return Hs[1:].transpose(1, 0, 2), None
    S = A[..., :3 * H]
    dS = S * (1 - S)
    O_dtC = A[..., 2 * H:3 * H] * (1 - tC[1:] ** 2)
    I_dCt = A[..., :H] * (1 - A[..., 3 * H:] ** 2)
    dA = np.empty_like(A)
    dh, dc, dh_next, dc_next = np.zeros((4, B, H), X.dtype)
    for t in reversed(range(T)):
        a, d = A[t], dA[t]
        np.add(dh_next, 1.0, out=dh)                        # dH = unos
        np.multiply(dh, tC[t + 1], out=d[:, 2 * H:3 * H])
        np.add(dc_next, dh * O_dtC[t], out=dc)
        np.multiply(dc, C[t], out=d[:, H:2 * H])
        np.multiply(dc, a[:, 3 * H:], out=d[:, :H])
        np.multiply(dc, a[:, H:2 * H], out=dc_next)
        np.multiply(dc, I_dCt[t], out=d[:, 3 * H:])
        d[:, :3 * H] *= dS[t]
        np.matmul(d, W_h.T, out=dh_next)
    dA2 = dA.reshape(T * B, 4 * H)
    _ = (X.transpose(1, 0, 2).reshape(T * B, D).T @ dA2, Hs[:-1].reshape(T * B, H).T @ dA2,
         dA2.sum(0))
    return Hs[1:].transpose(1, 0, 2), (dA2 @ W_x.T).reshape(T, B, D).transpose(1, 0, 2)


def gru_floor(X, p, backward=False):
    """GRU de torch (``variant="torch"``) con columnas ``r | z | n``."""
    B, T, D = X.shape
    H = p["W_hr"].shape[0]
    W_x = np.concatenate([p["W_xr"], p["W_xz"], p["W_xh"]], 1)
    W_h = np.concatenate([p["W_hr"], p["W_hz"], p["W_hh"]], 1)
    b = np.concatenate([p["b_r"], p["b_z"], p["b_h"]])
    b_h = np.concatenate([np.zeros(2 * H, X.dtype), p["b_hn"]])
    A = (X.transpose(1, 0, 2).reshape(T * B, D) @ W_x + b).reshape(T, B, 3 * H)
    G = np.empty((T, B, 3 * H), X.dtype)
    Hs = np.empty((T + 1, B, H), X.dtype)
    Hs[0] = 0
    for t in range(T):
        a, g = A[t], np.matmul(Hs[t], W_h, out=G[t])
        g += b_h
        a[:, :2 * H] += g[:, :2 * H]
        _sig_(a[:, :2 * H])
        n = a[:, 2 * H:]
        n += a[:, :H] * g[:, 2 * H:]
        np.tanh(n, out=n)
        h = np.subtract(Hs[t], n, out=Hs[t + 1])
        h *= a[:, H:2 * H]
        h += n
    if not backward:
        return Hs[1:].transpose(1, 0, 2), None
    R, Z, N = A[..., :H], A[..., H:2 * H], A[..., 2 * H:]
    dN = (1 - Z) * (1 - N ** 2)
    dR = G[..., 2 * H:] * R * (1 - R)
    dZ = (Hs[:-1] - N) * Z * (1 - Z)
    dA, dG = np.empty_like(A), np.empty_like(G)
    dh, dh_next = np.zeros((2, B, H), X.dtype)
    for t in reversed(range(T)):
        d, dg = dA[t], dG[t]
        np.add(dh_next, 1.0, out=dh)
        np.multiply(dh, dN[t], out=d[:, 2 * H:])
        np.multiply(dh, dZ[t], out=d[:, H:2 * H])
        np.multiply(d[:, 2 * H:], dR[t], out=d[:, :H])
        dg[:, :2 * H] = d[:, :2 * H]
        np.multiply(d[:, 2 * H:], R[t], out=dg[:, 2 * H:])
        np.multiply(dh, Z[t], out=dh_next)
        dh_next += dg @ W_h.T
    dA2, dG2 = dA.reshape(T * B, 3 * H), dG.reshape(T * B, 3 * H)
    _ = (X.transpose(1, 0, 2).reshape(T * B, D).T @ dA2, Hs[:-1].reshape(T * B, H).T @ dG2,
         dA2.sum(0), dG2.sum(0))
    return Hs[1:].transpose(1, 0, 2), (dA2 @ W_x.T).reshape(T, B, D).transpose(1, 0, 2)
