"""Varias GRU independientes entrenadas a la vez en un solo ``torch.nn.GRU`` (capítulo 5).

Para medir una afirmación en varias semillas hay que entrenar varias redes. En CPU, con
lotes pequeños, el coste de un ``torch.nn.GRU`` lo dominan las llamadas, no las
multiplicaciones: K redes de tamaño H cuestan casi lo mismo que una de tamaño K·H. La
clase :class:`BlockDiagonalGRU` aprovecha eso. Guarda K GRU de entrada D y estado H como
**una** GRU de entrada K·D y estado K·H cuyas matrices son diagonales por bloques: el
miembro k lee solo su porción de la entrada, ``X[..., k·D:(k+1)·D]``, y escribe solo su
porción del estado. Los pesos fuera de los bloques valen cero y su gradiente se anula con
un gancho, de modo que Adam (que actúa elemento a elemento) nunca los mueve: cada miembro
se entrena exactamente como si estuviera solo. El recorte del gradiente también se hace por
miembro, con :meth:`BlockDiagonalGRU.clip_grad_norm_`.

Uso::

    members = [torch.nn.GRU(D, H, batch_first=True) for seed in seeds]   # cada uno con su semilla
    ensemble = BlockDiagonalGRU(members)
    H_all, _ = ensemble(torch.cat([embed_k(tokens) for embed_k in embeds], dim=-1))
    ...
    loss.backward(); ensemble.clip_grad_norm_(1.0, extra=[list(e.parameters()) for e in embeds])
    gru_k = ensemble.member(k)                   # un torch.nn.GRU(D, H) con los pesos del miembro k
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

_NAMES = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")


class BlockDiagonalGRU(nn.Module):
    """K GRU de ``torch`` (entrada D, estado H, una capa) como una GRU diagonal por bloques.

    Parameters
    ----------
    members : sequence of torch.nn.GRU
        Las K redes, con el mismo ``input_size`` D y ``hidden_size`` H, una capa, con sesgos
        y unidireccionales. Sus pesos se copian; los módulos originales no se tocan.
    """

    def __init__(self, members: Sequence[nn.GRU]) -> None:
        super().__init__()
        if not members:
            raise ValueError("members no puede estar vacío.")
        D, H = members[0].input_size, members[0].hidden_size
        for m in members:
            if not isinstance(m, nn.GRU):
                raise TypeError(f"se esperaba torch.nn.GRU; se recibió {type(m).__name__}.")
            if (m.input_size, m.hidden_size) != (D, H) or m.num_layers != 1 \
                    or m.bidirectional or not m.bias:
                raise ValueError(
                    f"todos los miembros deben ser GRU({D}, {H}) de una capa, con sesgos y de "
                    f"una dirección; se recibió GRU({m.input_size}, {m.hidden_size}, "
                    f"num_layers={m.num_layers}, bidirectional={m.bidirectional})."
                )
        self.K, self.D, self.H = len(members), D, H
        ref = members[0].weight_ih_l0
        self.gru = nn.GRU(self.K * D, self.K * H, batch_first=True, device=ref.device,
                          dtype=ref.dtype)
        with torch.no_grad():
            for name in _NAMES:
                getattr(self.gru, name).zero_()
            for k, m in enumerate(members):
                for name in _NAMES:
                    block = self._block(getattr(self.gru, name), k, name)       # (3, H, ...)
                    block.copy_(getattr(m, name).view(block.shape))
        for name in _NAMES:
            owner = torch.full_like(getattr(self.gru, name), -1, dtype=torch.long)
            for k in range(self.K):
                self._block(owner, k, name).fill_(k)
            self.register_buffer(f"owner_{name}", owner)
            mask = (owner >= 0).to(ref.dtype)
            getattr(self.gru, name).register_hook(lambda g, mask=mask: g * mask)

    def _block(self, tensor: torch.Tensor, k: int, name: str) -> torch.Tensor:
        """Vista del bloque del miembro k: sus filas en cada compuerta (r, z, n) y sus columnas."""
        K, H = self.K, self.H
        gates = tensor.view(3, K * H, *tensor.shape[1:])[:, k * H:(k + 1) * H]   # (3, H, ...)
        if name.startswith("bias"):
            return gates
        width = self.D if name.startswith("weight_ih") else H
        return gates[..., k * width:(k + 1) * width]

    def forward(self, X: torch.Tensor, h0: torch.Tensor | None = None):
        """Recorre ``X`` de forma ``(B, T, K·D)``; devuelve ``(B, T, K·H)`` y ``(1, B, K·H)``."""
        if X.dim() != 3 or X.shape[-1] != self.K * self.D:
            raise ValueError(f"X debe tener forma (B, T, K·D) = (?, ?, {self.K * self.D}); "
                             f"se recibió {tuple(X.shape)}.")
        return self.gru(X, h0)

    def member(self, k: int) -> nn.GRU:
        """Un ``torch.nn.GRU(D, H, batch_first=True)`` nuevo con los pesos del miembro k."""
        if not 0 <= k < self.K:
            raise ValueError(f"k debe estar en [0, {self.K}); se recibió {k}.")
        ref = self.gru.weight_ih_l0
        out = nn.GRU(self.D, self.H, batch_first=True, device=ref.device, dtype=ref.dtype)
        with torch.no_grad():
            for name in _NAMES:
                block = self._block(getattr(self.gru, name), k, name)
                getattr(out, name).copy_(block.reshape(getattr(out, name).shape))
        return out

    def clip_grad_norm_(self, max_norm: float,
                        extra: Sequence[Sequence[torch.Tensor]] | None = None) -> torch.Tensor:
        """Recorta el gradiente de **cada miembro** a norma ``max_norm``, como ``clip_grad_norm_``.

        Parameters
        ----------
        max_norm : float
            Umbral θ de la norma de cada miembro.
        extra : sequence of sequence of tensor, optional
            Para cada miembro, sus otros parámetros (incrustación, capa de salida), que
            entran en su norma y se recortan con el mismo factor.

        Returns
        -------
        torch.Tensor
            ``(K,)``: la norma de cada miembro antes de recortar.
        """
        extra = [[] for _ in range(self.K)] if extra is None else extra
        if len(extra) != self.K:
            raise ValueError(f"extra debe tener {self.K} listas; se recibieron {len(extra)}.")
        ref = self.gru.weight_ih_l0
        squares = torch.zeros(self.K + 1, dtype=ref.dtype, device=ref.device)
        for name in _NAMES:
            g = getattr(self.gru, name).grad
            if g is not None:
                owner = getattr(self, f"owner_{name}")
                squares.index_add_(0, (owner + 1).flatten(), (g * g).flatten())
        for k, params in enumerate(extra):
            for p in params:
                if p.grad is not None:
                    squares[k + 1] += (p.grad * p.grad).sum()
        norms = squares[1:].sqrt()
        # el mismo factor que torch.nn.utils.clip_grad_norm_: θ / (‖g‖ + 1e-6), como mucho 1
        factor = torch.clamp(max_norm / (norms + 1e-6), max=1.0)
        with torch.no_grad():
            scale = torch.cat([factor.new_ones(1), factor])
            for name in _NAMES:
                g = getattr(self.gru, name).grad
                if g is not None:
                    g.mul_(scale[getattr(self, f"owner_{name}") + 1])
            for k, params in enumerate(extra):
                for p in params:
                    if p.grad is not None:
                        p.grad.mul_(factor[k])
        return norms
