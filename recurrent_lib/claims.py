"""La tabla de afirmaciones: lo que un capítulo dice de una red entrenada, medido.

Una afirmación sobre un modelo entrenado («la GRU resuelve la suma a T = 50») se trata
como un resultado de un artículo: se mide en varias semillas y frente a una **referencia
que debe fallarla** (la misma red sin entrenar, el azar, un modelo de ventana, el modelo
más débil de la comparación). Si la referencia también la cumpliera, la afirmación no
diría nada.

Uso en un capítulo::

    claims = rl.ClaimsTable()
    claims.add("la GRU resuelve la suma a T = 50 (MSE)",
               trained=[5e-4, 7e-4, 4e-4], reference=0.167, threshold=0.01, direction="<=")
    claims.show()

:meth:`ClaimsTable.add` comprueba en el acto que **cada** semilla cumple el umbral y que la
referencia **no** lo cumple (``AssertionError`` en español si no). :meth:`ClaimsTable.show`
imprime la tabla con el formato que leen los docentes y las pruebas::

    | afirmación | semillas | entrenado | referencia | umbral |
    |---|---|---|---|---|
    | la GRU resuelve la suma a T = 50 (MSE) | 3 | 0.00070 | 0.17 | ≤ 0.01 |

``entrenado`` es la peor semilla y ``referencia`` el mejor valor de la referencia (el más
cercano a cumplir), de modo que la fila muestra el margen más desfavorable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

#: Cabecera exacta de la tabla (otras comprobaciones la buscan tal cual).
HEADER = "| afirmación | semillas | entrenado | referencia | umbral |"
_SYMBOL = {">=": "≥", "<=": "≤"}


class Claim(NamedTuple):
    """Una fila de la tabla: la afirmación, sus valores por semilla y su referencia."""

    text: str
    trained: tuple[float, ...]
    reference: tuple[float, ...]
    threshold: float
    direction: str

    def passes(self, value: float) -> bool:
        """¿Cumple ``value`` el umbral en la dirección de la afirmación?"""
        if self.direction == ">=":
            return value >= self.threshold
        return value <= self.threshold

    @property
    def worst(self) -> float:
        """El valor entrenado más desfavorable (la peor semilla)."""
        return min(self.trained) if self.direction == ">=" else max(self.trained)

    @property
    def best_reference(self) -> float:
        """El valor de la referencia más cercano a cumplir la afirmación."""
        return max(self.reference) if self.direction == ">=" else min(self.reference)


def _as_values(values, name: str) -> tuple[float, ...]:
    if isinstance(values, (int, float)) or hasattr(values, "__float__"):
        values = [values]
    out = tuple(float(v) for v in values)
    if not out:
        raise ValueError(f"{name} no puede estar vacío.")
    if not all(math.isfinite(v) for v in out):
        raise ValueError(f"{name} debe ser finito; se recibió {out}.")
    return out


def format_number(value: float, threshold: float | None = None) -> str:
    """Escribe ``value`` con punto decimal, con las cifras justas para compararlo.

    Dos decimales si bastan (``0.80``); notación científica para valores pequeños o
    grandes (``5.2e-04``). Si se da ``threshold``, añade decimales hasta que el número
    escrito no coincida con el umbral escrito (nunca ``0.80`` frente a ``≥ 0.80`` cuando
    el valor real es 0.796).
    """
    if value != 0 and (abs(value) < 0.01 or abs(value) >= 1e4):
        for digits in range(1, 6):
            text = f"{value:.{digits}e}"
            if threshold is None or value == threshold or text != f"{threshold:.{digits}e}":
                return text
        return text
    for digits in range(2, 8):
        text = f"{value:.{digits}f}"
        if threshold is None or value == threshold or text != f"{threshold:.{digits}f}":
            return text
    return text


class ClaimsTable:
    """Las afirmaciones de un capítulo sobre modelos entrenados, comprobadas al registrarlas."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []

    def add(
        self,
        text: str,
        trained: Sequence[float] | float,
        reference: Sequence[float] | float,
        threshold: float,
        direction: str = ">=",
    ) -> Claim:
        """Registra una afirmación y comprueba que el modelo la cumple y la referencia no.

        Parameters
        ----------
        text : str
            La afirmación en español, tal como la dice el capítulo (sin ``|``).
        trained : sequence of float
            El valor medido en el modelo entrenado, uno por semilla.
        reference : float or sequence of float
            El valor de la referencia que debe fallar la afirmación (uno o varios).
        threshold : float
            El umbral de la afirmación.
        direction : {">=", "<="}
            ``">="`` si la afirmación dice «al menos», ``"<="`` si dice «como mucho».

        Returns
        -------
        Claim
            La fila registrada.

        Raises
        ------
        AssertionError
            Si alguna semilla no cumple el umbral o si la referencia lo cumple.
        """
        if direction not in _SYMBOL:
            raise ValueError(f"direction debe ser '>=' o '<='; se recibió {direction!r}.")
        if not text or "|" in text or "\n" in text:
            raise ValueError("La afirmación debe ser una línea no vacía y sin «|».")
        claim = Claim(text, _as_values(trained, "trained"), _as_values(reference, "reference"),
                      float(threshold), direction)
        symbol = _SYMBOL[direction]
        failing = [f"{v:.4g}" for v in claim.trained if not claim.passes(v)]
        if failing:
            raise AssertionError(
                f"«{text}»: {len(failing)} de {len(claim.trained)} semillas no cumplen "
                f"{symbol} {threshold:g} (valores {', '.join(failing)})."
            )
        passing = [f"{v:.4g}" for v in claim.reference if claim.passes(v)]
        if passing:
            raise AssertionError(
                f"«{text}»: la referencia también cumple {symbol} {threshold:g} (valores "
                f"{', '.join(passing)}); la afirmación no distingue el modelo entrenado."
            )
        self.claims.append(claim)
        return claim

    def render(self) -> str:
        """La tabla en texto plano: cabecera, separador y una fila por afirmación."""
        lines = [HEADER, "|---|---|---|---|---|"]
        for c in self.claims:
            lines.append(
                f"| {c.text} | {len(c.trained)} | {format_number(c.worst, c.threshold)} | "
                f"{format_number(c.best_reference, c.threshold)} | "
                f"{_SYMBOL[c.direction]} {format_number(c.threshold)} |"
            )
        return "\n".join(lines)

    def show(self) -> None:
        """Imprime la tabla (la última celda de código antes de los ejercicios)."""
        if not self.claims:
            raise ValueError("La tabla no tiene afirmaciones: registre alguna con add().")
        print(self.render())


def parse_claims_table(text: str) -> list[dict[str, str]]:
    """Lee una tabla impresa por :meth:`ClaimsTable.show` (para las pruebas y los docentes).

    Returns
    -------
    list of dict
        Una entrada por fila, con las claves de la cabecera. Lista vacía si ``text`` no
        contiene la cabecera.
    """
    lines = text.splitlines()
    if HEADER not in lines:
        return []
    start = lines.index(HEADER)
    keys = [k.strip() for k in HEADER.strip("|").split("|")]
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != len(keys):
            raise ValueError(f"Fila con {len(cells)} columnas en vez de {len(keys)}: {line!r}")
        rows.append(dict(zip(keys, cells, strict=True)))
    return rows
