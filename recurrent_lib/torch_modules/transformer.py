"""El bloque codificador del Transformer y un Transformer pequeño (capítulo 9).

Un bloque tiene dos subcapas, la autoatención de varias cabezas y una red de dos capas
aplicada a cada posición, cada una envuelta en una conexión residual (He et al., 2016) y
una normalización de capa (Ba et al., 2016). Hay dos maneras de combinarlas:

- **post-norm** (la del artículo original, Vaswani et al., 2017, y la de
  ``torch.nn.TransformerEncoderLayer`` por omisión, ``norm_first=False``)::

      A = LN(X + MHA(X))          # (tr-post-norm)
      Y = LN(A + FFN(A))

- **pre-norm** (``norm_first=True``; Xiong et al., 2020, muestran que entrena de forma más
  estable, sin calentamiento de la tasa de aprendizaje)::

      A = X + MHA(LN(X))          # (tr-pre-norm)
      Y = A + FFN(LN(A))

:class:`TransformerEncoderBlock` implementa las dos (post-norm por omisión, como torch) y
:meth:`TransformerEncoderBlock.from_torch` copia los pesos de una
``torch.nn.TransformerEncoderLayer(batch_first=True)``; con dropout 0 (o en modo
``eval``) las salidas coinciden. El bloque propio no tiene *dropout*.

:class:`TinyTransformer` apila bloques con una máscara causal para predecir el siguiente
símbolo (un Transformer «solo decodificador»): la secuencia fuente, un separador y la
respuesta van en una misma secuencia, y la respuesta se genera símbolo a símbolo.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from recurrent_lib.torch_modules import generation
from recurrent_lib.torch_modules.attention import causal_mask
from recurrent_lib.torch_modules.multihead import KVCache, MultiHeadAttention
from recurrent_lib.torch_modules.positional import positional_encoding

_ACTIVATIONS = {"relu": torch.relu, "gelu": nn.functional.gelu}


def layer_norm(X: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor,
               eps: float = 1e-5) -> torch.Tensor:
    """Normalización de capa, ecuación ``(tr-capanorm)``: cada fila a media 0 y varianza 1.

    Parámetros
    ----------
    X : torch.Tensor, forma ``(..., d)``
    gamma, beta : torch.Tensor, forma ``(d,)``
        Escala y desplazamiento aprendidos.
    eps : float
        Se suma a la varianza (sesgada, como en torch) para no dividir por cero.

    Devuelve
    --------
    torch.Tensor, forma ``(..., d)``
    """
    mu = X.mean(dim=-1, keepdim=True)                          # (..., 1)
    var = ((X - mu) ** 2).mean(dim=-1, keepdim=True)           # (..., 1)
    # (tr-capanorm)
    return gamma * (X - mu) / torch.sqrt(var + eps) + beta


def feed_forward(X: torch.Tensor, W_1: torch.Tensor, b_1: torch.Tensor, W_2: torch.Tensor,
                 b_2: torch.Tensor, activation: str = "relu") -> torch.Tensor:
    """Red de dos capas aplicada a cada posición por separado, ecuación ``(tr-ffn)``.

    Parámetros
    ----------
    X : torch.Tensor, forma ``(B, T, d)``
    W_1 : ``(d, d_ff)``; b_1 : ``(d_ff,)``; W_2 : ``(d_ff, d)``; b_2 : ``(d,)``
    activation : ``"relu"`` o ``"gelu"``

    Devuelve
    --------
    torch.Tensor, forma ``(B, T, d)``
    """
    # (tr-ffn): (B, T, d) @ (d, d_ff) -> (B, T, d_ff) @ (d_ff, d) -> (B, T, d)
    return _ACTIVATIONS[activation](X @ W_1 + b_1) @ W_2 + b_2


class TransformerEncoderBlock(nn.Module):
    """Bloque codificador: autoatención + red por posición, residuales y normalización.

    Parámetros
    ----------
    d_model : int
        Dimensión :math:`d` de cada posición.
    num_heads : int
        Cabezas de atención (dividen a ``d_model``).
    d_ff : int
        Ancho de la capa oculta de la red por posición.
    norm_first : bool
        ``False`` (por omisión, como torch): post-norm ``(tr-post-norm)``;
        ``True``: pre-norm ``(tr-pre-norm)``.
    activation : str
        ``"relu"`` (por omisión, como torch) o ``"gelu"``.
    eps : float
        El :math:`\\epsilon` de las dos normalizaciones de capa.

    Atributos
    ---------
    attn : MultiHeadAttention
    W_1 ``(d, d_ff)``, b_1 ``(d_ff,)``, W_2 ``(d_ff, d)``, b_2 ``(d,)`` : nn.Parameter
    gamma_1, beta_1, gamma_2, beta_2 : nn.Parameter, forma ``(d,)``
        Normalización tras (o antes de) la atención y de la red por posición.
    """

    def __init__(self, d_model: int, num_heads: int, d_ff: int, norm_first: bool = False,
                 activation: str = "relu", eps: float = 1e-5) -> None:
        super().__init__()
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation debe ser una de {sorted(_ACTIVATIONS)}; "
                             f"se recibió {activation!r}")
        self.d_model, self.d_ff = d_model, d_ff
        self.norm_first, self.activation, self.eps = norm_first, activation, eps
        self.attn = MultiHeadAttention(d_model, num_heads)
        lim_1, lim_2 = 1 / math.sqrt(d_model), 1 / math.sqrt(d_ff)   # como nn.Linear
        self.W_1 = nn.Parameter(torch.empty(d_model, d_ff).uniform_(-lim_1, lim_1))
        self.b_1 = nn.Parameter(torch.empty(d_ff).uniform_(-lim_1, lim_1))
        self.W_2 = nn.Parameter(torch.empty(d_ff, d_model).uniform_(-lim_2, lim_2))
        self.b_2 = nn.Parameter(torch.empty(d_model).uniform_(-lim_2, lim_2))
        for j in (1, 2):
            setattr(self, f"gamma_{j}", nn.Parameter(torch.ones(d_model)))
            setattr(self, f"beta_{j}", nn.Parameter(torch.zeros(d_model)))

    def _ln(self, X: torch.Tensor, j: int) -> torch.Tensor:
        return layer_norm(X, getattr(self, f"gamma_{j}"), getattr(self, f"beta_{j}"), self.eps)

    def _mha(self, X: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        out, self.last_weights = self.attn(X, X, X, mask=mask, average_weights=False)
        return out

    def _ffn(self, X: torch.Tensor) -> torch.Tensor:
        return feed_forward(X, self.W_1, self.b_1, self.W_2, self.b_2, self.activation)

    def forward(self, X: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """Aplica el bloque.

        Parámetros
        ----------
        X : torch.Tensor, forma ``(B, T, d_model)``
        mask : torch.Tensor bool o None, difundible a ``(B, T, T)``; ``True`` = puede atender.
            Relleno: ``rl.padding_mask(lengths, T)`` ``(B, 1, T)``; causal:
            ``rl.causal_mask(T)`` ``(T, T)``; ambas: su ``&``.

        Devuelve
        --------
        Y : torch.Tensor, forma ``(B, T, d_model)``. Los pesos de atención de la última
        llamada quedan en ``self.last_weights``, forma ``(B, h, T, T)``.
        """
        if self.norm_first:
            # (tr-pre-norm)
            A = X + self._mha(self._ln(X, 1), mask)
            Y = A + self._ffn(self._ln(A, 2))
        else:
            # (tr-post-norm)
            A = self._ln(X + self._mha(X, mask), 1)
            Y = self._ln(A + self._ffn(A), 2)
        return Y

    def forward_cached(self, X_new: torch.Tensor, mask: torch.Tensor | None = None,
                       past: KVCache | None = None) -> tuple[torch.Tensor, KVCache]:
        """:meth:`forward` de las posiciones nuevas ``X_new`` ``(B, T_nuevo, d)`` con la caché
        KV ``past`` de la autoatención (``MultiHeadAttention.cached_self_attention``);
        ``mask`` difundible a ``(B, T_nuevo, T)``. Devuelve ``(Y_nuevo, caché nueva)``."""
        Z = self._ln(X_new, 1) if self.norm_first else X_new
        out, self.last_weights, cache = self.attn.cached_self_attention(Z, past, mask)
        if self.norm_first:
            A = X_new + out                                         # (tr-pre-norm)
            return A + self._ffn(self._ln(A, 2)), cache
        A = self._ln(X_new + out, 1)                                # (tr-post-norm)
        return self._ln(A + self._ffn(A), 2), cache

    @classmethod
    def from_torch(cls, layer: nn.TransformerEncoderLayer) -> TransformerEncoderBlock:
        """Copia los pesos de una ``torch.nn.TransformerEncoderLayer(batch_first=True)``.

        Se respetan ``norm_first``, la activación (ReLU o GELU) y el ``eps`` de las
        normalizaciones; el *dropout* se ignora (compárese en modo ``eval``).
        """
        if not isinstance(layer, nn.TransformerEncoderLayer):
            raise TypeError("se esperaba torch.nn.TransformerEncoderLayer; se recibió "
                            f"{type(layer).__name__}")
        act = {1: "relu", 2: "gelu"}.get(layer.activation_relu_or_gelu)
        if act is None:
            raise ValueError("solo se admiten las activaciones relu y gelu de torch")
        lin1, lin2, ln1, ln2 = layer.linear1, layer.linear2, layer.norm1, layer.norm2
        new = cls(lin1.in_features, layer.self_attn.num_heads, lin1.out_features,
                  norm_first=layer.norm_first, activation=act, eps=ln1.eps)
        new = new.to(lin1.weight.dtype)
        new.attn = MultiHeadAttention.from_torch(layer.self_attn)
        with torch.no_grad():
            # torch guarda nn.Linear como (salida, entrada): se transpone a vectores fila
            new.W_1.copy_(lin1.weight.T)
            new.b_1.copy_(lin1.bias)
            new.W_2.copy_(lin2.weight.T)
            new.b_2.copy_(lin2.bias)
            for j, ln in ((1, ln1), (2, ln2)):
                getattr(new, f"gamma_{j}").copy_(ln.weight)
                getattr(new, f"beta_{j}").copy_(ln.bias)
        return new


class TinyTransformer(nn.Module):
    """Un Transformer pequeño que predice el siguiente símbolo (solo decodificador).

    Incrustación escalada por :math:`\\sqrt{d}` + codificación posicional sinusoidal,
    ``num_layers`` bloques :class:`TransformerEncoderBlock` con máscara causal, y una capa
    lineal a los ``vocab_size`` símbolos. En pre-norm se añade la normalización final
    habitual antes de la salida.

    Parámetros
    ----------
    vocab_size : int
    d_model, num_heads, d_ff, num_layers : int
    max_len : int
        Longitud máxima de las secuencias.
    norm_first : bool
        Variante de los bloques (post-norm por omisión).
    pad_id : int o None
        Símbolo de relleno: sus posiciones no reciben atención.
    """

    def __init__(self, vocab_size: int, d_model: int = 32, num_heads: int = 2, d_ff: int = 64,
                 num_layers: int = 2, max_len: int = 64, norm_first: bool = False,
                 pad_id: int | None = None) -> None:
        super().__init__()
        self.d_model, self.pad_id, self.norm_first = d_model, pad_id, norm_first
        self.embedding = nn.Embedding(vocab_size, d_model)
        # Desviación 1/sqrt(d): tras multiplicar por sqrt(d), incrustación y posición
        # tienen la misma escala (entradas de orden 1)
        nn.init.normal_(self.embedding.weight, std=d_model ** -0.5)
        self.register_buffer("PE", positional_encoding(max_len, d_model), persistent=False)
        self.blocks = nn.ModuleList(
            TransformerEncoderBlock(d_model, num_heads, d_ff, norm_first=norm_first)
            for _ in range(num_layers))
        if norm_first:
            self.gamma_f = nn.Parameter(torch.ones(d_model))
            self.beta_f = nn.Parameter(torch.zeros(d_model))
        self.out = nn.Linear(d_model, vocab_size)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """``tokens``: ``(B, T)`` enteros → ``logits``: ``(B, T, vocab_size)``.

        El logit de la posición ``t`` predice el símbolo ``t + 1`` y solo depende de los
        símbolos ``0..t`` (máscara causal).
        """
        if tokens.dim() != 2:
            raise ValueError(f"tokens debe tener forma (B, T); se recibió {tuple(tokens.shape)}")
        B, T = tokens.shape
        if T > self.PE.shape[0]:
            raise ValueError(f"T = {T} supera max_len = {self.PE.shape[0]}")
        # (B, T) -> (B, T, d): incrustación escalada más posición
        X = self.embedding(tokens) * math.sqrt(self.d_model) + self.PE[:T]
        mask = causal_mask(T, device=tokens.device)                     # (T, T)
        if self.pad_id is not None:
            mask = mask & (tokens != self.pad_id)[:, None, :]            # (B, T, T)
        for block in self.blocks:
            X = block(X, mask)
        if self.norm_first:
            X = layer_norm(X, self.gamma_f, self.beta_f)
        return self.out(X)

    def forward_cached(self, tokens: torch.Tensor, past: tuple[KVCache, ...] | None = None):
        """Logits de las posiciones nuevas ``tokens[:, T_pasado:]`` con la caché ``past``.

        ``tokens``: ``(B, T)``, la secuencia entera hasta ahora; ``past``: una ``KVCache``
        por bloque con las ``T_pasado`` primeras posiciones (``None`` = ninguna).
        Devuelve ``(logits (B, T - T_pasado, vocab_size), caché nueva)``.
        """
        T = tokens.shape[1]
        P = 0 if past is None else past[0].K.shape[2]
        if T > self.PE.shape[0]:
            raise ValueError(f"T = {T} supera max_len = {self.PE.shape[0]}")
        X = self.embedding(tokens[:, P:]) * math.sqrt(self.d_model) + self.PE[P:T]
        mask = causal_mask(T, device=tokens.device)[P:]                 # (T - P, T)
        if self.pad_id is not None:
            mask = mask & (tokens != self.pad_id)[:, None, :]            # (B, T - P, T)
        caches = []
        for j, block in enumerate(self.blocks):
            X, cache = block.forward_cached(X, mask, None if past is None else past[j])
            caches.append(cache)
        if self.norm_first:
            X = layer_norm(X, self.gamma_f, self.beta_f)
        return self.out(X), tuple(caches)

    def generate(self, prefix: torch.Tensor, steps: int, use_cache: bool = True,
                 temperature: float = 0.0, top_k: int | None = None,
                 generator: torch.Generator | None = None) -> torch.Tensor:
        """Añade ``steps`` símbolos: ``prefix`` ``(B, T_0)`` → ``(B, steps)``, solo los nuevos.

        Por omisión es la decodificación voraz; ``temperature > 0`` sortea de
        softmax(z / τ), entre los ``top_k`` más probables si se da, con ``generator``.
        ``use_cache`` (por omisión) reutiliza claves y valores: mismos símbolos, menos cálculo.
        """
        return generation.generate(self, prefix, steps, use_cache=use_cache,
                                   temperature=temperature, top_k=top_k, generator=generator)
