"""Codificación posicional sinusoidal (capítulo 9).

La autoatención no distingue el orden de las posiciones: permutar las filas de la entrada
permuta las de la salida y nada más. Vaswani et al. (2017) suman a cada vector de entrada
un vector que depende solo de su posición :math:`t`,

.. math::

    PE_{t, 2i} = \\sin\\!\\left(t / 10000^{2i/d}\\right), \\qquad
    PE_{t, 2i+1} = \\cos\\!\\left(t / 10000^{2i/d}\\right),

ecuación ``(tr-posicional)`` del capítulo 9. Cada par de columnas ``(2i, 2i+1)`` es un
reloj que gira con frecuencia :math:`\\omega_i = 10000^{-2i/d}`; por eso la posición
:math:`t + k` se obtiene de la :math:`t` con una rotación que depende solo de :math:`k`.
"""

from __future__ import annotations

import torch


def _check_sizes(T: int, d_model: int) -> None:
    for name, value in (("T", T), ("d_model", d_model)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} debe ser un entero; se recibió {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} debe ser ≥ 1; se recibió {value}")


def positional_frequencies(d_model: int, base: float = 10000.0,
                           dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """Frecuencias angulares :math:`\\omega_i = base^{-2i/d}` de los pares de columnas.

    Parámetros
    ----------
    d_model : int
        Dimensión del modelo :math:`d`.
    base : float
        La base de la progresión geométrica de longitudes de onda (10000 en el artículo).
    dtype : torch.dtype
        Tipo de los números devueltos.

    Devuelve
    --------
    omega : torch.Tensor, forma ``(ceil(d_model / 2),)``
        Una frecuencia por par de columnas, de 1 a casi ``1 / base``.
    """
    _check_sizes(1, d_model)
    two_i = torch.arange(0, d_model, 2, dtype=dtype)          # 0, 2, 4, ...
    return base ** (-two_i / d_model)


def positional_encoding(T: int, d_model: int, base: float = 10000.0,
                        dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Matriz de codificación posicional sinusoidal, ecuación ``(tr-posicional)``.

    Parámetros
    ----------
    T : int
        Número de posiciones :math:`t = 0, \\dots, T-1`.
    d_model : int
        Dimensión del modelo :math:`d` (puede ser impar: la última columna es un seno).
    base : float
        Base de las longitudes de onda (10000 en Vaswani et al., 2017).
    dtype : torch.dtype
        Tipo del resultado (los cálculos se hacen en float64).

    Devuelve
    --------
    PE : torch.Tensor, forma ``(T, d_model)``
        Columnas pares: senos; columnas impares: cosenos. Toda entrada en ``[-1, 1]``.
    """
    _check_sizes(T, d_model)
    omega = positional_frequencies(d_model, base)                # (ceil(d/2),)
    t = torch.arange(T, dtype=torch.float64)[:, None]            # (T, 1)
    angles = t * omega                                           # (T, ceil(d/2))
    PE = torch.empty(T, d_model, dtype=torch.float64)
    # (tr-posicional)
    PE[:, 0::2] = torch.sin(angles)
    PE[:, 1::2] = torch.cos(angles[:, : d_model // 2])
    return PE.to(dtype)


def offset_rotation(k: int, d_model: int, base: float = 10000.0,
                    dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """Matriz :math:`M_k` tal que ``PE[t + k] = PE[t] @ M_k`` para todo ``t``.

    Es diagonal por bloques: en cada par ``(2i, 2i+1)`` un giro de ángulo
    :math:`k \\omega_i`. Solo existe para ``d_model`` par.

    Parámetros
    ----------
    k : int
        Desplazamiento (puede ser negativo).
    d_model : int
        Dimensión del modelo, par.

    Devuelve
    --------
    M : torch.Tensor, forma ``(d_model, d_model)``
    """
    _check_sizes(1, d_model)
    if d_model % 2:
        raise ValueError(f"d_model debe ser par para la rotación; se recibió {d_model}")
    theta = k * positional_frequencies(d_model, base)            # (d/2,)
    cos, sin = torch.cos(theta), torch.sin(theta)
    M = torch.zeros(d_model, d_model, dtype=torch.float64)
    even = torch.arange(0, d_model, 2)
    # Vector fila [sin a, cos a] @ [[cos b, -sin b], [sin b, cos b]] = [sin(a+b), cos(a+b)]
    M[even, even] = cos
    M[even, even + 1] = -sin
    M[even + 1, even] = sin
    M[even + 1, even + 1] = cos
    return M.to(dtype)


class PositionalEncoding(torch.nn.Module):
    """Suma la codificación sinusoidal a una secuencia de vectores: ``X + PE[:T]``.

    Parámetros
    ----------
    d_model : int
        Dimensión de los vectores.
    max_len : int
        Longitud máxima admitida; la tabla se calcula una vez y se guarda como *buffer*.
    base : float
        Base de las longitudes de onda.
    """

    def __init__(self, d_model: int, max_len: int = 512, base: float = 10000.0) -> None:
        super().__init__()
        self.d_model = d_model
        self.register_buffer("PE", positional_encoding(max_len, d_model, base), persistent=False)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """``X``: ``(B, T, d_model)`` → ``(B, T, d_model)``."""
        if X.dim() != 3 or X.shape[-1] != self.d_model:
            raise ValueError(
                f"se esperaba X de forma (B, T, {self.d_model}); se recibió {tuple(X.shape)}")
        T = X.shape[1]
        if T > self.PE.shape[0]:
            raise ValueError(f"T = {T} supera max_len = {self.PE.shape[0]}")
        return X + self.PE[:T].to(X.dtype)
