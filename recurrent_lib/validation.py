"""Validación de entradas: formas, claves, tipos y valores no finitos.

Cada error del usuario se detecta aquí, antes de calcular nada, con un ``ValueError`` o un
``TypeError`` cuyo mensaje en español nombra lo esperado y lo recibido. Así una entrada mal
formada nunca produce en silencio una respuesta equivocada (por ejemplo, un ``(B, D)`` que
numpy «difundiría» donde se esperaba un ``(B, T, D)``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

#: Claves de los parámetros de cada celda, en el orden de las diapositivas.
PARAM_KEYS: dict[str, tuple[str, ...]] = {
    "rnn": ("W_xh", "W_hh", "b_h"),
    "gru": ("W_xr", "W_hr", "b_r", "W_xz", "W_hz", "b_z", "W_xh", "W_hh", "b_h"),
    "gru-torch": ("W_xr", "W_hr", "b_r", "W_xz", "W_hz", "b_z", "W_xh", "W_hh", "b_h", "b_hn"),
    "lstm": ("W_xi", "W_hi", "b_i", "W_xf", "W_hf", "b_f",
             "W_xc", "W_hc", "b_c", "W_xo", "W_ho", "b_o"),
}


def as_float_array(x, name: str, finite: bool = False) -> np.ndarray:
    """Convierte ``x`` en un arreglo de punto flotante real, o explica por qué no puede.

    Parameters
    ----------
    x : array_like
        El valor recibido.
    name : str
        Nombre del argumento, para el mensaje de error.
    finite : bool
        Si es ``True``, rechaza ``NaN`` e ``Inf`` con ``ValueError``.

    Returns
    -------
    np.ndarray
        ``float16``/``float32``/``float64`` tal como vino (sin copiar si ya lo era).
    """
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:
        raise TypeError(
            f"{name} debe ser un arreglo numérico; no se pudo convertir: {err}"
        ) from err
    if not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(
            f"{name} debe ser de punto flotante real (float32 o float64); "
            f"se recibió dtype {arr.dtype}."
        )
    if finite and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} debe ser finito; se recibieron {bad} valores NaN o Inf.")
    return arr


def as_index_array(idx, name: str, V: int) -> np.ndarray:
    """Comprueba que ``idx`` sean enteros en ``[0, V)``; devuelve un arreglo ``int64``."""
    arr = np.asarray(idx)
    if not np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_:
        raise TypeError(f"{name} debe contener enteros (índices); se recibió dtype {arr.dtype}.")
    if arr.size and (arr.min() < 0 or arr.max() >= V):
        raise ValueError(
            f"{name} debe estar en [0, {V}); se recibieron valores entre {arr.min()} y {arr.max()}."
        )
    return arr.astype(np.int64, copy=False)


def check_ndarray_shape(arr: np.ndarray, name: str, expected: tuple, layout: str) -> None:
    """Exige ``arr.shape == expected`` (``None`` en ``expected`` acepta cualquier tamaño).

    ``layout`` es la forma escrita con letras, p. ej. ``"(B, T, D)"``, para el mensaje.
    """
    ok = arr.ndim == len(expected) and all(
        e is None or e == s for e, s in zip(expected, arr.shape, strict=False)
    )
    if not ok:
        want = "(" + ", ".join("?" if e is None else str(e) for e in expected) + ")"
        raise ValueError(
            f"{name} debe tener forma {layout} = {want} ({len(expected)} ejes); "
            f"se recibió forma {arr.shape} ({arr.ndim} ejes)."
        )
    if any(s == 0 for s in arr.shape):
        raise ValueError(f"{name} no puede tener ejes vacíos; se recibió forma {arr.shape}.")


def check_params(params: Mapping, kind: str) -> tuple[dict, int, int]:
    """Valida el diccionario de parámetros de una celda y deduce ``D`` y ``H``.

    Parameters
    ----------
    params : Mapping[str, np.ndarray]
        Pesos ``W_x*: (D, H)``, ``W_h*: (H, H)`` y sesgos ``b_*: (H,)``.
    kind : str
        ``"rnn"``, ``"gru"`` (variante de las diapositivas), ``"gru-torch"`` o ``"lstm"``.

    Returns
    -------
    (dict, int, int)
        Los parámetros como arreglos de punto flotante, ``D`` y ``H``.
    """
    if not isinstance(params, Mapping):
        raise TypeError(f"params debe ser un dict de arreglos; se recibió {type(params).__name__}.")
    keys = PARAM_KEYS[kind]
    missing = [k for k in keys if k not in params]
    if missing:
        raise ValueError(
            f"params ({kind}) debe tener las claves {list(keys)}; faltan {missing} "
            f"(se recibieron {sorted(params)})."
        )
    if kind == "gru" and "b_hn" in params:
        raise ValueError(
            "params tiene la clave 'b_hn', propia de la GRU de torch, pero se pidió "
            "variant='seed', que no la usa; se esperaba variant='torch' (o quitar 'b_hn')."
        )
    out = {k: as_float_array(params[k], f"params['{k}']", finite=True) for k in keys}
    W_x, W_h = out[keys[0]], out[keys[1]]
    if W_x.ndim != 2 or W_h.ndim != 2:
        raise ValueError(
            f"params['{keys[0]}'] debe ser (D, H) y params['{keys[1]}'] (H, H); "
            f"se recibieron formas {W_x.shape} y {W_h.shape}."
        )
    D, H = W_x.shape
    for k in keys:
        layout, want = (("(D, H)", (D, H)) if k.startswith("W_x")
                        else ("(H, H)", (H, H)) if k.startswith("W_h") else ("(H,)", (H,)))
        if out[k].shape != want:
            raise ValueError(
                f"params['{k}'] debe tener forma {layout} = {want} (D={D}, H={H}); "
                f"se recibió {out[k].shape}."
            )
    return out, D, H


def common_dtype(*arrays) -> np.dtype:
    """Tipo de cálculo: el de mayor precisión entre los arreglos (``float32`` si todos lo son)."""
    return np.result_type(*[a for a in arrays if a is not None])


def check_sequence_inputs(X, params: Mapping, kind: str, states: Mapping) -> tuple:
    """Valida ``X: (B, T, D)``, los parámetros y los estados iniciales ``(B, H)`` opcionales.

    Parameters
    ----------
    X : np.ndarray
        Secuencias ``(B, T, D)``.
    params : Mapping
        Parámetros de la celda ``kind``.
    kind : str
        Ver :func:`check_params`.
    states : Mapping[str, np.ndarray | None]
        Estados iniciales por nombre (``{"h0": h0}`` o ``{"h0": h0, "c0": c0}``).

    Returns
    -------
    tuple
        ``(X, params, states, B, T, D, H)`` convertidos al tipo común.
    """
    X = as_float_array(X, "X", finite=True)
    params, D, H = check_params(params, kind)
    check_ndarray_shape(X, "X", (None, None, D), f"(B, T, D) con D={D}")
    B, T, _ = X.shape
    conv = {}
    for name, s in states.items():
        if s is not None:
            s = as_float_array(s, name, finite=True)
            check_ndarray_shape(s, name, (B, H), f"(B, H) con B={B}, H={H}")
        conv[name] = s
    dtype = common_dtype(X, *params.values(), *conv.values())
    X = X.astype(dtype, copy=False)
    params = {k: v.astype(dtype, copy=False) for k, v in params.items()}
    conv = {k: (np.zeros((B, H), dtype) if v is None else v.astype(dtype, copy=False))
            for k, v in conv.items()}
    return X, params, conv, B, T, D, H


def check_step_inputs(X_t, params: Mapping, kind: str, states: Mapping) -> tuple:
    """Como :func:`check_sequence_inputs` para un paso: ``X_t: (B, D)``, estados ``(B, H)``."""
    X_t = as_float_array(X_t, "X_t", finite=True)
    params, D, H = check_params(params, kind)
    check_ndarray_shape(X_t, "X_t", (None, D), f"(B, D) con D={D}")
    B = X_t.shape[0]
    conv = {}
    for name, s in states.items():
        s = as_float_array(s, name, finite=True)
        check_ndarray_shape(s, name, (B, H), f"(B, H) con B={B}, H={H}")
        conv[name] = s
    dtype = common_dtype(X_t, *params.values(), *conv.values())
    params = {k: v.astype(dtype, copy=False) for k, v in params.items()}
    conv = {k: v.astype(dtype, copy=False) for k, v in conv.items()}
    return X_t.astype(dtype, copy=False), params, conv


def check_upstream(dY, name: str, shape: tuple, layout: str, dtype) -> np.ndarray:
    """Valida un gradiente que llega desde arriba: misma forma que la salida, finito."""
    dY = as_float_array(dY, name, finite=True)
    check_ndarray_shape(dY, name, shape, layout)
    return dY.astype(dtype, copy=False)


def check_cache(cache, cls, fn: str) -> None:
    """Exige que ``cache`` sea la tupla que devolvió la función hacia adelante correspondiente."""
    if not isinstance(cache, cls):
        raise TypeError(
            f"{fn} necesita el cache {cls.__name__} que devuelve su función hacia adelante; "
            f"se recibió {type(cache).__name__}."
        )
