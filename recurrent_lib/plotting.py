"""Estilo común de las figuras del libro.

Todas las figuras de los capítulos llaman a :func:`set_style` una vez al principio, de
modo que el aspecto (tamaño, tipografía, mapas de color accesibles) se decide en un
único lugar.
"""

from __future__ import annotations

import matplotlib as mpl

#: Mapa de color secuencial accesible (legible en escala de grises y con daltonismo).
CMAP = "viridis"
#: Mapa de color para matrices con signo (pesos, gradientes).
CMAP_DIVERGING = "cividis"
#: Ciclo de colores accesible (Okabe–Ito) para curvas de varias series.
COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def set_style() -> None:
    """Fija el estilo de matplotlib que usan todas las figuras del libro."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=COLORS),
            "image.cmap": CMAP,
            "legend.frameon": False,
            "axes.formatter.use_locale": False,
        }
    )
