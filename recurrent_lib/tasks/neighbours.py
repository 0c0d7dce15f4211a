"""Tareas generadas en las que el futuro importa (capítulo 4).

En la tarea de los **vecinos** (ecuación ``var-vecinos`` del capítulo 4), la etiqueta del
paso :math:`t` depende del símbolo anterior :math:`x_{t-1}` *y del siguiente*
:math:`x_{t+1}`:

- ``rule="pair"``: la etiqueta es la pareja :math:`(x_{t-1}, x_{t+1})`, codificada como
  :math:`y_t = V x_{t-1} + x_{t+1}` (hay :math:`V^2` clases). Una red causal (que solo ha
  leído :math:`x_1, \\dots, x_t`) no sabe nada de :math:`x_{t+1}` y acierta a lo sumo
  :math:`1/V` de las veces; una bidireccional puede acertar siempre.
- ``rule="sum"``: :math:`y_t = (x_{t-1} + x_{t+1}) \\bmod V` (hay :math:`V` clases). Con
  :math:`V = 2` es el o exclusivo de los dos vecinos: la red causal acierta a lo sumo la
  mitad de las veces, y una bidireccional de **una** capa con salida lineal, a lo sumo
  tres de cada cuatro (ver :func:`accuracy_ceiling`).

Los extremos (:math:`t = 0` y :math:`t = T - 1`) no tienen los dos vecinos y llevan la
etiqueta :data:`IGNORE_INDEX`, que ``torch.nn.functional.cross_entropy`` ignora por
defecto.
"""

from __future__ import annotations

import numpy as np

#: Etiqueta de los pasos que no se evalúan (el valor por defecto de ``ignore_index`` en torch).
IGNORE_INDEX = -100

RULES = ("pair", "sum")


def _check_args(n: int, T: int, V: int, rule: str, rng) -> None:
    for name, value, minimum in (("n", n, 1), ("T", T, 3), ("V", V, 2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} debe ser un entero; se recibió {type(value).__name__}.")
        if value < minimum:
            raise ValueError(f"{name} debe ser al menos {minimum}; se recibió {value}.")
    if rule not in RULES:
        raise ValueError(f"rule debe ser una de {RULES}; se recibió {rule!r}.")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng debe ser un np.random.Generator; se recibió {type(rng).__name__}.")


def num_classes(V: int, rule: str) -> int:
    """Número de clases de la etiqueta: :math:`V^2` para ``"pair"``, :math:`V` para ``"sum"``."""
    if rule not in RULES:
        raise ValueError(f"rule debe ser una de {RULES}; se recibió {rule!r}.")
    return V * V if rule == "pair" else V


def neighbours_task(n: int, T: int, V: int, rule: str,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Genera ``n`` secuencias de la tarea de los vecinos.

    Parameters
    ----------
    n : int
        Número de secuencias (el lote ``B``).
    T : int
        Longitud de cada secuencia, al menos 3.
    V : int
        Número de símbolos de entrada, al menos 2; los símbolos son ``0, ..., V - 1``.
    rule : {"pair", "sum"}
        Cómo se combinan los dos vecinos (ver el docstring del módulo).
    rng : np.random.Generator
        Fuente de azar explícita.

    Returns
    -------
    tokens : np.ndarray
        Símbolos de entrada, enteros de forma ``(n, T)``, uniformes e independientes.
    labels : np.ndarray
        Etiquetas, enteros de forma ``(n, T)``; ``IGNORE_INDEX`` en ``t = 0`` y ``t = T - 1``.
    """
    _check_args(n, T, V, rule, rng)
    tokens = rng.integers(0, V, size=(n, T))
    before, after = tokens[:, :-2], tokens[:, 2:]        # x_{t-1}, x_{t+1} para t = 1..T-2
    labels = np.full((n, T), IGNORE_INDEX, dtype=np.int64)
    # (var-vecinos)
    labels[:, 1:-1] = before * V + after if rule == "pair" else (before + after) % V
    return tokens, labels


def accuracy_ceiling(V: int, rule: str, model: str) -> float:
    """Mejor exactitud esperada que puede alcanzar cada clase de modelo en la tarea.

    Parameters
    ----------
    V : int
        Número de símbolos.
    rule : {"pair", "sum"}
        La regla de la tarea.
    model : {"causal", "bidirectional-linear", "bidirectional"}
        ``"causal"``: lee solo el pasado (RNN unidireccional, de cualquier profundidad);
        ``"bidirectional-linear"``: una capa bidireccional con salida lineal sobre
        :math:`[\\mathbf{h}^{\\rightarrow}_t ; \\mathbf{h}^{\\leftarrow}_t]`;
        ``"bidirectional"``: bidireccional con al menos una no linealidad que mezcle las
        dos direcciones (p. ej. dos capas).

    Returns
    -------
    float
        La cota superior de la exactitud (sobre los pasos evaluados).
    """
    if rule not in RULES:
        raise ValueError(f"rule debe ser una de {RULES}; se recibió {rule!r}.")
    if model == "causal":
        return 1.0 / V                      # x_{t+1} es uniforme e independiente de lo leído
    if model == "bidirectional":
        return 1.0
    if model == "bidirectional-linear":
        if rule == "pair":
            return 1.0                      # logit(a, b) = u_a · h_fwd + v_b · h_bwd basta
        if V == 2:
            return 0.75                     # el o exclusivo no es separable como suma f(a) + g(b)
        raise ValueError("La cota lineal de rule='sum' solo está calculada para V = 2.")
    raise ValueError("model debe ser 'causal', 'bidirectional-linear' o 'bidirectional'; "
                     f"se recibió {model!r}.")
