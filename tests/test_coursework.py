"""Pruebas del kit de tareas: copias para estudiantes y corrección con nbgrader.

Usan el capítulo 0 (rápido) y el entorno ``.venv-grader`` (lo crea ``make test-coursework``).
Una sola generación de copias y una sola corrección (fixtures de módulo) alimentan todas
las pruebas: cada entrega de la clase de prueba ejercita un caso del enunciado.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coursework.exercises import (
    chapter_notebooks,
    graded_exercises,
    load,
    nbgrader_meta,
    secret_lines,
)

pytestmark = pytest.mark.coursework

ROOT = Path(__file__).resolve().parents[1]
GRADER_PY = ROOT / ".venv-grader" / "bin" / "python"
CHAPTER = "00_notacion"
SOURCE = ROOT / "chapters" / f"{CHAPTER}.ipynb"
TIMEOUT = 10  # segundos por celda en las pruebas (el bucle infinito cuesta esto)

RNN_OK = '''
def rnn_step(X_t, H_prev, W_xh, W_hh, b_h):
    return np.tanh(X_t @ W_xh + H_prev @ W_hh + b_h)
'''
GRU_OK = '''
def gru_weights_from_torch(gru):
    H = gru.hidden_size
    W_ih, W_hh_all = gru.weight_ih_l0.detach().numpy(), gru.weight_hh_l0.detach().numpy()
    return {f"W_{s}{g}": W[k * H:(k + 1) * H].T
            for k, g in enumerate("rzh") for s, W in (("x", W_ih), ("h", W_hh_all))}
'''
GRU_SYNTAX_ERROR = '''
def gru_weights_from_torch(gru)
    return {}
'''
RNN_LOOP = '''
def rnn_step(X_t, H_prev, W_xh, W_hh, b_h):
    while True:
        pass
'''


def malicious(instructor: Path, own_original: Path) -> str:
    """Una solución correcta precedida de intentos de dañar los archivos del docente."""
    return textwrap.dedent(f'''
    import os, shutil, subprocess, pathlib
    intentos = [
        lambda: os.remove({str(instructor / "notas.txt")!r}),
        lambda: open({str(instructor / "notas.txt")!r}, "w").write("0"),
        lambda: pathlib.Path({str(instructor / "nuevo.txt")!r}).write_text("hola"),
        lambda: shutil.rmtree({str(instructor)!r}),
        lambda: os.system("rm -rf {instructor}"),
        lambda: subprocess.run(["rm", "-rf", {str(instructor)!r}]),
        lambda: open({str(own_original)!r}, "w").write("{{}}"),
        lambda: open("../../../gradebook.db", "w").write("roto"),
        lambda: os.kill(os.getppid(), 9),
    ]
    bloqueados = 0
    for intento in intentos:
        try:
            intento()
        except PermissionError:
            bloqueados += 1
    print("intentos bloqueados:", bloqueados, "de", len(intentos))
    ''') + RNN_OK


def run_grader(*args: str) -> subprocess.CompletedProcess:
    if not GRADER_PY.exists():
        pytest.skip("falta .venv-grader: ejecute make test-coursework")
    return subprocess.run([str(GRADER_PY), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)


def with_solutions(student_copy: dict, solutions: dict[str, str]) -> dict:
    """La copia del estudiante con algunas celdas de solución rellenadas."""
    nb = json.loads(json.dumps(student_copy))
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell) or {}
        if meta.get("grade_id") in solutions:
            cell["source"] = solutions[meta["grade_id"]].strip("\n")
    return nb


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    done = run_grader("-m", "coursework.student", "--out", str(out), CHAPTER)
    assert done.returncode == 0, done.stderr
    return out / CHAPTER / f"{CHAPTER}.ipynb"


@pytest.fixture(scope="module")
def graded(release, tmp_path_factory) -> dict:
    """Corrige una clase de prueba y devuelve notas, salida y rutas para inspeccionar."""
    base = tmp_path_factory.mktemp("clase")
    instructor = base / "docente"
    instructor.mkdir()
    (instructor / "notas.txt").write_text("notas del docente\n", encoding="utf-8")
    subs = base / "entregas"
    blank = json.loads(release.read_text(encoding="utf-8"))
    rnn, gru = "ej-00-paso-rnn-solucion", "ej-00-pesos-torch-solucion"
    own = subs / "malicioso" / CHAPTER / f"{CHAPTER}.ipynb"
    class_ = {
        "referencia": load(SOURCE),
        "en_blanco": blank,
        "solo_paso_rnn": with_solutions(blank, {rnn: RNN_OK}),
        "sintaxis": with_solutions(blank, {rnn: RNN_OK, gru: GRU_SYNTAX_ERROR}),
        "bucle": with_solutions(blank, {rnn: RNN_LOOP, gru: GRU_OK}),
        "malicioso": with_solutions(blank, {rnn: malicious(instructor, own), gru: GRU_OK}),
    }
    originals = {}
    for student, nb in class_.items():
        path = subs / student / CHAPTER / f"{CHAPTER}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        originals[student] = path.read_bytes()
    roto = subs / "roto" / CHAPTER / f"{CHAPTER}.ipynb"  # ni siquiera es JSON
    roto.parent.mkdir(parents=True)
    roto.write_text("{esto no es un cuaderno", encoding="utf-8")
    originals["roto"] = roto.read_bytes()
    done = run_grader("-m", "coursework.grade", str(subs), "--timeout", str(TIMEOUT))
    with open(subs / "grades.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return {"done": done, "rows": rows, "subs": subs, "instructor": instructor,
            "originals": originals}


def sources(nb: dict) -> str:
    return "\n".join(cell["source"] for cell in nb["cells"])


# --- make student -------------------------------------------------------------------------

def test_student_copy_has_no_solutions_nor_hidden_tests(release):
    source, copy = load(SOURCE), load(release)
    secrets = secret_lines(source)
    assert len(secrets) > 20  # la prueba muerde: hay soluciones y pruebas ocultas que buscar
    text = sources(copy)
    leaked = [line for line in secrets if line in text]
    assert not leaked, f"la copia del estudiante contiene: {leaked[:5]}"
    assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text


@pytest.fixture(scope="module")
def all_releases(tmp_path_factory) -> Path:
    """``make student`` sobre todos los cuadernos del libro, una vez."""
    out = tmp_path_factory.mktemp("todos")
    done = run_grader("-m", "coursework.student", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.mark.parametrize("source", chapter_notebooks(), ids=lambda p: p.stem)
def test_every_chapter_student_copy_hides_its_solutions(all_releases, source):
    copy = all_releases / source.stem / source.name
    text = sources(load(copy))
    copy_lines = {line.strip() for line in text.splitlines()}
    secrets = secret_lines(load(source))
    assert secrets, f"{source.name}: no tiene soluciones ni pruebas ocultas que quitar"
    leaked = [line for line in secrets if line in copy_lines]
    assert not leaked, f"{copy}: la copia del estudiante contiene {leaked[:5]}"
    assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text


def test_student_copy_keeps_everything_else(release):
    source, copy = load(SOURCE), load(release)
    assert len(copy["cells"]) == len(source["cells"])
    for original, student in zip(source["cells"], copy["cells"], strict=True):
        meta = nbgrader_meta(original) or {}
        if student["cell_type"] == "code":
            assert student["outputs"] == [] and student["execution_count"] is None
        if meta.get("solution"):
            assert "ESCRIBE AQUÍ TU" in student["source"]
        elif meta.get("grade"):  # pruebas visibles intactas, ocultas fuera
            visible = original["source"].split("### BEGIN HIDDEN TESTS")[0].strip()
            assert student["source"].strip() == visible
            assert nbgrader_meta(student)["locked"] is True
        else:
            assert student["source"] == original["source"]


# --- make grade ---------------------------------------------------------------------------

def score(graded, student: str) -> dict[str, float]:
    header, *rows = graded["rows"]
    row = next(r for r in rows if r[0] == student)
    return dict(zip(header[1:], map(float, row[1:]), strict=True))


def test_grading_finished_and_wrote_one_row_per_student(graded):
    done = graded["done"]
    assert done.returncode == 0, done.stdout + done.stderr
    header, *rows = graded["rows"]
    names = [e.name for e in graded_exercises(SOURCE)]
    assert header == ["estudiante", *names, "total"]
    assert sorted(r[0] for r in rows) == sorted(graded["originals"])
    assert "referencia" in done.stdout and "00_notacion:ej-00-paso-rnn" in done.stdout


def test_reference_solutions_get_full_marks(graded):
    full = {e.name: e.points for e in graded_exercises(SOURCE)}
    assert score(graded, "referencia") == {**full, "total": sum(full.values())}


def test_untouched_student_copy_gets_zero(graded):
    assert set(score(graded, "en_blanco").values()) == {0.0}


def test_one_right_exercise_gets_exactly_its_points(graded):
    assert score(graded, "solo_paso_rnn") == {
        "00_notacion:ej-00-paso-rnn": 2.0, "00_notacion:ej-00-pesos-torch": 0.0, "total": 2.0}


def test_broken_notebook_gets_zero_without_stopping_the_run(graded):
    assert set(score(graded, "roto").values()) == {0.0}
    assert "roto / 00_notacion: no se pudo corregir" in graded["done"].stdout


def test_syntax_error_loses_only_its_exercise(graded):
    assert score(graded, "sintaxis")["00_notacion:ej-00-paso-rnn"] == 2.0
    assert score(graded, "sintaxis")["00_notacion:ej-00-pesos-torch"] == 0.0


def test_infinite_loop_loses_only_its_exercise(graded):
    assert score(graded, "bucle") == {
        "00_notacion:ej-00-paso-rnn": 0.0, "00_notacion:ej-00-pesos-torch": 3.0, "total": 3.0}


def test_malicious_submission_cannot_touch_instructor_files(graded):
    instructor = graded["instructor"]
    assert sorted(p.name for p in instructor.iterdir()) == ["notas.txt"]
    assert (instructor / "notas.txt").read_text(encoding="utf-8") == "notas del docente\n"
    for student, content in graded["originals"].items():  # las entregas, intactas
        assert (graded["subs"] / student / CHAPTER / f"{CHAPTER}.ipynb").read_bytes() == content
    # Los intentos fallaron sin estorbar: la solución correcta que sigue se califica.
    assert score(graded, "malicioso")["total"] == 5.0
    feedback = load(graded["subs"] / "_corregidos" / "malicioso" / CHAPTER / f"{CHAPTER}.ipynb")
    printed = "".join("".join(o.get("text", "")) for c in feedback["cells"]
                      for o in c.get("outputs", []))
    assert "intentos bloqueados: 9 de 9" in printed


def test_student_copy_runs_up_to_the_first_exercise(graded):
    """La copia sin tocar corre entera hasta el primer ejercicio sin resolver."""
    nb = load(graded["subs"] / "_corregidos" / "en_blanco" / CHAPTER / f"{CHAPTER}.ipynb")
    first = next(i for i, c in enumerate(nb["cells"]) if (nbgrader_meta(c) or {}).get("solution"))
    errors = [(i, o["ename"]) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
              for o in c["outputs"] if o["output_type"] == "error"]
    # El primer error es el NotImplementedError del primer ejercicio (al definir la función
    # o al llamarla en sus pruebas); nada falla antes.
    assert errors and errors[0][0] >= first and errors[0][1] == "NotImplementedError", errors


# --- la guardia, sin nbgrader -------------------------------------------------------------

ATTACKS = '''
import os, shutil, subprocess, pathlib, ctypes
def attempt(f):
    try:
        f()
        return "permitido"
    except PermissionError:
        return "bloqueado"
out = {
    "escribir dentro": attempt(lambda: open("propio.txt", "w").write("x")),
    "crear y borrar carpeta dentro": attempt(lambda: (os.makedirs("a/b"), shutil.rmtree("a"))),
    "archivo temporal": attempt(lambda: __import__("tempfile").TemporaryFile("w").write("x")),
    "escribir fuera": attempt(lambda: open(OUT + "/notas.txt", "w")),
    "añadir con ..": attempt(lambda: open("../../fuera/notas.txt", "a")),
    "pathlib fuera": attempt(lambda: pathlib.Path(OUT + "/n.txt").write_text("x")),
    "borrar fuera": attempt(lambda: os.remove(OUT + "/notas.txt")),
    "renombrar fuera": attempt(lambda: os.rename(OUT + "/notas.txt", "robado")),
    "rmtree fuera": attempt(lambda: shutil.rmtree(OUT)),
    "enlace simbólico": attempt(lambda: (os.symlink(OUT, "enlace"), open("enlace/x", "w"))),
    "dir_fd": attempt(lambda: os.unlink("notas.txt", dir_fd=os.open(OUT, os.O_RDONLY))),
    "chdir y relativa": attempt(lambda: (os.chdir(OUT), open("x", "w"))),
    "os.system": attempt(lambda: os.system("rm -rf " + OUT)),
    "subprocess": attempt(lambda: subprocess.run(["rm", "-rf", OUT])),
    "ctypes unlink": attempt(lambda: ctypes.CDLL(None).unlink(OUT.encode() + b"/notas.txt")),
    "señal al padre": attempt(lambda: os.kill(os.getppid(), 0)),
    "parchear realpath": attempt(lambda: (setattr(os.path, "realpath", lambda p: os.getcwd()),
                                          open(OUT + "/p.txt", "w"))),
}
print(repr(out))
'''


def test_guard_blocks_writes_outside_and_allows_inside(tmp_path):
    grading, outside = tmp_path / "correccion", tmp_path / "fuera"
    (grading / "alumno").mkdir(parents=True)
    outside.mkdir()
    (outside / "notas.txt").write_text("intacto", encoding="utf-8")
    guard = (ROOT / "coursework" / "guard.py").read_text(encoding="utf-8")
    code = f"OUT = {str(outside)!r}\n" + f"exec(compile({guard!r}, 'guard.py', 'exec'))\n" + ATTACKS
    env = {**os.environ, "COURSEWORK_GRADING_DIR": str(grading)}
    done = subprocess.run([sys.executable, "-c", code], cwd=grading / "alumno", env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - salida propia
    allowed = {"escribir dentro", "crear y borrar carpeta dentro", "archivo temporal"}
    assert {k for k, v in result.items() if v == "permitido"} == allowed, result
    assert sorted(p.name for p in outside.iterdir()) == ["notas.txt"]
    assert (outside / "notas.txt").read_text(encoding="utf-8") == "intacto"


def test_guard_refuses_to_run_outside_the_grading_folder(tmp_path):
    """Sin la carpeta del corrector (o fuera de ella) el núcleo termina en vez de correr."""
    guard = ROOT / "coursework" / "guard.py"
    env = {**os.environ, "COURSEWORK_GRADING_DIR": str(tmp_path / "otra")}
    done = subprocess.run([sys.executable, str(guard)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 70 and "no se pudo instalar" in done.stderr
