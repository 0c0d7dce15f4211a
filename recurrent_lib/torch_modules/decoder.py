"""El bloque decodificador del Transformer (capítulo 10).

Tiene tres subcapas: la autoatención enmascarada sobre la salida ``Y`` (cada posición ve
solo las anteriores), la atención cruzada (consultas de ``Y``, claves y valores de la
memoria ``M`` que produce el codificador; es la atención de Bahdanau del capítulo 8 con
el producto escalar escalado) y la red por posición. Cada una lleva su residual y su
normalización de capa, en post-norm (Vaswani et al., 2017; ``norm_first=False``, como
torch)::

    A = LN(Y + MHA(Y, Y, Y))            # (dec-post-norm)
    C = LN(A + MHA(A, M, M))
    Z = LN(C + FFN(C))

o en pre-norm (``norm_first=True``)::

    A = Y + MHA(LN(Y))                  # (dec-pre-norm)
    C = A + MHA(LN(A), M, M)
    Z = C + FFN(LN(C))

:meth:`TransformerDecoderBlock.from_torch` copia una
``torch.nn.TransformerDecoderLayer(batch_first=True)``; en modo ``eval`` las salidas
coinciden. El bloque propio no tiene *dropout*.
"""

from __future__ import annotations

import torch
from torch import nn

from recurrent_lib.torch_modules.multihead import KVCache, MultiHeadAttention
from recurrent_lib.torch_modules.transformer import TransformerEncoderBlock


def _check_mask(mask, name, shape):
    if mask is None:
        return
    if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool:
        raise TypeError(f"{name} debe ser un torch.Tensor de tipo bool (True = puede atender); "
                        f"se recibió {getattr(mask, 'dtype', type(mask).__name__)}")
    try:
        torch.broadcast_to(mask, shape)
    except RuntimeError as error:
        raise ValueError(f"{name} de forma {tuple(mask.shape)} no es difundible a "
                         f"{tuple(shape)}") from error


class TransformerDecoderBlock(TransformerEncoderBlock):
    """Bloque decodificador: autoatención enmascarada, atención cruzada y red por posición.

    Reutiliza las piezas del bloque codificador (autoatención, red por posición, las dos
    primeras normalizaciones) y añade la atención cruzada y una tercera normalización.

    Parámetros
    ----------
    d_model, num_heads, d_ff : int
        Como en :class:`TransformerEncoderBlock`.
    norm_first : bool
        ``False`` (por omisión, como torch): post-norm ``(dec-post-norm)``;
        ``True``: pre-norm ``(dec-pre-norm)``.
    activation : str
        ``"relu"`` (por omisión) o ``"gelu"``.
    eps : float
        El :math:`\\epsilon` de las tres normalizaciones de capa.

    Atributos
    ---------
    attn : MultiHeadAttention
        La autoatención enmascarada.
    cross_attn : MultiHeadAttention
        La atención cruzada (consultas del decodificador; claves y valores de la memoria).
    W_1, b_1, W_2, b_2 : nn.Parameter
        La red por posición.
    gamma_j, beta_j : nn.Parameter, forma ``(d,)``, ``j = 1, 2, 3``
        Normalizaciones de la autoatención, la atención cruzada y la red por posición.
    """

    def __init__(self, d_model: int, num_heads: int, d_ff: int, norm_first: bool = False,
                 activation: str = "relu", eps: float = 1e-5) -> None:
        super().__init__(d_model, num_heads, d_ff, norm_first=norm_first,
                         activation=activation, eps=eps)
        self.cross_attn = MultiHeadAttention(d_model, num_heads)
        self.gamma_3 = nn.Parameter(torch.ones(d_model))
        self.beta_3 = nn.Parameter(torch.zeros(d_model))

    def _cross(self, X: torch.Tensor, memory: torch.Tensor,
               mask: torch.Tensor | None) -> torch.Tensor:
        # (dec-cruzada): consultas de X (B, T, d); claves y valores de la memoria (B, S, d)
        out, self.last_cross_weights = self.cross_attn(X, memory, memory, mask=mask,
                                                       average_weights=False)
        return out

    def forward(self, Y: torch.Tensor, memory: torch.Tensor,
                tgt_mask: torch.Tensor | None = None,
                memory_mask: torch.Tensor | None = None) -> torch.Tensor:
        """Aplica el bloque.

        Parámetros
        ----------
        Y : torch.Tensor, forma ``(B, T, d_model)``
            La secuencia del decodificador.
        memory : torch.Tensor, forma ``(B, S, d_model)``
            La salida del codificador.
        tgt_mask : torch.Tensor bool o None, difundible a ``(B, T, T)``
            ``True`` = puede atender; la causal es ``rl.causal_mask(T)``.
        memory_mask : torch.Tensor bool o None, difundible a ``(B, T, S)``
            ``True`` = puede atender; para el relleno de la fuente,
            ``rl.padding_mask(src_lengths, S)``, forma ``(B, 1, S)``.

        Devuelve
        --------
        Z : torch.Tensor, forma ``(B, T, d_model)``. Los pesos de la última llamada quedan
        en ``self.last_weights`` ``(B, h, T, T)`` y ``self.last_cross_weights``
        ``(B, h, T, S)``.
        """
        for name, X in (("Y", Y), ("memory", memory)):
            if not isinstance(X, torch.Tensor) or X.dim() != 3 or X.shape[-1] != self.d_model:
                raise ValueError(f"{name} debe tener forma (B, T, {self.d_model}); se recibió "
                                 f"{tuple(getattr(X, 'shape', ()))}")
        if Y.shape[0] != memory.shape[0]:
            raise ValueError(f"Y {tuple(Y.shape)} y memory {tuple(memory.shape)} deben tener "
                             "el mismo tamaño de lote B")
        (B, T, _), S = Y.shape, memory.shape[1]
        _check_mask(tgt_mask, "tgt_mask", (B, T, T))
        _check_mask(memory_mask, "memory_mask", (B, T, S))
        if self.norm_first:
            # (dec-pre-norm)
            A = Y + self._mha(self._ln(Y, 1), tgt_mask)
            C = A + self._cross(self._ln(A, 2), memory, memory_mask)
            Z = C + self._ffn(self._ln(C, 3))
        else:
            # (dec-post-norm)
            A = self._ln(Y + self._mha(Y, tgt_mask), 1)
            C = self._ln(A + self._cross(A, memory, memory_mask), 2)
            Z = self._ln(C + self._ffn(C), 3)
        return Z

    def forward_cached(self, Y_new: torch.Tensor, memory: torch.Tensor,
                       tgt_mask: torch.Tensor | None = None,
                       memory_mask: torch.Tensor | None = None,
                       past: KVCache | None = None) -> tuple[torch.Tensor, KVCache]:
        """:meth:`forward` de las posiciones nuevas ``Y_new`` ``(B, T_nuevo, d)`` con la
        caché KV ``past`` de la autoatención; ``tgt_mask`` difundible a ``(B, T_nuevo, T)``
        (``rl.causal_mask(T)[T_pasado:]``), ``memory_mask`` a ``(B, T_nuevo, S)``. La
        memoria no cambia entre pasos. Devuelve ``(Z_nuevo, caché nueva)``."""
        Z = self._ln(Y_new, 1) if self.norm_first else Y_new
        out, self.last_weights, cache = self.attn.cached_self_attention(Z, past, tgt_mask)
        if self.norm_first:
            # (dec-pre-norm)
            A = Y_new + out
            C = A + self._cross(self._ln(A, 2), memory, memory_mask)
            return C + self._ffn(self._ln(C, 3)), cache
        # (dec-post-norm)
        A = self._ln(Y_new + out, 1)
        C = self._ln(A + self._cross(A, memory, memory_mask), 2)
        return self._ln(C + self._ffn(C), 3), cache

    @classmethod
    def from_torch(cls, layer: nn.TransformerDecoderLayer) -> TransformerDecoderBlock:
        """Copia los pesos de una ``torch.nn.TransformerDecoderLayer(batch_first=True)``.

        Se respetan ``norm_first``, la activación (ReLU o GELU) y el ``eps``; el *dropout*
        se ignora (compárese en modo ``eval``). torch llama ``norm1``, ``norm2``, ``norm3``
        a las normalizaciones de la autoatención, la atención cruzada y la red.
        """
        if not isinstance(layer, nn.TransformerDecoderLayer):
            raise TypeError("se esperaba torch.nn.TransformerDecoderLayer; se recibió "
                            f"{type(layer).__name__}")
        act = {torch.relu: "relu", nn.functional.relu: "relu",
               nn.functional.gelu: "gelu"}.get(layer.activation)
        if act is None:
            raise ValueError("solo se admiten las activaciones relu y gelu de torch")
        lin1, lin2 = layer.linear1, layer.linear2
        new = cls(lin1.in_features, layer.self_attn.num_heads, lin1.out_features,
                  norm_first=layer.norm_first, activation=act, eps=layer.norm1.eps)
        new = new.to(lin1.weight.dtype)
        new.attn = MultiHeadAttention.from_torch(layer.self_attn)
        new.cross_attn = MultiHeadAttention.from_torch(layer.multihead_attn)
        with torch.no_grad():
            # torch guarda nn.Linear como (salida, entrada): se transpone a vectores fila
            new.W_1.copy_(lin1.weight.T)
            new.b_1.copy_(lin1.bias)
            new.W_2.copy_(lin2.weight.T)
            new.b_2.copy_(lin2.bias)
            for j, ln in ((1, layer.norm1), (2, layer.norm2), (3, layer.norm3)):
                getattr(new, f"gamma_{j}").copy_(ln.weight)
                getattr(new, f"beta_{j}").copy_(ln.bias)
        return new
