"""Atención en torch: puntuaciones aditiva y multiplicativa, y atención de producto escalado.

API pública (tensores de torch, lotes primero)::

    scaled_dot_product_attention(Q, K, V, mask=None) -> (out, weights)
        # Q (B, T_q, d), K (B, T_k, d), V (B, T_k, d_v); mask bool, True = puede atender,
        # difundible a (B, T_q, T_k); out (B, T_q, d_v), weights (B, T_q, T_k).
        # Admite ejes de lote extra delante: Q (B, h, T_q, d), etc.
    masked_softmax(scores, mask=None) -> weights          # fila sin claves válidas -> ceros
    additive_scores(Q, K, W_q, W_k, w_v) -> scores        # (atencion-aditiva), Bahdanau
    multiplicative_scores(Q, K, W_a=None, scale=False) -> scores  # (atencion-multiplicativa)
    causal_mask(T, device=None) -> (T, T) bool            # True en j <= i
    padding_mask(lengths, T_k) -> (B, 1, T_k) bool        # True en j < longitud
    AdditiveAttention(query_size, key_size, hidden_size)  # nn.Module, forward(Q, K, V, mask)
    MultiplicativeAttention(query_size, key_size)         # nn.Module, forward(Q, K, V, mask)

Convención de máscaras (la de ``torch.nn.functional.scaled_dot_product_attention`` con
máscara booleana): ``True`` significa «esta clave puede recibir atención». Una fila de
consultas cuyas claves están todas enmascaradas recibe pesos cero y salida cero, nunca NaN.
"""

from __future__ import annotations

import math

import torch
from torch import nn


def _check_qkv(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor, same_d: bool = True) -> None:
    """Comprueba tipos y formas de consultas, claves y valores; lanza errores en español."""
    for name, X in (("Q", Q), ("K", K), ("V", V)):
        if not isinstance(X, torch.Tensor):
            raise TypeError(f"{name} debe ser un torch.Tensor; se recibió {type(X).__name__}")
        if X.ndim < 3:
            raise ValueError(f"{name} debe tener forma (B, T, d) (3 ejes o más); "
                             f"se recibió la forma {tuple(X.shape)}")
    if not (Q.ndim == K.ndim == V.ndim):
        raise ValueError(f"Q, K y V deben tener el mismo número de ejes; se recibieron "
                         f"{tuple(Q.shape)}, {tuple(K.shape)} y {tuple(V.shape)}")
    if same_d and Q.shape[-1] != K.shape[-1]:
        raise ValueError(f"Q y K deben tener la misma dimensión d; se recibió Q {tuple(Q.shape)} "
                         f"y K {tuple(K.shape)}")
    if K.shape[-2] != V.shape[-2]:
        raise ValueError(f"K y V deben tener el mismo número de claves T_k; se recibió "
                         f"K {tuple(K.shape)} y V {tuple(V.shape)}")


def _check_mask(mask: torch.Tensor | None, scores: torch.Tensor) -> torch.Tensor | None:
    """Comprueba que la máscara sea booleana y difundible a la forma de las puntuaciones."""
    if mask is None:
        return None
    if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool:
        kind = mask.dtype if isinstance(mask, torch.Tensor) else type(mask).__name__
        raise TypeError(f"mask debe ser un torch.Tensor booleano (True = puede atender); "
                        f"se recibió {kind}")
    try:
        return torch.broadcast_to(mask, scores.shape)
    except RuntimeError:
        raise ValueError(f"mask de forma {tuple(mask.shape)} no es difundible a las "
                         f"puntuaciones (B, T_q, T_k) = {tuple(scores.shape)}") from None


def masked_softmax(scores: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    """Softmax sobre el último eje que ignora las claves enmascaradas, ecuación (atencion-pesos).

    Parameters
    ----------
    scores : torch.Tensor, forma (B, T_q, T_k)
        Puntuaciones e_ij de cada consulta i con cada clave j.
    mask : torch.Tensor bool o None, difundible a (B, T_q, T_k)
        True donde la clave j puede recibir atención de la consulta i.

    Returns
    -------
    weights : torch.Tensor, forma (B, T_q, T_k)
        Cada fila suma 1 sobre sus claves válidas; una fila sin claves válidas es cero.
    """
    mask = _check_mask(mask, scores)
    if mask is None:
        return torch.softmax(scores, dim=-1)
    # Un valor finito muy negativo (no -inf): así una fila toda enmascarada no produce NaN
    # ni en la pasada hacia delante ni en el gradiente.
    very_negative = torch.finfo(scores.dtype).min
    # (atencion-pesos)
    weights = torch.softmax(scores.masked_fill(~mask, very_negative), dim=-1)
    # Las filas sin ninguna clave válida quedaron uniformes: se anulan.
    return weights * mask


def scaled_dot_product_attention(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor,
                                 mask: torch.Tensor | None = None
                                 ) -> tuple[torch.Tensor, torch.Tensor]:
    """Atención de producto escalado, ecuaciones (atencion-escalada) y (atencion-contexto).

    Parameters
    ----------
    Q : torch.Tensor, forma (B, T_q, d)
        Consultas (se admiten ejes de lote extra delante, p. ej. (B, h, T_q, d)).
    K : torch.Tensor, forma (B, T_k, d)
        Claves.
    V : torch.Tensor, forma (B, T_k, d_v)
        Valores.
    mask : torch.Tensor bool o None, difundible a (B, T_q, T_k)
        True = la consulta i puede atender a la clave j.

    Returns
    -------
    out : torch.Tensor, forma (B, T_q, d_v)
        Contextos: promedios de los valores pesados por la atención.
    weights : torch.Tensor, forma (B, T_q, T_k)
        Pesos de atención; filas todas enmascaradas -> ceros (y salida cero).
    """
    _check_qkv(Q, K, V)
    d = Q.shape[-1]
    # (atencion-escalada): (B, T_q, d) @ (B, d, T_k) -> (B, T_q, T_k)
    scores = Q @ K.transpose(-2, -1) / math.sqrt(d)
    weights = masked_softmax(scores, mask)
    # (atencion-contexto): (B, T_q, T_k) @ (B, T_k, d_v) -> (B, T_q, d_v)
    out = weights @ V
    return out, weights


def additive_scores(Q: torch.Tensor, K: torch.Tensor, W_q: torch.Tensor, W_k: torch.Tensor,
                    w_v: torch.Tensor) -> torch.Tensor:
    """Puntuación aditiva de Bahdanau et al. (2015), ecuación (atencion-aditiva).

    Parameters
    ----------
    Q : torch.Tensor, forma (B, T_q, d_q)
    K : torch.Tensor, forma (B, T_k, d_k)
    W_q : torch.Tensor, forma (d_q, A)
    W_k : torch.Tensor, forma (d_k, A)
    w_v : torch.Tensor, forma (A,)

    Returns
    -------
    scores : torch.Tensor, forma (B, T_q, T_k)
    """
    # (B, T_q, 1, A) + (B, 1, T_k, A) -> (B, T_q, T_k, A): cada par consulta-clave
    # (atencion-aditiva)
    scores = torch.tanh((Q @ W_q).unsqueeze(-2) + (K @ W_k).unsqueeze(-3)) @ w_v
    return scores


def multiplicative_scores(Q: torch.Tensor, K: torch.Tensor, W_a: torch.Tensor | None = None,
                          scale: bool = False) -> torch.Tensor:
    """Puntuación multiplicativa de Luong et al. (2015), ecuación (atencion-multiplicativa).

    Sin ``W_a`` es el producto escalar («dot»); con ``W_a`` es la forma «general»
    ``q_i W_a k_j^T``. Con ``scale=True`` se divide por la raíz de la dimensión de K.

    Parameters
    ----------
    Q : torch.Tensor, forma (B, T_q, d_q)
    K : torch.Tensor, forma (B, T_k, d_k)
    W_a : torch.Tensor o None, forma (d_q, d_k); sin él, d_q debe ser igual a d_k
    scale : bool

    Returns
    -------
    scores : torch.Tensor, forma (B, T_q, T_k)
    """
    Q_a = Q if W_a is None else Q @ W_a                  # (B, T_q, d_k)
    if Q_a.shape[-1] != K.shape[-1]:
        raise ValueError(f"la consulta transformada tiene dimensión {Q_a.shape[-1]} y la clave "
                         f"{K.shape[-1]}; deben coincidir")
    # (atencion-multiplicativa): (B, T_q, d_k) @ (B, d_k, T_k) -> (B, T_q, T_k)
    scores = Q_a @ K.transpose(-2, -1)
    return scores / math.sqrt(K.shape[-1]) if scale else scores


def causal_mask(T: int, device: torch.device | str | None = None) -> torch.Tensor:
    """Máscara causal (T, T): la consulta i solo atiende a las claves j <= i."""
    return torch.ones(T, T, dtype=torch.bool, device=device).tril()


def padding_mask(lengths: torch.Tensor, T_k: int) -> torch.Tensor:
    """Máscara de relleno (B, 1, T_k): True en las posiciones j < lengths[b]."""
    lengths = torch.as_tensor(lengths)
    if lengths.ndim != 1:
        raise ValueError(f"lengths debe tener forma (B,); se recibió {tuple(lengths.shape)}")
    return (torch.arange(T_k, device=lengths.device) < lengths[:, None]).unsqueeze(1)


class AdditiveAttention(nn.Module):
    """Atención aditiva (Bahdanau) como capa de torch con pesos ``W_q, W_k, w_v``.

    forward(Q, K, V, mask=None) -> (out, weights), con Q (B, T_q, query_size),
    K (B, T_k, key_size), V (B, T_k, d_v); out (B, T_q, d_v), weights (B, T_q, T_k).
    """

    def __init__(self, query_size: int, key_size: int, hidden_size: int) -> None:
        super().__init__()
        self.W_q = nn.Parameter(torch.randn(query_size, hidden_size) / math.sqrt(query_size))
        self.W_k = nn.Parameter(torch.randn(key_size, hidden_size) / math.sqrt(key_size))
        self.w_v = nn.Parameter(torch.randn(hidden_size) / math.sqrt(hidden_size))

    def forward(self, Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor,
                mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        _check_qkv(Q, K, V, same_d=False)
        scores = additive_scores(Q, K, self.W_q, self.W_k, self.w_v)   # (B, T_q, T_k)
        weights = masked_softmax(scores, mask)
        # (atencion-contexto)
        out = weights @ V
        return out, weights


class MultiplicativeAttention(nn.Module):
    """Atención multiplicativa «general» de Luong con peso ``W_a`` (query_size, key_size).

    forward(Q, K, V, mask=None) -> (out, weights), mismas formas que AdditiveAttention.
    """

    def __init__(self, query_size: int, key_size: int) -> None:
        super().__init__()
        self.W_a = nn.Parameter(torch.randn(query_size, key_size) / math.sqrt(query_size))

    def forward(self, Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor,
                mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        _check_qkv(Q, K, V, same_d=False)
        scores = multiplicative_scores(Q, K, self.W_a)
        weights = masked_softmax(scores, mask)
        # (atencion-contexto)
        out = weights @ V
        return out, weights
