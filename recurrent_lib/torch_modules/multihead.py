"""Atención de varias cabezas (capítulo 9).

Cada cabeza :math:`j` proyecta consultas, claves y valores a un subespacio de dimensión
:math:`d_k = d / h` y atiende por su cuenta con la atención de producto escalar escalado
(``rl.scaled_dot_product_attention``, del módulo ``attention``); las :math:`h` salidas se
concatenan y se mezclan con :math:`W^{(o)}` (Vaswani et al., 2017):

.. math::

    \\mathrm{head}_j = \\mathrm{Atención}(Q W^{(q)}_j, K W^{(k)}_j, V W^{(v)}_j), \\qquad
    \\mathrm{MultiHead}(Q, K, V) = [\\mathrm{head}_1, \\dots, \\mathrm{head}_h] W^{(o)}.

Las :math:`h` proyecciones de una clase se guardan juntas en una matriz :math:`d \\times d`
(vectores fila: ``X @ W_q``); la cabeza :math:`j` usa sus columnas
``j d_k : (j + 1) d_k``. Así es como las guarda también ``torch.nn.MultiheadAttention``,
transpuestas, en ``in_proj_weight``; :meth:`MultiHeadAttention.from_torch` las copia.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import nn

from recurrent_lib.torch_modules.attention import scaled_dot_product_attention


def _check_inputs(query, key, value, d_model):
    for name, X in (("query", query), ("key", key), ("value", value)):
        if not isinstance(X, torch.Tensor):
            raise TypeError(f"{name} debe ser un torch.Tensor; se recibió {type(X).__name__}")
        if X.dim() != 3 or X.shape[-1] != d_model:
            raise ValueError(f"{name} debe tener forma (B, T, {d_model}); "
                             f"se recibió {tuple(X.shape)}")
    if key.shape[:2] != value.shape[:2] or key.shape[0] != query.shape[0]:
        raise ValueError("query (B, T_q, d), key (B, T_k, d) y value (B, T_k, d) deben "
                         f"compartir B y T_k; se recibieron {tuple(query.shape)}, "
                         f"{tuple(key.shape)} y {tuple(value.shape)}")


class KVCache(NamedTuple):
    """Claves y valores ya proyectados de las posiciones anteriores (caché KV), por cabeza.

    ``K, V`` : torch.Tensor, forma ``(B, h, T_pasado, d_k)``.
    """

    K: torch.Tensor
    V: torch.Tensor


def split_heads(X: torch.Tensor, num_heads: int) -> torch.Tensor:
    """Separa las cabezas en un eje propio: ``(B, T, d)`` → ``(B, h, T, d / h)``.

    La cabeza ``j`` se queda con las columnas ``j d_k : (j + 1) d_k``.
    """
    B, T, d = X.shape
    d_k = d // num_heads
    # (B, T, d) -> (B, T, h, d_k) -> (B, h, T, d_k)
    return X.reshape(B, T, num_heads, d_k).transpose(1, 2)


def merge_heads(X: torch.Tensor) -> torch.Tensor:
    """Inversa de :func:`split_heads`, la concatenación: ``(B, h, T, d_k)`` → ``(B, T, h d_k)``."""
    B, h, T, d_k = X.shape
    # (B, h, T, d_k) -> (B, T, h, d_k) -> (B, T, h*d_k)
    return X.transpose(1, 2).reshape(B, T, h * d_k)


class MultiHeadAttention(nn.Module):
    """Atención de ``num_heads`` cabezas, ecuaciones ``(tr-multicabeza)``.

    Parámetros
    ----------
    d_model : int
        Dimensión :math:`d` de consultas, claves, valores y salida.
    num_heads : int
        Número de cabezas :math:`h`; debe dividir a ``d_model``.
    bias : bool
        Si las proyecciones llevan sesgo (``b_q, b_k, b_v, b_o``).

    Atributos
    ---------
    W_q, W_k, W_v, W_o : nn.Parameter, forma ``(d_model, d_model)``
        Proyecciones (vectores fila: ``X @ W_q``); la cabeza ``j`` usa las columnas
        ``j d_k : (j+1) d_k`` de ``W_q, W_k, W_v`` y las filas correspondientes de ``W_o``.
    b_q, b_k, b_v, b_o : nn.Parameter, forma ``(d_model,)``, o ``None`` sin sesgo.
    """

    def __init__(self, d_model: int, num_heads: int, bias: bool = True) -> None:
        super().__init__()
        if d_model % num_heads:
            raise ValueError(f"num_heads = {num_heads} debe dividir a d_model = {d_model}")
        self.d_model, self.num_heads = d_model, num_heads
        self.d_k = d_model // num_heads
        for name in ("q", "k", "v", "o"):
            W = torch.empty(d_model, d_model)
            nn.init.xavier_uniform_(W)
            setattr(self, f"W_{name}", nn.Parameter(W))
            setattr(self, f"b_{name}", nn.Parameter(torch.zeros(d_model)) if bias else None)

    def forward(self, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                mask: torch.Tensor | None = None, average_weights: bool = True):
        """Atención de varias cabezas.

        Parámetros
        ----------
        query : torch.Tensor, forma ``(B, T_q, d_model)``
        key : torch.Tensor, forma ``(B, T_k, d_model)``
        value : torch.Tensor, forma ``(B, T_k, d_model)``
        mask : torch.Tensor bool o None
            Difundible a ``(B, T_q, T_k)``; ``True`` = puede atender. Para el relleno de
            las claves: ``mask = key_valid[:, None, :]`` con ``key_valid`` de forma ``(B, T_k)``.
            Una fila sin ninguna clave permitida da pesos y salida de atención nulos.
        average_weights : bool
            Si ``True`` (como torch), los pesos devueltos son la media de las cabezas.

        Devuelve
        --------
        out : torch.Tensor, forma ``(B, T_q, d_model)``
        weights : torch.Tensor, forma ``(B, T_q, T_k)``, o ``(B, h, T_q, T_k)`` sin promediar.
        """
        _check_inputs(query, key, value, self.d_model)
        B, T_q, _ = query.shape
        T_k, h = key.shape[1], self.num_heads
        # (tr-proyecciones): las h cabezas a la vez, (B, T, d) @ (d, d) -> (B, T, d)
        Q = self._project(query, self.W_q, self.b_q)
        K = self._project(key, self.W_k, self.b_k)
        V = self._project(value, self.W_v, self.b_v)
        mask_heads = None
        if mask is not None:
            mask_heads = self._expand_mask(mask, B, T_q, T_k)  # (B, 1, T_q, T_k)
        # (tr-atencion) en cada cabeza: salida (B, h, T_q, d_k), pesos (B, h, T_q, T_k)
        heads, weights = scaled_dot_product_attention(
            split_heads(Q, h), split_heads(K, h), split_heads(V, h), mask=mask_heads)
        # (tr-multicabeza): concatenar (B, T_q, h*d_k) y mezclar con W_o
        out = self._project(merge_heads(heads), self.W_o, self.b_o)
        return out, (weights.mean(dim=1) if average_weights else weights)

    def cached_self_attention(self, X_new: torch.Tensor, past: KVCache | None = None,
                              mask: torch.Tensor | None = None):
        """Autoatención de las posiciones nuevas sobre las pasadas y sí mismas, con caché KV.

        Las claves y valores de las posiciones anteriores no cambian al llegar una nueva
        (con máscara causal, la posición ``t`` no ve el futuro): basta proyectar las
        posiciones nuevas y concatenarlas a ``past``. Un paso de generación cuesta así
        :math:`O(T d)` en la atención (una consulta frente a ``T`` claves) y :math:`O(d^2)`
        en las proyecciones, en vez de :math:`O(T^2 d + T d^2)` si se recalcula todo.

        Parámetros
        ----------
        X_new : torch.Tensor, forma ``(B, T_nuevo, d_model)``
        past : KVCache o None
            Claves y valores de las ``T_pasado`` posiciones anteriores.
        mask : torch.Tensor bool o None, difundible a ``(B, T_nuevo, T_pasado + T_nuevo)``
            ``True`` = puede atender; para la causal, ``rl.causal_mask(T)[T_pasado:]``.

        Devuelve
        --------
        out : ``(B, T_nuevo, d_model)``; weights : ``(B, h, T_nuevo, T)``;
        cache : KVCache con las ``T = T_pasado + T_nuevo`` posiciones.
        """
        _check_inputs(X_new, X_new, X_new, self.d_model)
        B, T_new, _ = X_new.shape
        h = self.num_heads
        # (tr-proyecciones) solo de las posiciones nuevas: (B, h, T_nuevo, d_k)
        Q = split_heads(self._project(X_new, self.W_q, self.b_q), h)
        K = split_heads(self._project(X_new, self.W_k, self.b_k), h)
        V = split_heads(self._project(X_new, self.W_v, self.b_v), h)
        if past is not None:
            if past.K.shape[:2] != (B, h) or past.K.shape[-1] != self.d_k:
                raise ValueError(f"past.K debe tener forma (B, h, T, d_k) = ({B}, {h}, T, "
                                 f"{self.d_k}); se recibió {tuple(past.K.shape)}")
            # (dec-cache): (B, h, T_pasado, d_k) ++ (B, h, T_nuevo, d_k) -> (B, h, T, d_k)
            K, V = torch.cat([past.K, K], dim=2), torch.cat([past.V, V], dim=2)
        mask_heads = None if mask is None else self._expand_mask(mask, B, T_new, K.shape[2])
        heads, weights = scaled_dot_product_attention(Q, K, V, mask=mask_heads)
        out = self._project(merge_heads(heads), self.W_o, self.b_o)
        return out, weights, KVCache(K, V)

    @staticmethod
    def _project(X, W, b):
        return X @ W if b is None else X @ W + b

    def _expand_mask(self, mask, B, T_q, T_k):
        if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool:
            raise TypeError("mask debe ser un torch.Tensor de tipo bool (True = puede atender); "
                            f"se recibió {getattr(mask, 'dtype', type(mask).__name__)}")
        try:
            mask = torch.broadcast_to(mask, (B, T_q, T_k))
        except RuntimeError as error:
            raise ValueError(f"mask de forma {tuple(mask.shape)} no es difundible a "
                             f"(B, T_q, T_k) = {(B, T_q, T_k)}") from error
        # Cada cabeza ve la misma máscara: (B, T_q, T_k) -> (B, 1, T_q, T_k)
        return mask.unsqueeze(1)

    @classmethod
    def from_torch(cls, m: nn.MultiheadAttention) -> MultiHeadAttention:
        """Copia los pesos de un ``torch.nn.MultiheadAttention(batch_first=True)``.

        torch guarda ``in_proj_weight`` de forma ``(3d, d)`` = ``[W_q; W_k; W_v]``
        transpuestas (calcula ``x W^T``) y ``out_proj`` como una ``nn.Linear``.
        """
        if not isinstance(m, nn.MultiheadAttention):
            raise TypeError("se esperaba torch.nn.MultiheadAttention; se recibió "
                            f"{type(m).__name__}")
        if not m.batch_first:
            raise ValueError("se esperaba batch_first=True; se recibió batch_first=False")
        if not m._qkv_same_embed_dim or m.bias_k is not None or m.add_zero_attn:
            raise ValueError("solo se admite kdim = vdim = embed_dim, sin add_bias_kv ni "
                             "add_zero_attn")
        d = m.embed_dim
        new = cls(d, m.num_heads, bias=m.in_proj_bias is not None)
        new = new.to(m.in_proj_weight.dtype)
        with torch.no_grad():
            W_in = m.in_proj_weight.detach()                      # (3d, d)
            for j, name in enumerate(("q", "k", "v")):
                getattr(new, f"W_{name}").copy_(W_in[j * d:(j + 1) * d].T)
                if m.in_proj_bias is not None:
                    getattr(new, f"b_{name}").copy_(m.in_proj_bias[j * d:(j + 1) * d])
            new.W_o.copy_(m.out_proj.weight.T)
            if m.out_proj.bias is not None and new.b_o is not None:
                new.b_o.copy_(m.out_proj.bias)
        return new

    def extra_repr(self) -> str:
        return f"d_model={self.d_model}, num_heads={self.num_heads}, d_k={self.d_k}"

