"""Las tres celdas como ``torch.nn.Module``, escritas con las mismas ecuaciones y nombres.

Sirven para los bucles de entrenamiento de los capítulos (torch calcula los gradientes por
autograd). Los parámetros se llaman como en numpy (``W_xr``, ``b_r``...), en vectores fila
``(D, H)``, y se copian desde/hacia ``torch.nn.RNN/GRU/LSTM`` con :meth:`from_torch` y
:meth:`to_torch`. Funcionan en CPU o CUDA: los estados iniciales se crean en el dispositivo
y con el tipo de ``X``.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from recurrent_lib.torch_interop import params_from_torch, params_to_torch
from recurrent_lib.validation import PARAM_KEYS


def _check_tensor(x, name: str, shape: tuple, layout: str) -> None:
    """Exige un tensor de punto flotante con forma ``shape`` (``None`` = cualquier tamaño)."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} debe ser un torch.Tensor; se recibió {type(x).__name__}.")
    if not x.is_floating_point():
        raise TypeError(f"{name} debe ser de punto flotante; se recibió dtype {x.dtype}.")
    ok = x.dim() == len(shape) and all(e is None or e == s for e, s in zip(shape, x.shape,
                                                                           strict=False))
    if not ok:
        want = "(" + ", ".join("?" if e is None else str(e) for e in shape) + ")"
        raise ValueError(f"{name} debe tener forma {layout} = {want}; se recibió {tuple(x.shape)}.")


class _Recurrent(nn.Module):
    """Base común: parámetros con los nombres del libro, validación e intercambio con torch."""

    kind = ""

    def __init__(self, input_size: int, hidden_size: int, keys: tuple[str, ...],
                 device=None, dtype=None) -> None:
        super().__init__()
        for name, n in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
                raise ValueError(f"{name} debe ser un entero positivo; se recibió {n!r}.")
        self.input_size, self.hidden_size = int(input_size), int(hidden_size)
        D, H = input_size, hidden_size
        for k in keys:
            shape = (D, H) if k.startswith("W_x") else (H, H) if k.startswith("W_h") else (H,)
            self.register_parameter(k, nn.Parameter(torch.empty(shape, device=device,
                                                                dtype=dtype)))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Pesos uniformes en :math:`[-1/\\sqrt{H}, 1/\\sqrt{H}]` (como torch), sesgos en cero."""
        k = 1.0 / math.sqrt(self.hidden_size)
        for name, p in self.named_parameters():
            if name.startswith("W_"):
                nn.init.uniform_(p, -k, k)
            else:
                nn.init.zeros_(p)

    def _check_inputs(self, X, states: dict) -> None:
        _check_tensor(X, "X", (None, None, self.input_size), f"(B, T, D) con D={self.input_size}")
        B = X.shape[0]
        for name, s in states.items():
            if s is not None:
                _check_tensor(s, name, (B, self.hidden_size), f"(B, H) con H={self.hidden_size}")

    def numpy_params(self) -> dict[str, np.ndarray]:
        """Copia de los parámetros como dict de numpy, para las funciones ``rl.*_forward``."""
        return {k: v.detach().cpu().numpy().copy() for k, v in self.named_parameters()}

    def load_numpy_params(self, params: dict) -> None:
        """Carga un dict de numpy con las mismas claves (p. ej. de ``rl.init_gru_params``)."""
        own = dict(self.named_parameters())
        if set(params) != set(own):
            raise ValueError(
                f"Se esperaban las claves {sorted(own)}; se recibieron {sorted(params)}."
            )
        with torch.no_grad():
            for k, p in own.items():
                v = torch.as_tensor(np.asarray(params[k]))
                if tuple(v.shape) != tuple(p.shape):
                    raise ValueError(f"params['{k}'] debe tener forma {tuple(p.shape)}; "
                                     f"se recibió {tuple(v.shape)}.")
                p.copy_(v)

    @classmethod
    def _from_params(cls, params: dict, ref: torch.Tensor, **kwargs):
        D, H = next(v for k, v in params.items() if k.startswith("W_x")).shape
        model = cls(D, H, device=ref.device, dtype=ref.dtype, **kwargs)
        model.load_numpy_params(params)
        return model

    def to_torch(self, batch_first: bool = True) -> nn.Module:
        """Un ``torch.nn.RNN/GRU/LSTM`` equivalente, en el mismo dispositivo."""
        ref = next(self.parameters())
        return params_to_torch(self.numpy_params(), self.kind, batch_first).to(ref.device)


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
