"""La GRU como ``torch.nn.Module`` (capítulo 5), gemela de ``numpy_backprop/gru.py``.

Dos variantes, como en numpy: la de las diapositivas (``"seed"``) y la de torch (``"torch"``).
"""

from __future__ import annotations

import torch
from torch import nn

from recurrent_lib.torch_modules.interop import params_from_torch
from recurrent_lib.torch_modules.recurrent import _Recurrent
from recurrent_lib.validation import PARAM_KEYS


class GRU(_Recurrent):
    """GRU de las diapositivas (``variant="seed"``) o la de torch (``"torch"``, con ``b_hn``)."""

    kind = "gru"

    def __init__(self, input_size: int, hidden_size: int, variant: str = "seed",
                 device=None, dtype=None) -> None:
        if variant not in ("seed", "torch"):
            raise ValueError(f"variant debe ser 'seed' o 'torch'; se recibió {variant!r}.")
        self.variant = variant
        keys = PARAM_KEYS["gru" if variant == "seed" else "gru-torch"]
        super().__init__(input_size, hidden_size, keys, device, dtype)

    @classmethod
    def from_torch(cls, module: nn.GRU) -> GRU:
        """Copia un ``torch.nn.GRU``; el resultado usa ``variant="torch"``."""
        return cls._from_params(params_from_torch(module), module.weight_ih_l0, variant="torch")

    def forward(self, X: torch.Tensor, h0: torch.Tensor | None = None,
                return_gates: bool = False):
        """Recorre la secuencia con las ecuaciones (gru-reinicio) ... (gru-estado).

        Returns
        -------
        H : torch.Tensor
            ``(B, T, H)``.
        h_T : torch.Tensor
            ``(B, H)``.
        gates : dict, solo si ``return_gates``
            ``{"R", "Z", "H_tilde"}``, cada uno ``(B, T, H)``.
        """
        self._check_inputs(X, {"h0": h0})
        B, T, _ = X.shape
        H_t = X.new_zeros(B, self.hidden_size) if h0 is None else h0
        XW = {g: X @ getattr(self, f"W_x{g}") + getattr(self, f"b_{g}") for g in "rzh"}
        outs, gates = [], {"R": [], "Z": [], "H_tilde": []}
        for t in range(T):
            # (gru-reinicio)
            R = torch.sigmoid(XW["r"][:, t] + H_t @ self.W_hr)
            # (gru-actualizacion)
            Z = torch.sigmoid(XW["z"][:, t] + H_t @ self.W_hz)
            if self.variant == "seed":
                # (gru-candidato)
                H_tilde = torch.tanh(XW["h"][:, t] + (R * H_t) @ self.W_hh)
            else:
                # (gru-candidato-torch)
                H_tilde = torch.tanh(XW["h"][:, t] + R * (H_t @ self.W_hh + self.b_hn))
            # (gru-estado)
            H_t = Z * H_t + (1 - Z) * H_tilde
            outs.append(H_t)
            for name, v in (("R", R), ("Z", Z), ("H_tilde", H_tilde)):
                gates[name].append(v)
        H = torch.stack(outs, dim=1)
        if not return_gates:
            return H, H_t
        return H, H_t, {k: torch.stack(v, dim=1) for k, v in gates.items()}
