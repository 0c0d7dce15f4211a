"""Puente entre los diccionarios ``params`` del libro y ``torch.nn.RNN/GRU/LSTM``.

torch guarda cada peso como ``(salida, entrada)`` y apila las compuertas por filas:
GRU ``(r | z | n)``, LSTM ``(i | f | g | o)`` con ``g`` el candidato. Además cada compuerta
tiene dos sesgos (``bias_ih`` y ``bias_hh``). Con vectores fila, ``W_xr = weight_ih[r].T``.
Los sesgos se suman en uno solo, salvo el del lado oculto del candidato de la GRU, que en
torch queda multiplicado por la compuerta de reinicio y por eso es un parámetro aparte:
``b_hn`` (la variante ``"torch"`` de :func:`recurrent_lib.gru_forward`).
"""

from __future__ import annotations

import numpy as np
import torch

from recurrent_lib.validation import check_params

#: Orden de las compuertas en las matrices apiladas de torch, con nuestros nombres.
TORCH_GATES = {"rnn": ("h",), "gru": ("r", "z", "h"), "lstm": ("i", "f", "c", "o")}


def _kind_of(module) -> str:
    if isinstance(module, torch.nn.LSTM):
        if module.proj_size:
            raise ValueError(
                f"La LSTM no debe tener proyección; se recibió proj_size={module.proj_size}."
            )
        return "lstm"
    if isinstance(module, torch.nn.GRU):
        return "gru"
    if isinstance(module, torch.nn.RNN):
        if module.nonlinearity != "tanh":
            raise ValueError(
                f"Se esperaba nonlinearity='tanh'; se recibió {module.nonlinearity!r}."
            )
        return "rnn"
    raise TypeError(
        "Se esperaba torch.nn.RNN, torch.nn.GRU o torch.nn.LSTM; "
        f"se recibió {type(module).__name__}."
    )


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().copy()


def params_from_torch(module: torch.nn.Module, layer: int = 0,
                      reverse: bool = False) -> dict[str, np.ndarray]:
    """Copia los pesos de un ``torch.nn.RNN`` (tanh), ``GRU`` o ``LSTM`` a un dict de numpy.

    Parameters
    ----------
    module : torch.nn.RNN | torch.nn.GRU | torch.nn.LSTM
        ``batch_first`` da igual (no cambia los pesos).
    layer : int
        Capa que se copia (0 por defecto).
    reverse : bool
        En un módulo bidireccional, ``True`` copia la dirección hacia atrás.

    Returns
    -------
    dict
        Las claves del libro; para la GRU, las nueve de las diapositivas más ``b_hn``
        (úsese con ``variant="torch"``). El tipo es el del módulo (``float32`` o ``float64``).
    """
    kind = _kind_of(module)
    if not 0 <= layer < module.num_layers:
        raise ValueError(f"layer debe estar en [0, {module.num_layers}); se recibió {layer}.")
    if reverse and not module.bidirectional:
        raise ValueError(
            "reverse=True necesita un módulo bidireccional; se recibió uno de una dirección."
        )
    sfx = f"_l{layer}" + ("_reverse" if reverse else "")
    H = module.hidden_size
    W_ih, W_hh = _np(getattr(module, "weight_ih" + sfx)), _np(getattr(module, "weight_hh" + sfx))
    if module.bias:
        b_ih, b_hh = _np(getattr(module, "bias_ih" + sfx)), _np(getattr(module, "bias_hh" + sfx))
    else:
        b_ih = b_hh = np.zeros(W_ih.shape[0], dtype=W_ih.dtype)
    params = {}
    for k, g in enumerate(TORCH_GATES[kind]):
        rows = slice(k * H, (k + 1) * H)
        params[f"W_x{g}"] = np.ascontiguousarray(W_ih[rows].T)        # (D, H)
        params[f"W_h{g}"] = np.ascontiguousarray(W_hh[rows].T)        # (H, H)
        if kind == "gru" and g == "h":
            params["b_h"], params["b_hn"] = b_ih[rows], b_hh[rows]
        else:
            params[f"b_{g}"] = b_ih[rows] + b_hh[rows]
    return params


def params_to_torch(params: dict, kind: str, batch_first: bool = True) -> torch.nn.Module:
    """Construye un ``torch.nn.RNN``/``GRU``/``LSTM`` de una capa con estos pesos.

    Parameters
    ----------
    params : dict
        Parámetros del libro. Para ``kind="gru"`` deben incluir ``b_hn`` (variante
        ``"torch"``): la GRU de las diapositivas aplica el reinicio antes del producto y
        ``torch.nn.GRU`` no puede representarla.
    kind : {"rnn", "gru", "lstm"}
    batch_first : bool
        El ``batch_first`` del módulo creado.

    Returns
    -------
    torch.nn.Module
        En el tipo de los parámetros (``float32`` o ``float64``), en la CPU.
    """
    if kind not in TORCH_GATES:
        raise ValueError(f"kind debe ser 'rnn', 'gru' o 'lstm'; se recibió {kind!r}.")
    if kind == "gru" and "b_hn" not in params:
        raise ValueError(
            "torch.nn.GRU aplica el reinicio después del producto y necesita 'b_hn'; se "
            "recibieron los parámetros de la variante 'seed' (sin 'b_hn'), que torch no puede "
            "representar. Use init_gru_params(..., variant='torch') o params_from_torch."
        )
    p, D, H = check_params(params, "gru-torch" if kind == "gru" else kind)
    dtype = np.result_type(*p.values())
    cls = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[kind]
    module = cls(D, H, batch_first=batch_first, dtype=torch.from_numpy(np.zeros(0, dtype)).dtype)
    gates = TORCH_GATES[kind]
    b_hh = [p["b_hn"] if (kind == "gru" and g == "h") else np.zeros(H, dtype) for g in gates]
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.from_numpy(np.concatenate([p[f"W_x{g}"].T for g in gates])))
        module.weight_hh_l0.copy_(torch.from_numpy(np.concatenate([p[f"W_h{g}"].T for g in gates])))
        module.bias_ih_l0.copy_(torch.from_numpy(np.concatenate([p[f"b_{g}"] for g in gates])))
        module.bias_hh_l0.copy_(torch.from_numpy(np.concatenate(b_hh).astype(dtype)))
    return module
