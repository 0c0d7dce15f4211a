"""La RNN simple como ``torch.nn.Module`` (capítulo 2), gemela de ``numpy_backprop/rnn.py``."""

from __future__ import annotations

import torch
from torch import nn

from recurrent_lib.torch_modules.interop import params_from_torch
from recurrent_lib.torch_modules.recurrent import _Recurrent
from recurrent_lib.validation import PARAM_KEYS


class RNN(_Recurrent):
    """RNN simple (tanh) con parámetros ``W_xh (D, H)``, ``W_hh (H, H)``, ``b_h (H,)``."""

    kind = "rnn"

    def __init__(self, input_size: int, hidden_size: int, device=None, dtype=None) -> None:
        super().__init__(input_size, hidden_size, PARAM_KEYS["rnn"], device, dtype)

    @classmethod
    def from_torch(cls, module: nn.RNN) -> RNN:
        """Copia un ``torch.nn.RNN`` (tanh, una capa, una dirección)."""
        return cls._from_params(params_from_torch(module), module.weight_ih_l0)

    def forward(self, X: torch.Tensor, h0: torch.Tensor | None = None,
                return_gates: bool = False):
        """Recorre la secuencia con (rnn-paso).

        Parameters
        ----------
        X : torch.Tensor
            ``(B, T, D)``.
        h0 : torch.Tensor, opcional
            ``(B, H)``; ceros si es ``None``.
        return_gates : bool
            Si es ``True`` devuelve además un dict vacío (la RNN simple no tiene compuertas),
            para que el código que compara las tres celdas sea uniforme.

        Returns
        -------
        H : torch.Tensor
            ``(B, T, H)``.
        h_T : torch.Tensor
            Último estado, ``(B, H)``.
        """
        self._check_inputs(X, {"h0": h0})
        B, T, _ = X.shape
        H_t = X.new_zeros(B, self.hidden_size) if h0 is None else h0
        XW_h = X @ self.W_xh + self.b_h                 # (B, T, D) @ (D, H) -> (B, T, H)
        outs = []
        for t in range(T):
            # (rnn-paso)
            H_t = torch.tanh(XW_h[:, t] + H_t @ self.W_hh)
            outs.append(H_t)
        H = torch.stack(outs, dim=1)
        return (H, H_t, {}) if return_gates else (H, H_t)
