"""Inicialización de parámetros con un generador explícito (``rng``).

Se usa la misma distribución que ``torch.nn.RNN/GRU/LSTM``: cada peso uniforme en
:math:`[-1/\\sqrt{H}, 1/\\sqrt{H}]`. Los sesgos empiezan en cero (salvo el de olvido de la
LSTM si se pide ``forget_bias``), para que el efecto de cada sesgo se vea al entrenar.
"""

from __future__ import annotations

import numpy as np

from recurrent_lib.validation import PARAM_KEYS


def _check_sizes(D: int, H: int, rng) -> None:
    for name, n in (("D", D), ("H", H)):
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
            raise ValueError(f"{name} debe ser un entero positivo; se recibió {n!r}.")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng debe ser un np.random.Generator (p. ej. np.random.default_rng(0)); "
            f"se recibió {type(rng).__name__}."
        )


def _init(kind: str, D: int, H: int, rng: np.random.Generator, dtype) -> dict[str, np.ndarray]:
    _check_sizes(D, H, rng)
    k = 1.0 / np.sqrt(H)
    params = {}
    for key in PARAM_KEYS[kind]:
        if key.startswith("W_x"):
            params[key] = rng.uniform(-k, k, size=(D, H)).astype(dtype)
        elif key.startswith("W_h"):
            params[key] = rng.uniform(-k, k, size=(H, H)).astype(dtype)
        else:
            params[key] = np.zeros(H, dtype=dtype)
    return params


def init_rnn_params(D: int, H: int, rng: np.random.Generator,
                    dtype=np.float64) -> dict[str, np.ndarray]:
    """Parámetros de la RNN simple: ``W_xh (D, H)``, ``W_hh (H, H)``, ``b_h (H,)``.

    Parameters
    ----------
    D, H : int
        Dimensión de la entrada y del estado oculto.
    rng : np.random.Generator
        Fuente de azar explícita.
    dtype : tipo de numpy
        ``float64`` por defecto.
    """
    return _init("rnn", D, H, rng, dtype)


def init_gru_params(D: int, H: int, rng: np.random.Generator, variant: str = "seed",
                    dtype=np.float64) -> dict[str, np.ndarray]:
    """Parámetros de la GRU: ``W_xr, W_hr, b_r, W_xz, W_hz, b_z, W_xh, W_hh, b_h``.

    Parameters
    ----------
    D, H : int
        Dimensión de la entrada y del estado oculto.
    rng : np.random.Generator
        Fuente de azar explícita.
    variant : {"seed", "torch"}
        ``"torch"`` añade ``b_hn (H,)``, el sesgo del lado oculto del candidato.
    dtype : tipo de numpy
        ``float64`` por defecto.
    """
    if variant not in ("seed", "torch"):
        raise ValueError(f"variant debe ser 'seed' o 'torch'; se recibió {variant!r}.")
    return _init("gru" if variant == "seed" else "gru-torch", D, H, rng, dtype)


def init_lstm_params(D: int, H: int, rng: np.random.Generator, forget_bias: float = 0.0,
                     dtype=np.float64) -> dict[str, np.ndarray]:
    """Parámetros de la LSTM: ``W_x*, W_h*, b_*`` para ``*`` en ``i, f, c, o``.

    Parameters
    ----------
    D, H : int
        Dimensión de la entrada y del estado oculto.
    rng : np.random.Generator
        Fuente de azar explícita.
    forget_bias : float
        Valor inicial de ``b_f``. Con ``1.0`` la compuerta de olvido empieza cerca de
        :math:`\\sigma(1) \\approx 0.73` y la memoria se conserva al principio del
        entrenamiento (Gers et al., 2000; Jozefowicz et al., 2015).
    dtype : tipo de numpy
        ``float64`` por defecto.
    """
    params = _init("lstm", D, H, rng, dtype)
    params["b_f"][:] = forget_bias
    return params
