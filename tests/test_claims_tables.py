"""Las tablas de afirmaciones tal como están guardadas en los capítulos.

Cada capítulo que entrena un modelo termina (en su última celda de código antes de los
ejercicios) con la tabla que imprime ``rl.ClaimsTable.show``. Esta prueba la lee de las
salidas guardadas y comprueba su formato y el mínimo de filas y semillas de cada capítulo.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import recurrent_lib as rl
from recurrent_lib.claims import HEADER

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))

#: Capítulo -> (filas mínimas, semillas mínimas por fila).
MINIMUMS: dict[str, tuple[int, int]] = {
    "01_secuencias": (2, 1),
    "02_rnn": (2, 1),
    "06_lstm": (4, 3),
    "03_bptt": (4, 3),
    "04_variaciones": (4, 3),
    "08_atencion": (5, 3),
    "09_transformer": (2, 3),
    "07_comparativa": (4, 3),
    "05_gru": (4, 3),
    "10_decodificador": (4, 3),
}

NUMBER = r"-?\d+\.\d+(e[-+]\d+)?"
UMBRAL = re.compile(rf"^[≥≤] {NUMBER}$")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def stdout_of(cell: dict) -> str:
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def table_cell(path: Path) -> tuple[int, list[dict]] | None:
    """Índice de la celda que imprime la tabla y sus filas, o ``None`` si no la hay."""
    found = [(i, rl.parse_claims_table(stdout_of(c))) for i, c in enumerate(cells(path))
             if c["cell_type"] == "code" and HEADER in stdout_of(c)]
    assert len(found) <= 1, f"{path.name}: más de una tabla de afirmaciones"
    return found[0] if found else None


def first_exercise(path: Path) -> int:
    for i, c in enumerate(cells(path)):
        if c["cell_type"] == "markdown" and "{exercise}" in "".join(c["source"]):
            return i
    return len(cells(path))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_stored_table_has_the_exact_format(path):
    found = table_cell(path)
    if found is None:
        pytest.skip("sin tabla de afirmaciones")
    index, rows = found
    assert rows, f"{path.name}: la tabla no tiene filas"
    for row in rows:
        assert row["semillas"].isdigit(), row
        assert re.fullmatch(NUMBER, row["entrenado"]), row
        assert re.fullmatch(NUMBER, row["referencia"]), row
        assert UMBRAL.match(row["umbral"]), row
    code_before = [i for i, c in enumerate(cells(path)[:first_exercise(path)])
                   if c["cell_type"] == "code"]
    assert index == code_before[-1], (
        f"{path.name}: la tabla está en la celda {index}; debe ser la última celda de código "
        f"antes de los ejercicios ({code_before[-1]})"
    )


@pytest.mark.parametrize("chapter", sorted(MINIMUMS))
def test_chapters_that_train_models_table_their_claims(chapter):
    rows_min, seeds_min = MINIMUMS[chapter]
    found = table_cell(ROOT / "chapters" / f"{chapter}.ipynb")
    assert found is not None, f"{chapter}: falta la tabla de afirmaciones"
    rows = found[1]
    assert len(rows) >= rows_min, f"{chapter}: {len(rows)} filas; se piden {rows_min}"
    if seeds_min > 1:
        few = [r["afirmación"] for r in rows if int(r["semillas"]) < seeds_min]
        assert not few, f"{chapter}: filas con menos de {seeds_min} semillas: {few}"
