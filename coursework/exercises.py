"""Lectura y validación de los ejercicios de un notebook (formato de CONTRIBUTING.md).

Solo usa la biblioteca estándar: lo importan tanto las pruebas del entorno del libro como
las herramientas del entorno de nbgrader.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}
EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}[^\n]*\n(?::[a-z_-]+:[^\n]*\n)*", re.M)
LABEL = re.compile(r"^:label:\s*(\S+)\s*$", re.M)
SOLUTION_DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{(solution|solution-start)\}\s*(\S+)", re.M)
MIN_EXERCISES = 4
MIN_GRADED = 2


@dataclass(frozen=True)
class GradedExercise:
    """Un ejercicio calificado: su celda de pruebas y sus puntos."""

    chapter: str
    grade_id: str
    points: float

    @property
    def name(self) -> str:
        """Nombre de la columna en la tabla de notas: ``capítulo:etiqueta``."""
        return f"{self.chapter}:{self.grade_id.removesuffix('-pruebas')}"


def chapter_notebooks() -> list[Path]:
    """Los notebooks del libro, en orden: capítulos ``NN_tema.ipynb`` y apéndices."""
    return sorted(CHAPTERS.glob("*.ipynb"))


def load(path: Path) -> dict:
    """Lee un notebook como JSON, con ``source`` unido en una cadena por celda."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return nb


def nbgrader_meta(cell: dict) -> dict | None:
    """Los metadatos de nbgrader de una celda, o ``None`` si no los tiene."""
    return cell.get("metadata", {}).get("nbgrader")


def exercise_labels(nb: dict) -> list[str]:
    """Las etiquetas de las directivas ``{exercise}`` del notebook, en orden."""
    labels = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for match in EXERCISE.finditer(cell["source"]):
            label = LABEL.search(match.group(0))
            labels.append(label.group(1) if label else "")
    return labels


def graded_exercises(path: Path) -> list[GradedExercise]:
    """Las celdas de pruebas calificadas de un notebook, en orden."""
    chapter = Path(path).stem
    return [
        GradedExercise(chapter, meta["grade_id"], float(meta.get("points", 0)))
        for cell in load(path)["cells"]
        if (meta := nbgrader_meta(cell)) and meta.get("grade") and cell["cell_type"] == "code"
    ]


def _regions(source: str, begin: str, end: str) -> list[str]:
    """Líneas no vacías entre los marcadores ``begin`` y ``end`` (sin incluirlos)."""
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def secret_lines(nb: dict) -> list[str]:
    """Líneas que solo existen en soluciones y pruebas ocultas (no deben llegar al estudiante).

    Se devuelven las líneas de código de las regiones de solución y de pruebas ocultas, y
    las de las celdas markdown de solución, salvo las que aparecen también fuera de ellas.
    """
    secret, public = [], set()
    for cell in nb["cells"]:
        meta, source = nbgrader_meta(cell) or {}, cell["source"]
        if cell["cell_type"] == "markdown" and meta.get("solution"):
            found = [line.strip() for line in source.splitlines() if line.strip()]
        else:
            found = _regions(source, BEGIN_SOLUTION, END_SOLUTION)
            found += _regions(source, BEGIN_HIDDEN, END_HIDDEN)
        secret += found
        public |= {line.strip() for line in source.splitlines()} - set(found)
    return [line for line in dict.fromkeys(secret) if line not in public]


CODE_STUB = "# ESCRIBE AQUÍ TU CÓDIGO\nraise NotImplementedError()"
TEXT_STUB = "ESCRIBE AQUÍ TU RESPUESTA"


def clear_solution(source: str, stub: str = CODE_STUB) -> str:
    """El código sin sus regiones de solución, cada una cambiada por ``stub`` (como nbgrader)."""
    out, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN_SOLUTION:
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + s for s in stub.splitlines()]
        elif line.strip() == END_SOLUTION:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def strip_hidden(source: str) -> str:
    """El código de una celda de pruebas sin su bloque de pruebas ocultas."""
    out, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN_HIDDEN:
            inside = True
        elif line.strip() == END_HIDDEN:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out).rstrip("\n")


def _balanced(source: str, begin: str, end: str) -> bool:
    """Al menos un bloque ``begin`` ... ``end`` y todos bien cerrados, sin anidar."""
    inside, blocks = False, 0
    for line in source.splitlines():
        if line.strip() == begin:
            if inside:
                return False
            inside = True
        elif line.strip() == end:
            if not inside:
                return False
            inside, blocks = False, blocks + 1
    return blocks > 0 and not inside and source.count(begin) == blocks


def _check_metadata(i: int, cell: dict, meta: dict) -> list[str]:
    problems = []
    where = f"celda {i} ({meta.get('grade_id', '?')})"
    missing = NBGRADER_KEYS - set(meta)
    if missing:
        problems.append(f"{where}: faltan claves de nbgrader {sorted(missing)}")
    if meta.get("schema_version") != 3:
        problems.append(f"{where}: schema_version debe ser 3")
    if meta.get("task"):
        problems.append(f"{where}: el libro no usa celdas task")
    source = cell["source"]
    if cell["cell_type"] == "markdown":
        # Respuesta escrita: nbgrader exige grade y solution a la vez (se corrige a mano).
        points = meta.get("points")
        if (not (meta.get("grade") and meta.get("solution")) or meta.get("locked")
                or not isinstance(points, (int, float)) or points < 0):
            problems.append(f"{where}: una solución markdown lleva grade: true, points: 1, "
                            "solution: true, locked: false (nbgrader lo exige; CONTRIBUTING.md)")
        if not SOLUTION_DIRECTIVE.search(source):
            problems.append(f"{where}: la solución markdown debe ser una directiva {{solution}}")
    elif meta.get("grade"):
        if meta.get("solution") or not meta.get("locked"):
            problems.append(f"{where}: una celda de pruebas es de código, locked y no solution")
        if not isinstance(meta.get("points"), (int, float)) or meta.get("points", 0) <= 0:
            problems.append(f"{where}: una celda de pruebas necesita points > 0")
        if source.count(BEGIN_HIDDEN) != 1 or source.count(END_HIDDEN) != 1:
            problems.append(f"{where}: se espera un bloque {BEGIN_HIDDEN} ... {END_HIDDEN}")
        elif not source.split(BEGIN_HIDDEN)[0].strip():
            problems.append(f"{where}: faltan pruebas visibles antes de las ocultas")
    elif meta.get("solution"):
        if meta.get("locked"):
            problems.append(f"{where}: una celda de solución no puede estar locked")
        if not _balanced(source, BEGIN_SOLUTION, END_SOLUTION):
            problems.append(f"{where}: se espera al menos un bloque {BEGIN_SOLUTION} ... "
                            f"{END_SOLUTION}, bien cerrado")
    else:
        problems.append(f"{where}: metadatos de nbgrader sin grade ni solution")
    return problems


def _code_solution_problems(nb: dict, i: int, meta: dict) -> list[str]:
    """Una solución de código va entre solution-start y solution-end, y la siguen sus pruebas."""
    cells, where = nb["cells"], f"celda {i} ({meta['grade_id']})"
    before = cells[i - 1]["source"] if i > 0 else ""
    after = cells[i + 1]["source"] if i + 1 < len(cells) else ""
    problems = []
    if "{solution-start}" not in before or ":class: dropdown" not in before:
        problems.append(f"{where}: la celda anterior debe abrir {{solution-start}} "
                        "con :class: dropdown")
    if "{solution-end}" not in after:
        problems.append(f"{where}: la celda siguiente debe cerrar {{solution-end}}")
    following = next((c for c in cells[i + 1:] if c["cell_type"] == "code"), None)
    test_meta = nbgrader_meta(following) if following else None
    if not (test_meta and test_meta.get("grade")):
        problems.append(f"{where}: la siguiente celda de código debe ser su celda de "
                        "pruebas calificada")
    return problems


def check_notebook(path: Path) -> list[str]:
    """Todos los problemas de formato de los ejercicios de un notebook (lista vacía si ninguno)."""
    nb, number = load(path), Path(path).name[:2]
    problems = []
    labels = exercise_labels(nb)
    if len(labels) < MIN_EXERCISES:
        problems.append(f"tiene {len(labels)} ejercicios; se esperan al menos {MIN_EXERCISES}")
    for label in labels:
        if not re.fullmatch(rf"ej-{number}-[a-z0-9-]+", label):
            problems.append(f"etiqueta de ejercicio {label!r}: se espera ej-{number}-nombre")
    if len(set(labels)) != len(labels):
        problems.append("etiquetas de ejercicio repetidas")
    grade_ids, graded = [], 0
    for i, cell in enumerate(nb["cells"]):
        meta = nbgrader_meta(cell)
        if meta is None:
            for marker in (BEGIN_SOLUTION, BEGIN_HIDDEN):
                if marker in cell["source"]:
                    problems.append(f"celda {i}: {marker} en una celda sin metadatos de nbgrader")
            continue
        grade_ids.append(meta.get("grade_id"))
        problems += _check_metadata(i, cell, meta)
        graded += bool(meta.get("grade")) and cell["cell_type"] == "code"
        if meta.get("solution") and cell["cell_type"] == "code" and "grade_id" in meta:
            problems += _code_solution_problems(nb, i, meta)
    repeated = sorted({g for g in grade_ids if grade_ids.count(g) > 1}, key=str)
    if repeated:
        problems.append(f"grade_id repetidos: {repeated}")
    if graded < MIN_GRADED:
        problems.append(f"tiene {graded} ejercicios calificados; se esperan al menos {MIN_GRADED}")
    return problems


def upgrade_markdown_solutions(path: Path) -> int:
    """Pasa las respuestas markdown al formato que exige nbgrader; devuelve cuántas cambió.

    Solo toca los metadatos (``"grade": true`` y ``"points": 1``) y reescribe el JSON como
    lo escribe nbformat, así que las salidas guardadas no cambian.
    """
    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader")
        if cell["cell_type"] == "markdown" and meta and meta.get("solution"):
            if not meta.get("grade") or "points" not in meta:
                meta["grade"] = True
                meta.setdefault("points", 1)
                changed += 1
    if changed:
        text = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    """``python -m coursework.exercises [--upgrade] [notebook ...]``: revisa el formato."""
    upgrade = "--upgrade" in argv
    paths = [Path(a) for a in argv if a != "--upgrade"] or chapter_notebooks()
    failed = 0
    for path in paths:
        if upgrade and (n := upgrade_markdown_solutions(path)):
            print(f"{path}: {n} respuestas markdown actualizadas")
        problems = check_notebook(path)
        failed += bool(problems)
        print(f"{path}: " + ("bien" if not problems else "\n  " + "\n  ".join(problems)))
    return 1 if failed else 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
