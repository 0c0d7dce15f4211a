"""La LSTM como ``torch.nn.Module`` (capítulo 6), gemela de ``numpy_backprop/lstm.py``."""

from __future__ import annotations

import torch
from torch import nn

from recurrent_lib.torch_modules.interop import params_from_torch
from recurrent_lib.torch_modules.recurrent import _Recurrent
from recurrent_lib.validation import PARAM_KEYS


class LSTM(_Recurrent):
    """LSTM con parámetros ``W_x*, W_h*, b_*`` para ``* = i, f, c, o``."""

    kind = "lstm"

    def __init__(self, input_size: int, hidden_size: int, forget_bias: float = 0.0,
                 device=None, dtype=None) -> None:
        self.forget_bias = float(forget_bias)
        super().__init__(input_size, hidden_size, PARAM_KEYS["lstm"], device, dtype)

    def reset_parameters(self) -> None:
        """Como la base, y ``b_f = forget_bias``."""
        super().reset_parameters()
        nn.init.constant_(self.b_f, self.forget_bias)

    @classmethod
    def from_torch(cls, module: nn.LSTM) -> LSTM:
        """Copia un ``torch.nn.LSTM`` (una capa, una dirección, sin proyección)."""
        return cls._from_params(params_from_torch(module), module.weight_ih_l0)

    def forward(self, X: torch.Tensor, h0: torch.Tensor | None = None,
                c0: torch.Tensor | None = None, return_gates: bool = False):
        """Recorre la secuencia con las ecuaciones (lstm-olvido) ... (lstm-oculto).

        Returns
        -------
        H : torch.Tensor
            ``(B, T, H)``.
        (h_T, c_T) : tuple[torch.Tensor, torch.Tensor]
            ``(B, H)`` cada uno.
        gates : dict, solo si ``return_gates``
            ``{"F", "I", "C_tilde", "O", "C"}``, cada uno ``(B, T, H)``.
        """
        self._check_inputs(X, {"h0": h0, "c0": c0})
        B, T, _ = X.shape
        H_t = X.new_zeros(B, self.hidden_size) if h0 is None else h0
        C_t = X.new_zeros(B, self.hidden_size) if c0 is None else c0
        XW = {g: X @ getattr(self, f"W_x{g}") + getattr(self, f"b_{g}") for g in "ifco"}
        outs, gates = [], {"F": [], "I": [], "C_tilde": [], "O": [], "C": []}
        for t in range(T):
            # (lstm-olvido)
            F = torch.sigmoid(XW["f"][:, t] + H_t @ self.W_hf)
            # (lstm-entrada)
            I = torch.sigmoid(XW["i"][:, t] + H_t @ self.W_hi)  # noqa: E741
            # (lstm-candidato)
            C_tilde = torch.tanh(XW["c"][:, t] + H_t @ self.W_hc)
            # (lstm-celda)
            C_t = F * C_t + I * C_tilde
            # (lstm-salida)
            O = torch.sigmoid(XW["o"][:, t] + H_t @ self.W_ho)  # noqa: E741
            # (lstm-oculto)
            H_t = O * torch.tanh(C_t)
            outs.append(H_t)
            for name, v in (("F", F), ("I", I), ("C_tilde", C_tilde), ("O", O), ("C", C_t)):
                gates[name].append(v)
        H = torch.stack(outs, dim=1)
        if not return_gates:
            return H, (H_t, C_t)
        return H, (H_t, C_t), {k: torch.stack(v, dim=1) for k, v in gates.items()}
