"""``make grade SUBMISSIONS=carpeta/``: corrige sin conexión las entregas de una clase.

Uso: ``python -m coursework.grade carpeta/ [--timeout 60]``

``carpeta/`` tiene una subcarpeta por estudiante con sus notebooks tal como los reparte
``make student``: ``carpeta/<estudiante>/<capítulo>/<capítulo>.ipynb``. Para cada
capítulo entregado se arma un curso de nbgrader temporal (fuente: el capítulo de
``chapters/``, con sus soluciones y pruebas ocultas), se copian las entregas y se corre
``nbgrader autograde`` una vez por estudiante y capítulo:

- las celdas de pruebas se restauran desde la fuente (cambiarlas no sirve de nada) y se
  añaden las pruebas ocultas;
- cada celda tiene ``--timeout`` segundos: un bucle infinito pierde solo ese ejercicio;
- un error o un error de sintaxis pierde las pruebas que dependen de esa celda;
- el núcleo corre en la copia temporal, con la guardia de ``coursework/guard.py``.

Imprime la tabla estudiante × ejercicio y la escribe en ``carpeta/grades.csv`` (una fila
por estudiante: su carpeta y los puntos de cada ejercicio, y el total al final). Los
notebooks corregidos, con los errores de cada celda, quedan en ``carpeta/_corregidos/``
para devolverlos a los estudiantes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from coursework.course import make_course, nbgrader, upgrade, warm_up
from coursework.exercises import CHAPTERS, GradedExercise, graded_exercises, load

FEEDBACK = "_corregidos"


def find_submissions(folder: Path) -> tuple[list[str], dict[tuple[str, str], Path]]:
    """Estudiantes (carpetas) y notebooks entregados, por (estudiante, capítulo)."""
    students = sorted(p.name for p in folder.iterdir()
                      if p.is_dir() and not p.name.startswith((".", "_")))
    found = {}
    for student in students:
        for notebook in sorted((folder / student).rglob("*.ipynb")):
            chapter = notebook.stem
            if ".ipynb_checkpoints" in notebook.parts or not (CHAPTERS / notebook.name).exists():
                continue
            # La disposición de make student (capítulo/capítulo.ipynb) gana a otras.
            if (student, chapter) not in found or notebook.parent.name == chapter:
                found[(student, chapter)] = notebook
    return students, found


def autograde(root: Path, env: dict, chapter: str, sid: str | None, limit: float) -> str:
    """Corre ``nbgrader autograde`` (un estudiante, o todos si ``sid`` es None).

    Devuelve ``""`` o el motivo por el que nbgrader terminó mal.
    """
    who = [f"--student={sid}"] if sid else []
    try:
        done = nbgrader(root, env, "autograde", chapter, *who, "--create", "--force",
                        timeout=limit)
    except subprocess.TimeoutExpired:
        return f"superó {limit:.0f} s en total"
    if done.returncode:
        lines = [line.strip() for line in done.stderr.splitlines()
                 if "Error" in line and "Please see" not in line]
        return (lines[-1] if lines else done.stderr.strip()[-300:]) or "nbgrader falló"
    return ""


def copy_submission(notebook: Path, target: Path) -> None:
    """Copia una entrega; si es JSON, con las respuestas markdown en el formato de nbgrader."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        target.write_text(json.dumps(upgrade(nb), ensure_ascii=False), encoding="utf-8")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        shutil.copy(notebook, target)  # nbgrader dirá qué tiene de malo


def read_scores(root: Path, ids: dict[str, str], exercises: list[GradedExercise],
                ) -> dict[str, dict[str, float]]:
    """Puntos de cada estudiante en cada ejercicio, leídos del gradebook de nbgrader."""
    from nbgrader.api import Gradebook, MissingEntry

    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])

    scores = {student: dict.fromkeys((e.name for e in exercises), 0.0) for student in ids}
    by_id = {(e.chapter, e.grade_id): e.name for e in exercises}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student, sid in ids.items():
            for chapter in sorted({e.chapter for e in exercises}):
                try:
                    notebook = gb.find_submission_notebook(chapter, chapter, sid)
                except MissingEntry:
                    continue
                for grade in notebook.grades:
                    name = by_id.get((chapter, grade.name))
                    if name is not None:
                        scores[student][name] = float(grade.score or 0.0)
    return scores


def code_cells(chapter: str) -> int:
    """Número de celdas de código del capítulo."""
    return sum(c["cell_type"] == "code" for c in load(CHAPTERS / f"{chapter}.ipynb")["cells"])


def grade(folder: Path, timeout: int = 60) -> tuple[list[GradedExercise], dict, list[str]]:
    """Corrige la carpeta de entregas; devuelve ejercicios, puntos y avisos."""
    folder = Path(folder).resolve()
    students, found = find_submissions(folder)
    chapters = sorted({chapter for _, chapter in found})
    if not chapters:
        raise SystemExit(f"{folder}: no hay entregas "
                         "(se espera <estudiante>/<capítulo>/<capítulo>.ipynb)")
    exercises = [e for c in chapters for e in graded_exercises(CHAPTERS / f"{c}.ipynb")]
    # Identificadores internos simples: el nombre de la carpeta puede tener cualquier cosa.
    ids = {student: f"alumno{k:04d}" for k, student in enumerate(students)}
    problems = []
    with tempfile.TemporaryDirectory(prefix="correccion-") as tmp:
        root = Path(tmp)
        env = make_course(root, chapters, timeout=timeout)
        warm_up(env)
        for chapter in chapters:
            done = nbgrader(root, env, "generate_assignment", chapter, "--force")
            if done.returncode:
                raise SystemExit(f"{chapter}: generate_assignment falló:\n{done.stderr}")
            # Tope por entrega: la suma de los tiempos por celda, al menos 10 minutos.
            limit = max(600, code_cells(chapter) * timeout)
            submitted = {}
            for student in students:
                notebook = found.get((student, chapter))
                if notebook is None:
                    problems.append(f"{student}: no entregó {chapter}")
                    continue
                target = root / "submitted" / ids[student] / chapter
                target.mkdir(parents=True)
                copy_submission(notebook, target / f"{chapter}.ipynb")
                graded = root / "autograded" / ids[student] / chapter
                submitted[student] = graded / f"{chapter}.ipynb"
            # Una sola llamada para todos (nbgrader aísla los fallos de cada uno); las entregas
            # que quedaron sin corregir (p. ej. se superó el tiempo total) se repiten solas.
            print(f"corrigiendo {chapter}: {len(submitted)} entregas ...", flush=True)
            autograde(root, env, chapter, None, limit=len(submitted) * limit)
            for student, graded in submitted.items():
                if not graded.exists():
                    print(f"corrigiendo de nuevo {student} / {chapter} ...", flush=True)
                    why = autograde(root, env, chapter, ids[student], limit=limit)
                    if why or not graded.exists():
                        problems.append(
                            f"{student} / {chapter}: no se pudo corregir ({why}); 0 puntos")
                if graded.exists():
                    keep = folder / FEEDBACK / student / chapter
                    keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(graded, keep / f"{chapter}.ipynb")
        scores = read_scores(root, ids, exercises)
    return exercises, scores, problems


def write_table(folder: Path, exercises: list[GradedExercise], scores: dict) -> str:
    """Escribe ``grades.csv`` y devuelve la tabla como texto."""
    header = ["estudiante", *(e.name for e in exercises), "total"]
    rows = [[student, *(scores[student][e.name] for e in exercises),
             sum(scores[student].values())] for student in scores]
    with open(Path(folder) / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows([[r[0], *(f"{x:g}" for x in r[1:])] for r in rows])
    maximum = ["(máximo)", *(e.points for e in exercises), sum(e.points for e in exercises)]
    table = [header] + [[r[0], *(f"{x:g}" for x in r[1:])] for r in [*rows, maximum]]
    widths = [max(len(str(row[k])) for row in table) for k in range(len(header))]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True))
             for row in table]
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", help="carpeta con una subcarpeta por estudiante")
    parser.add_argument("--timeout", type=int, default=60, help="segundos por celda (60)")
    args = parser.parse_args(argv)
    folder = Path(args.submissions)
    if not folder.is_dir():
        raise SystemExit(f"{folder}: no es una carpeta")
    exercises, scores, problems = grade(folder, timeout=args.timeout)
    print(write_table(folder, exercises, scores))
    for problem in problems:
        print("aviso:", problem)
    print(f"notas en {folder / 'grades.csv'}; notebooks corregidos en {folder / FEEDBACK}")


if __name__ == "__main__":
    main(sys.argv[1:])
