"""``make grade SUBMISSIONS=carpeta/ [JOBS=N]``: corrige sin conexión las entregas de una clase.

Uso: ``python -m coursework.grade carpeta/ [--timeout 60] [--jobs N]``

``carpeta/`` tiene una subcarpeta por estudiante con sus notebooks tal como los reparte
``make student``: ``carpeta/<estudiante>/<capítulo>/<capítulo>.ipynb``. Para cada capítulo:

1. **Referencia.** El cuaderno del docente (``chapters/``, con soluciones y pruebas
   ocultas) se corre una vez, con cada celda de pruebas transformada para anotar sus
   comparaciones (``coursework.compare``). Se guarda en ``_build/correccion/`` y se reusa
   mientras el capítulo y el kit no cambien.
2. **Cada entrega, sola.** Se arma el cuaderno a corregir: el del docente, con las celdas de
   solución de la entrega (solo esas: lo demás, y las pruebas, salen de la fuente) y las
   pruebas transformadas. Corre en su propia carpeta y su propio núcleo, dentro de
   bubblewrap (``coursework.sandbox``), ``--jobs`` entregas a la vez; cada celda tiene
   ``--timeout`` segundos.
3. **Notas fuera del núcleo.** Un ejercicio vale sus puntos si su celda de pruebas terminó
   y cada comparación anotada, recalculada aquí, da lo mismo que en la referencia con los
   mismos valores (``compare.check_cell``), y si su solución no usa lo que
   ``restricciones.yml`` prohíbe ni parchea nada (``coursework.restrictions``).

Imprime la tabla estudiante × ejercicio y la escribe en ``carpeta/grades.csv``, con la
columna ``revisar``: los motivos por los que un docente debería mirar la entrega (parches,
biblioteca prohibida, accesos fuera de la carpeta, tiempo agotado, cuaderno roto). Los
cuadernos corregidos, para devolver, quedan en ``carpeta/_corregidos/``: cada uno solo con
lo de su estudiante, y sin el código de las pruebas ocultas.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from coursework import compare, restrictions, sandbox
from coursework.exercises import (
    CHAPTERS,
    ROOT,
    GradedExercise,
    clear_solution,
    graded_exercises,
    load,
    nbgrader_meta,
    strip_hidden,
)

FEEDBACK = "_corregidos"
CACHE = ROOT / "_build" / "correccion"
KIT_FILES = ("compare.py", "recorder.py", "guard.py", "run_one.py", "sandbox.py")


@dataclass
class Plan:
    """Un capítulo listo para correr: celdas de pruebas transformadas y sus ejercicios."""

    chapter: str
    source: dict
    sites: dict[str, list] = field(default_factory=dict)   # grade_id de pruebas -> sitios
    solution_of: dict[str, str] = field(default_factory=dict)  # pruebas -> solución
    exercises: list[GradedExercise] = field(default_factory=list)


def plan(chapter: str) -> Plan:
    """Lee el capítulo de ``chapters/`` y transforma sus celdas de pruebas."""
    path = CHAPTERS / f"{chapter}.ipynb"
    p = Plan(chapter, load(path), exercises=graded_exercises(path))
    last_solution = None
    for cell in p.source["cells"]:
        meta = nbgrader_meta(cell) or {}
        if cell["cell_type"] != "code":
            continue
        if meta.get("solution"):
            last_solution = meta["grade_id"]
        elif meta.get("grade"):
            code, sites = compare.transform(cell["source"], meta["grade_id"])
            cell["_transformed"] = code
            p.sites[meta["grade_id"]] = sites
            p.solution_of[meta["grade_id"]] = last_solution
    return p


def notebook_to_run(p: Plan, solutions: dict[str, str] | None) -> dict:
    """El cuaderno que corre el núcleo: la fuente, con las soluciones dadas (o las del docente).

    ``solutions``: código de cada celda de solución por ``grade_id`` (la entrega); las que
    faltan quedan como en la copia del estudiante. ``None``: las soluciones del docente.
    Tras cada celda de solución va una celda que anota de dónde vienen sus nombres libres.
    """
    cells = []
    for n, cell in enumerate(p.source["cells"]):
        meta = nbgrader_meta(cell) or {}
        new = {"cell_type": cell["cell_type"], "id": f"c{n}", "metadata": {},
               "source": cell["source"]}
        if cell["cell_type"] == "code":
            new.update(outputs=[], execution_count=None)
            if meta.get("solution"):
                if solutions is not None:
                    new["source"] = solutions.get(meta["grade_id"],
                                                  clear_solution(cell["source"]))
            elif meta.get("grade"):
                new["source"] = cell["_transformed"]
        cells.append(new)
        if cell["cell_type"] == "code" and meta.get("solution"):
            names = restrictions.free_names(new["source"])
            cells.append({"cell_type": "code", "id": f"c{n}-probe", "metadata": {},
                          "outputs": [], "execution_count": None,
                          "source": f"__cw_probe({meta['grade_id']!r}, {names!r})"})
    return {"cells": cells, "metadata": p.source.get("metadata", {}), "nbformat": 4,
            "nbformat_minor": 5}


@dataclass
class Run:
    """Lo que dejó una corrida aislada."""

    cells: dict            # registro por celda (compare.read_log)
    notebook: dict | None  # cuaderno ejecutado (lo escribe run_one, con el núcleo cerrado)
    reasons: list[str]     # motivos para revisar
    seconds: float
    cpu: float = 0.0       # segundos de CPU del núcleo y de run_one


def run_isolated(folder: Path, nb: dict, hidden: list[Path], timeout: int, limit: float,
                 use_bwrap: bool, mpl_cache: Path | None = None) -> Run:
    """Corre ``nb`` en ``folder`` (aislada) y lee su registro."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".tmp").mkdir(exist_ok=True)
    if mpl_cache and mpl_cache.is_dir():
        shutil.copytree(mpl_cache, folder / ".matplotlib", dirs_exist_ok=True)
    reasons = []
    start = time.monotonic()
    cmd = sandbox.command(folder, hidden, timeout, use_bwrap)
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=sandbox.environment(folder),
                          cwd=folder, start_new_session=True) as process:
        try:
            _, stderr = process.communicate(json.dumps(nb), timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            reasons.append(f"tiempo total agotado ({limit:.0f} s)")
    seconds = time.monotonic() - start
    result = None
    if not reasons and process.returncode == 0:
        try:
            result = json.loads((folder / ".resultado.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            reasons.append("el corrector no pudo leer el resultado")
    elif not reasons:
        reasons.append(f"la corrida terminó mal ({stderr.strip()[-200:]})")
    cells, problem = compare.read_log(folder / ".registro.jsonl")
    if problem:
        reasons.append(problem)
    notebook = None
    if result:
        notebook = result.get("notebook")
        if result.get("timed_out"):
            reasons.append(f"tiempo agotado en {len(result['timed_out'])} celda(s)")
        if result.get("died"):
            reasons.append(f"el núcleo murió ({result['died'][:100]})")
    try:
        accesses = (folder / ".accesos.log").read_text(encoding="utf-8", errors="replace")
    except OSError:
        accesses = ""
    for line in list(dict.fromkeys(accesses.splitlines()))[:5]:
        reasons.append(f"acceso bloqueado: {line[:160]}")
    cpu = float((result or {}).get("cpu_seconds", 0.0))
    return Run(cells, notebook, reasons, seconds, cpu)


def kit_hash(chapter: str) -> str:
    digest = hashlib.sha256((CHAPTERS / f"{chapter}.ipynb").read_bytes())
    for name in KIT_FILES:
        digest.update((Path(compare.__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def reference(p: Plan, work: Path, hidden: list[Path], timeout: int, limit: float,
              use_bwrap: bool, mpl_cache: Path | None, cache: Path | None = CACHE) -> dict:
    """Registro de la corrida de referencia del capítulo (de la caché si sigue valiendo)."""
    stored = cache / f"{p.chapter}-{kit_hash(p.chapter)}.json" if cache else None
    if stored and stored.exists():
        return json.loads(stored.read_text(encoding="utf-8"))
    run = run_isolated(work / f"referencia-{p.chapter}", notebook_to_run(p, None), hidden,
                       timeout, limit, use_bwrap, mpl_cache)
    failing = [g for g in p.sites if not (run.cells.get(g) or {}).get("done")]
    if failing or run.reasons:
        raise SystemExit(f"{p.chapter}: la corrida de referencia falló en {failing} "
                         f"{run.reasons} (¿pasan las pruebas del cuaderno del docente?)")
    if stored:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps(run.cells), encoding="utf-8")
    return run.cells


def solutions_of(nb: dict, p: Plan) -> tuple[dict[str, str], dict[str, str]]:
    """Código y texto de las celdas de solución de una entrega, por ``grade_id``."""
    wanted = {(nbgrader_meta(c) or {}).get("grade_id"): c["cell_type"]
              for c in p.source["cells"] if (nbgrader_meta(c) or {}).get("solution")}
    code, text = {}, {}
    for cell in nb.get("cells", []):
        if not isinstance(cell, dict):
            continue
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        gid = meta.get("grade_id")
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if gid in wanted and gid not in code and gid not in text:
            (code if wanted[gid] == "code" == cell.get("cell_type") else text)[gid] = source
    return code, text


def score(p: Plan, run: Run, ref: dict, code: dict[str, str]) -> tuple[dict, list[str], dict]:
    """Puntos por ejercicio, motivos para revisar y el porqué de cada ejercicio fallado."""
    rules = restrictions.load_rules()
    points, reasons, why = {}, [], {}
    verdicts = {}
    for gid, source in code.items():
        probe = (run.cells.get(gid) or {}).get("probe", {})
        verdicts[gid] = restrictions.check_solution(
            source, restrictions.allowed_for(gid, rules), probe)
        for reason in verdicts[gid].reasons:
            reasons.append(f"{gid.removesuffix('-solucion')}: {reason}")
    patched_seen = set()
    for exercise in p.exercises:
        gid = exercise.grade_id
        ok, message = compare.check_cell(p.sites[gid], run.cells.get(gid), ref.get(gid, {}))
        solution = p.solution_of.get(gid)
        verdict = verdicts.get(solution)
        # Lo que las bibliotecas cambian solas (torch._dynamo envuelve torch.manual_seed)
        # también cambia en la referencia: solo cuenta lo que cambió de más.
        natural = set((ref.get(gid) or {}).get("patched", []))
        changed = [f for f in (run.cells.get(gid) or {}).get("patched", []) if f not in natural]
        patched = [f for f in changed if f not in patched_seen]
        if patched:
            patched_seen.update(patched)
            reasons.append(f"{exercise.name.split(':')[1]}: parche en ejecución de "
                           f"{', '.join(patched[:5])}")
        if ok and verdict is not None and not verdict.ok:
            ok, message = False, "; ".join(verdict.reasons)
        elif ok and changed:
            ok, message = False, "numpy, torch, math o builtins parcheados"
        points[exercise.name] = exercise.points if ok else 0.0
        why[gid] = message
    return points, reasons, why


def feedback(p: Plan, run: Run, points: dict, why: dict, text: dict[str, str]) -> dict:
    """El cuaderno que vuelve al estudiante: lo suyo, sin el código de las pruebas ocultas."""
    executed = {c.get("id"): c for c in (run.notebook or {}).get("cells", [])}
    cells = []
    by_gid = {e.grade_id: e for e in p.exercises}
    for n, cell in enumerate(p.source["cells"]):
        meta = nbgrader_meta(cell) or {}
        done = executed.get(f"c{n}", {})
        new = {"cell_type": cell["cell_type"], "id": f"c{n}", "metadata": cell["metadata"],
               "source": cell["source"]}
        if cell["cell_type"] == "code":
            new.update(outputs=done.get("outputs", []),
                       execution_count=done.get("execution_count"))
            if meta.get("solution"):
                new["source"] = done.get("source", clear_solution(cell["source"]))
            elif meta.get("grade"):
                exercise = by_gid[meta["grade_id"]]
                got = points[exercise.name]
                message = (f"Pruebas de {exercise.grade_id.removesuffix('-pruebas')}: "
                           f"{got:g} de {exercise.points:g} puntos")
                if why.get(meta["grade_id"]):
                    message += f" ({why[meta['grade_id']]})"
                errors = [o for o in new["outputs"] if o.get("output_type") == "error"]
                if errors:
                    message += (f"\n{errors[0].get('ename', '')}: "
                                f"{str(errors[0].get('evalue', ''))[:300]}")
                new["source"] = strip_hidden(cell["source"])
                new["outputs"] = [{"output_type": "stream", "name": "stdout",
                                   "text": message + "\n"}]
        elif meta.get("solution"):
            new["source"] = text.get(meta["grade_id"], cell["source"])
        cells.append(new)
    return {"cells": cells, "metadata": p.source.get("metadata", {}), "nbformat": 4,
            "nbformat_minor": 5}


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


def warm_matplotlib(target: Path) -> Path:
    """Una caché de fuentes de matplotlib hecha una vez, que cada entrega copia."""
    env = {**os.environ, "MPLCONFIGDIR": str(target)}
    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=env,
                   capture_output=True, check=False)
    return target


def grade(folder: Path, timeout: int = 60, jobs: int | None = None, cache: Path | None = CACHE,
          ) -> tuple[list[GradedExercise], dict, dict, list[str]]:
    """Corrige la carpeta; devuelve ejercicios, puntos, motivos para revisar y avisos."""
    folder = Path(folder).resolve()
    students, found = find_submissions(folder)
    chapters = sorted({chapter for _, chapter in found})
    if not chapters:
        raise SystemExit(f"{folder}: no hay entregas "
                         "(se espera <estudiante>/<capítulo>/<capítulo>.ipynb)")
    jobs = max(1, jobs or os.cpu_count() or 1)
    use_bwrap = sandbox.bwrap_works()
    if not use_bwrap:
        print(sandbox.WARNING, flush=True)
    plans = {c: plan(c) for c in chapters}
    exercises = [e for c in chapters for e in plans[c].exercises]
    scores = {s: dict.fromkeys((e.name for e in exercises), 0.0) for s in students}
    review = {s: [] for s in students}
    problems = []
    ids = {student: f"alumno{k:04d}" for k, student in enumerate(students)}
    with tempfile.TemporaryDirectory(prefix="correccion-") as tmp:
        work = Path(tmp)
        hidden = [folder, work, *( [cache] if cache else [])]
        mpl = warm_matplotlib(work / "matplotlib")
        limits = {c: max(600, sum(x["cell_type"] == "code" for x in plans[c].source["cells"])
                          * timeout) for c in chapters}
        with ThreadPoolExecutor(jobs) as pool:
            refs = dict(zip(chapters, pool.map(
                lambda c: reference(plans[c], work, hidden, timeout, limits[c], use_bwrap, mpl,
                                    cache), chapters), strict=True))

            def one(key):
                student, chapter = key
                p, notebook = plans[chapter], found[key]
                try:
                    nb = json.loads(notebook.read_text(encoding="utf-8"))
                    code, text = solutions_of(nb, p)
                except (ValueError, UnicodeDecodeError, AttributeError) as error:
                    return key, None, [f"{chapter}: el cuaderno no es JSON válido "
                                       f"({type(error).__name__})"], None
                sub = work / ids[student] / chapter
                sub.mkdir(parents=True)
                shutil.copy(notebook, sub / notebook.name)  # su entrega, y nada más
                run = run_isolated(sub, notebook_to_run(p, code), hidden, timeout,
                                   limits[chapter], use_bwrap, mpl)
                points, reasons, why = score(p, run, refs[chapter], code)
                reasons = [f"{chapter}: {r}" for r in run.reasons] + reasons
                return key, points, reasons, (feedback(p, run, points, why, text), run)

            print(f"corrigiendo {len(found)} entregas, {jobs} a la vez "
                  f"({'bubblewrap' if use_bwrap else 'solo la guardia'}) ...", flush=True)
            for student in students:
                for chapter in chapters:
                    if (student, chapter) not in found:
                        problems.append(f"{student}: no entregó {chapter}")
            for (student, chapter), points, reasons, extra in pool.map(one, sorted(found)):
                review[student] += reasons
                if points is None:
                    problems.append(f"{student} / {chapter}: no se pudo corregir; 0 puntos")
                    continue
                scores[student].update(points)
                nb, run = extra
                keep = folder / FEEDBACK / student / chapter
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"{chapter}.ipynb").write_text(
                    json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
                print(f"  {student} / {chapter}: {run.seconds:.1f} s "
                      f"({run.cpu:.1f} s de CPU)", flush=True)
    return exercises, scores, review, problems


def write_table(folder: Path, exercises: list[GradedExercise], scores: dict,
                review: dict | None = None) -> str:
    """Escribe ``grades.csv`` y devuelve la tabla como texto (⚑: hay algo que revisar)."""
    review = review or {}
    header = ["estudiante", *(e.name for e in exercises), "total"]
    rows = [[student, *(scores[student][e.name] for e in exercises),
             sum(scores[student].values())] for student in scores]
    with open(Path(folder) / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([*header, "revisar"])
        writer.writerows([[r[0], *(f"{x:g}" for x in r[1:]), "; ".join(review.get(r[0], []))]
                          for r in rows])
    maximum = ["(máximo)", *(e.points for e in exercises), sum(e.points for e in exercises)]
    table = [[*header, "revisar"]] + [
        [r[0], *(f"{x:g}" for x in r[1:]), "⚑" if review.get(r[0]) else ""]
        for r in rows] + [[*maximum, ""]]
    widths = [max(len(str(row[k])) for row in table) for k in range(len(header) + 1)]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True))
             for row in table]
    flagged = [f"⚑ {s}: {'; '.join(r)}" for s, r in review.items() if r]
    return "\n".join([*(line.rstrip() for line in lines), *flagged])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", help="carpeta con una subcarpeta por estudiante")
    parser.add_argument("--timeout", type=int, default=60, help="segundos por celda (60)")
    parser.add_argument("--jobs", type=int, default=0,
                        help="entregas a la vez (por omisión, los núcleos de la máquina)")
    args = parser.parse_args(argv)
    folder = Path(args.submissions)
    if not folder.is_dir():
        raise SystemExit(f"{folder}: no es una carpeta")
    start = time.monotonic()
    exercises, scores, review, problems = grade(folder, timeout=args.timeout,
                                                jobs=args.jobs or None)
    print(write_table(folder, exercises, scores, review))
    for problem in problems:
        print("aviso:", problem)
    print(f"notas en {folder / 'grades.csv'}; notebooks corregidos en {folder / FEEDBACK} "
          f"({time.monotonic() - start:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
