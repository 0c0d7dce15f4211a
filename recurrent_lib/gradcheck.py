"""Comprobación de gradientes: gradiente numérico por diferencias centradas y error relativo."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                       eps: float = 1e-6) -> np.ndarray:
    """Gradiente de ``f`` en ``x`` por diferencias centradas.

    :math:`\\partial f / \\partial x_i \\approx (f(x + \\varepsilon e_i) - f(x - \\varepsilon
    e_i)) / 2\\varepsilon`. Modifica ``x`` *en su sitio* componente a componente y lo deja
    como estaba; así ``f`` puede cerrar sobre el mismo arreglo (p. ej. ``params["W_xr"]``).

    Parameters
    ----------
    f : callable
        Función de un arreglo que devuelve un escalar (la pérdida).
    x : np.ndarray
        Punto donde se evalúa, cualquier forma, ``float64`` recomendado.
    eps : float
        Paso de las diferencias.

    Returns
    -------
    np.ndarray
        Misma forma que ``x``.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            "numerical_gradient necesita un np.ndarray de punto flotante (lo modifica en su "
            f"sitio); se recibió {type(x).__name__} "
            f"{getattr(x, 'dtype', '')}."
        )
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        f_plus = float(f(x))
        x[i] = old - eps
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """Error relativo máximo entre dos arreglos: ``max |a - b| / max(1e-8, |a| + |b|)``.

    Es la medida de CS231n: en ``float64``, un gradiente bien derivado da ``< 1e-6``.

    Parameters
    ----------
    a, b : np.ndarray
        Misma forma.

    Returns
    -------
    float
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error necesita la misma forma; se recibió {a.shape} y {b.shape}.")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
