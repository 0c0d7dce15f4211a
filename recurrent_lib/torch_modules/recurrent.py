"""Base común de las tres celdas como ``torch.nn.Module`` (``rnn.py``, ``gru.py``, ``lstm.py``).

Las celdas se escriben con las mismas ecuaciones y nombres que en ``numpy_backprop``.

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

from recurrent_lib.torch_modules.interop import params_to_torch


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
