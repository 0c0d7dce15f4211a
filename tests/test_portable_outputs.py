"""Lo que nbval compara no depende de la máquina.

nbval compara el texto de las salidas guardadas. Un residuo de coma flotante impreso en
pleno (``error relativo 4.1e-13``), un tiempo o un número de hilos cambian de una CPU a
otra y harían fallar ``make test`` en el portátil de un estudiante. Esta prueba lee las
salidas guardadas de las celdas que nbval compara (las que no llevan
``nbval-ignore-output`` ni ``nbval-skip``) y nombra la celda que imprima alguno.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
IGNORED = {"nbval-ignore-output", "nbval-skip"}

#: Un número en notación científica con exponente ≤ −7 que no es una cota («< 1e-8»):
#: un residuo o una cantidad diminuta cuyas cifras dependen de los núcleos de la CPU.
RESIDUAL = re.compile(r"(?<![<≤])(?<![<≤] )\b\d(\.\d+)?e-(0?[7-9]|[1-9]\d)\b", re.IGNORECASE)
#: Un tiempo medido («3.2 s», «12 ms», «0.8 segundos», «µs por paso»).
TIMING = re.compile(r"\b\d+(\.\d+)?\s?(s|ms|µs|us|segundos?|milisegundos?)\b(?!\w)")
THREADS = re.compile(r"\b(hilos|threads|núcleos|cores)\b", re.IGNORECASE)


def compared_text(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append("".join(out.get("text", "")))
        for key in ("text/plain", "text/html", "text/latex"):
            parts.append("".join(out.get("data", {}).get(key, "")))
    return "\n".join(parts)


def problems(path: Path) -> list[str]:
    found = []
    for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if cell["cell_type"] != "code" or IGNORED & set(cell["metadata"].get("tags", [])):
            continue
        text = compared_text(cell)
        for name, pattern in (("residuo", RESIDUAL), ("tiempo", TIMING), ("hilos", THREADS)):
            for match in pattern.finditer(text):
                found.append(f"{path.name}, celda {i}: {name} «{match.group(0)}» en una salida "
                             "comparada (imprima una cota o use nbval-ignore-output)")
    return found


def test_the_patterns_catch_what_they_should_and_only_that():
    assert RESIDUAL.search("error relativo 4.1e-13") and RESIDUAL.search("2e-09")
    assert not RESIDUAL.search("< 1e-6: True") and not RESIDUAL.search("lr = 1e-3")
    assert TIMING.search("entrenada en 3.2 s") and TIMING.search("12 ms por paso")
    assert not TIMING.search("las 5 semillas") and not TIMING.search("(32, 64)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_compared_outputs_do_not_depend_on_the_machine(path):
    found = problems(path)
    assert found == [], "\n".join(found)
