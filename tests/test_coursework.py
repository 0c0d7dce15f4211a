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
    BEGIN_HIDDEN,
    END_HIDDEN,
    _regions,
    chapter_notebooks,
    graded_exercises,
    load,
    nbgrader_meta,
    secret_lines,
    strip_hidden,
)
from coursework.sandbox import readable_paths

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


LIBRARY = '''
def rnn_step(X_t, H_prev, W_xh, W_hh, b_h):
    return rl.rnn_step_forward(X_t, H_prev, {"W_xh": W_xh, "W_hh": W_hh, "b_h": b_h})[0]
'''
PATCHER = '''
np.allclose = lambda *a, **k: True
def rnn_step(X_t, H_prev, W_xh, W_hh, b_h):
    return np.zeros((X_t.shape[0], W_hh.shape[0]))
'''
RIVAL = RNN_OK + "# secreto-de-rival-4711\n"


def snooper(other: Path) -> str:
    """Una solución correcta que antes mira y lee todo lo que puede fuera de su carpeta."""
    return textwrap.dedent(f'''
    import glob, os
    vistos = []
    for intento in (lambda: glob.glob("../../../**/*.ipynb", recursive=True),
                    lambda: os.listdir(".."),
                    lambda: open({str(other)!r}).read(),
                    lambda: open({str(SOURCE)!r}).read(),
                    lambda: open("../../referencia-00_notacion/.registro.jsonl").read()):
        try:
            vistos.append(intento())
        except (PermissionError, FileNotFoundError) as error:
            vistos.append(type(error).__name__)
    print("visto:", vistos)
    ''') + RNN_OK


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
    rival = subs / "rival" / CHAPTER / f"{CHAPTER}.ipynb"
    class_ = {
        "referencia": load(SOURCE),
        "en_blanco": blank,
        "solo_paso_rnn": with_solutions(blank, {rnn: RNN_OK}),
        "sintaxis": with_solutions(blank, {rnn: RNN_OK, gru: GRU_SYNTAX_ERROR}),
        "bucle": with_solutions(blank, {rnn: RNN_LOOP, gru: GRU_OK}),
        "malicioso": with_solutions(blank, {rnn: malicious(instructor, own), gru: GRU_OK}),
        "biblioteca": with_solutions(blank, {rnn: LIBRARY, gru: GRU_OK}),
        "parche": with_solutions(blank, {rnn: PATCHER, gru: GRU_OK}),
        "curioso": with_solutions(blank, {rnn: snooper(rival), gru: GRU_OK}),
        "rival": with_solutions(blank, {rnn: RIVAL, gru: GRU_OK}),
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
    done = run_grader("-m", "coursework.grade", str(subs), "--timeout", str(TIMEOUT),
                      "--jobs", "2")
    with open(subs / "grades.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return {"done": done, "rows": rows, "subs": subs, "instructor": instructor,
            "originals": originals}


def feedback_text(graded, student: str) -> str:
    """Todo el texto del cuaderno corregido que vuelve a ``student``: código y salidas."""
    path = graded["subs"] / "_corregidos" / student / CHAPTER / f"{CHAPTER}.ipynb"
    return path.read_text(encoding="utf-8")


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
    return dict(zip(header[1:-1], map(float, row[1:-1]), strict=True))


def review(graded, student: str) -> str:
    header, *rows = graded["rows"]
    return next(r for r in rows if r[0] == student)[-1]


def test_grading_finished_and_wrote_one_row_per_student(graded):
    done = graded["done"]
    assert done.returncode == 0, done.stdout + done.stderr
    header, *rows = graded["rows"]
    names = [e.name for e in graded_exercises(SOURCE)]
    assert header == ["estudiante", *names, "total", "revisar"]
    assert sorted(r[0] for r in rows) == sorted(graded["originals"])
    assert "referencia" in done.stdout and "00_notacion:ej-00-paso-rnn" in done.stdout


def test_reference_solutions_get_full_marks(graded):
    full = {e.name: e.points for e in graded_exercises(SOURCE)}
    assert score(graded, "referencia") == {**full, "total": sum(full.values())}
    assert review(graded, "referencia") == ""


def test_honest_submissions_have_nothing_to_review(graded):
    for student in ("en_blanco", "solo_paso_rnn", "sintaxis", "rival"):
        assert review(graded, student) == "", (student, review(graded, student))


def test_untouched_student_copy_gets_zero(graded):
    assert set(score(graded, "en_blanco").values()) == {0.0}


def test_one_right_exercise_gets_exactly_its_points(graded):
    assert score(graded, "solo_paso_rnn") == {
        "00_notacion:ej-00-paso-rnn": 2.0, "00_notacion:ej-00-pesos-torch": 0.0, "total": 2.0}


def test_broken_notebook_gets_zero_without_stopping_the_run(graded):
    assert set(score(graded, "roto").values()) == {0.0}
    assert "roto / 00_notacion: no se pudo corregir" in graded["done"].stdout
    assert "no es JSON válido" in review(graded, "roto")


def test_syntax_error_loses_only_its_exercise(graded):
    assert score(graded, "sintaxis")["00_notacion:ej-00-paso-rnn"] == 2.0
    assert score(graded, "sintaxis")["00_notacion:ej-00-pesos-torch"] == 0.0


def test_infinite_loop_loses_only_its_exercise(graded):
    assert score(graded, "bucle") == {
        "00_notacion:ej-00-paso-rnn": 0.0, "00_notacion:ej-00-pesos-torch": 3.0, "total": 3.0}
    assert "tiempo agotado" in review(graded, "bucle")


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
    assert "acceso bloqueado" in review(graded, "malicioso")


def test_library_call_in_a_numpy_only_exercise_scores_zero_and_is_flagged(graded):
    assert score(graded, "biblioteca") == {
        "00_notacion:ej-00-paso-rnn": 0.0, "00_notacion:ej-00-pesos-torch": 3.0, "total": 3.0}
    assert "usa recurrent_lib.rnn_step_forward" in review(graded, "biblioteca")


def test_patching_allclose_scores_zero_on_affected_exercises_and_is_flagged(graded):
    assert set(score(graded, "parche").values()) == {0.0}
    flags = review(graded, "parche")
    assert "parchea numpy.allclose" in flags and "numpy.allclose" in flags.split("parche en")[1]
    assert "⚑" in graded["done"].stdout


def test_snooping_submission_sees_nothing_outside_its_folder(graded):
    text = feedback_text(graded, "curioso")
    nb = load(graded["subs"] / "_corregidos" / "curioso" / CHAPTER / f"{CHAPTER}.ipynb")
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"]
                      for o in c.get("outputs", []))
    seen = next(line for line in printed.splitlines() if line.startswith("visto:"))
    assert "secreto-de-rival" not in text and "rival" not in seen, seen
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert seen.count("PermissionError") + seen.count("FileNotFoundError") == 5, seen
    assert score(graded, "curioso")["total"] == 5.0
    assert "acceso bloqueado" in review(graded, "curioso")


def test_feedback_holds_only_its_own_students_work(graded):
    """Corregidos juntos, ninguno ve lo del otro; y nadie ve las pruebas ocultas."""
    cells = load(SOURCE)["cells"]
    hidden = {line for c in cells for line in _regions(c["source"], BEGIN_HIDDEN, END_HIDDEN)}
    elsewhere = {line.strip() for c in cells
                 for line in strip_hidden(c["source"]).splitlines()}
    hidden -= elsewhere
    assert len(hidden) > 5
    for student in ("rival", "curioso", "malicioso", "referencia"):
        text = "\n".join(c["source"] for c in load(
            graded["subs"] / "_corregidos" / student / CHAPTER / f"{CHAPTER}.ipynb")["cells"])
        assert ("secreto-de-rival" in text) == (student == "rival"), student
        assert ("intentos bloqueados" in text) == (student == "malicioso"), student
        assert not [line for line in hidden if line in text], student


def test_student_copy_runs_up_to_the_first_exercise(graded):
    """La copia sin tocar corre entera hasta el primer ejercicio sin resolver."""
    nb = load(graded["subs"] / "_corregidos" / "en_blanco" / CHAPTER / f"{CHAPTER}.ipynb")
    first = next(i for i, c in enumerate(nb["cells"]) if (nbgrader_meta(c) or {}).get("solution"))
    errors = [(i, o["ename"]) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
              for o in c["outputs"] if o["output_type"] == "error"]
    # Nada falla antes del primer ejercicio; sus pruebas fallan por el NotImplementedError.
    assert all(i >= first for i, _ in errors), errors
    assert "NotImplementedError" in feedback_text(graded, "en_blanco")


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
    "leer fuera": attempt(lambda: open(OUT + "/notas.txt").read()),
    "listar fuera": attempt(lambda: os.listdir(OUT)),
    "glob fuera": attempt(lambda: __import__("glob").glob(OUT + "/*")),
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
    env = {**os.environ, "COURSEWORK_GRADING_DIR": str(grading),
           "COURSEWORK_READ_OK": os.pathsep.join(readable_paths())}
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


# --- restricciones.yml y la comparación fuera del núcleo, sin núcleo ------------------------

def code_solutions() -> dict[str, str]:
    """grade_id de cada celda de solución de código del libro -> su capítulo."""
    return {meta["grade_id"]: path.stem for path in chapter_notebooks()
            for cell in load(path)["cells"]
            if (meta := nbgrader_meta(cell)) and meta.get("solution")
            and cell["cell_type"] == "code"}


def test_restrictions_file_covers_every_code_exercise():
    from coursework.restrictions import load_rules

    covered, book = set(load_rules()["ejercicios"]), set(code_solutions())
    missing = sorted(book - covered)
    assert not missing, f"restricciones.yml no cubre {missing} (reciben «por_omision»)"
    assert not sorted(covered - book), "restricciones.yml nombra ejercicios que no existen"


def test_reference_solutions_respect_their_restrictions():
    from coursework.restrictions import allowed_for, check_solution, load_rules

    rules = load_rules()
    for path in chapter_notebooks():
        for cell in load(path)["cells"]:
            meta = nbgrader_meta(cell) or {}
            if meta.get("solution") and cell["cell_type"] == "code":
                verdict = check_solution(cell["source"], allowed_for(meta["grade_id"], rules))
                assert verdict.ok, (meta["grade_id"], verdict.reasons)


def test_missing_exercise_defaults_to_numpy_only():
    from coursework.restrictions import allowed_for, check_solution, load_rules

    allowed = allowed_for("ej-10-nuevo-solucion", load_rules())
    assert allowed == ["numpy"]
    assert not check_solution("def f(x):\n    return np.tanh(x)", allowed).reasons
    assert check_solution("def f(x):\n    return rl.softmax(x)", allowed).reasons == [
        "usa recurrent_lib.softmax"]


@pytest.mark.parametrize("source, reason", [
    ("np.allclose = lambda *a, **k: True", "parchea numpy.allclose"),
    ("setattr(np.testing, 'assert_allclose', print)", "parchea numpy.testing"),
    ("import torch\nf = torch.tanh", "importa torch"),
    ("from recurrent_lib import gru_step_forward", "importa recurrent_lib.gru_step_forward"),
    ("g = globals()['rl']", "usa globals (código que el corrector no puede verificar)"),
    ("x = __cw_call", "toca el registro del corrector"),
])
def test_static_check_finds(source, reason):
    from coursework.restrictions import check_solution

    assert reason in check_solution(source, ["numpy"]).reasons


def test_dynamic_probe_catches_a_library_function_under_another_name():
    from coursework.restrictions import check_solution

    verdict = check_solution("def f(x):\n    return paso(x)", ["numpy"],
                             probe={"paso": "recurrent_lib.rnn"})
    assert verdict.reasons == ["usa recurrent_lib.rnn"]


def _events(code: str, namespace: dict) -> dict:
    """Corre código transformado con un registro en memoria (como el del núcleo)."""
    import numpy as np

    from coursework import compare

    transformed, sites = compare.transform(code, "p")
    log = []

    def enc(x):
        a = np.asarray(x)
        return {"array": __import__("base64").b64encode(a.tobytes()).decode(),
                "dtype": a.dtype.str, "shape": list(a.shape)} if a.dtype.kind in "biuf" else x

    def call(k, f, *args, **kw):
        log.append({"k": k, "args": [enc(a) for a in args], "kw": kw})
        return f(*args, **kw)

    def cmp(k, names, *ops):
        log.append({"k": k, "operands": [enc(v) for v in ops], "is": [False] * len(names)})
        return all(compare.OPS[n](ops[i], ops[i + 1]) for i, n in enumerate(names))

    exec(transformed, {**namespace, "np": np, "__cw_call": call, "__cw_cmp": cmp,  # noqa: S102
                       "__cw_cell": lambda g: None, "__cw_done": lambda g: None})
    return sites, {"events": log, "done": True}


TEST_CELL = "h = f(x)\nassert h.shape == (3,)\nassert np.allclose(h, np.tanh(x), atol=1e-6)\n"


def test_out_of_process_comparison_ignores_what_the_kernel_concludes():
    import numpy as np

    x = np.linspace(-1, 1, 3)
    sites, ref = _events(TEST_CELL, {"f": np.tanh, "x": x})
    _, right = _events(TEST_CELL, {"f": lambda v: np.tanh(v) + 1e-9, "x": x})
    # La entrega parchea allclose y devuelve ceros: su núcleo dice que pasa.
    fake = __import__("types").SimpleNamespace(allclose=lambda *a, **k: True)
    _, wrong = _events(TEST_CELL.replace("np.allclose", "fake.allclose"),
                       {"f": np.zeros_like, "x": x, "fake": fake})
    from coursework.compare import check_cell

    assert check_cell(sites, ref, ref) == (True, "")
    assert check_cell(sites, right, ref) == (True, "")
    ok, why = check_cell(sites, wrong, ref)
    assert not ok and "distint" in why
    assert not check_cell(sites, {**right, "done": False}, ref)[0]
    assert not check_cell(sites, {**right, "events": right["events"][:1]}, ref)[0]


# --- make nbgrader-source, con las órdenes de nbgrader ------------------------------------

def test_nbgrader_source_works_with_nbgraders_own_commands(tmp_path, release):
    """generate_assignment y autograde de nbgrader sobre la salida: 5/5 y 0/5."""
    out = tmp_path / "nbgrader"
    done = run_grader("-m", "coursework.nbgrader_source", "--out", str(out), CHAPTER)
    assert done.returncode == 0, done.stderr
    assert (out / "source" / CHAPTER / f"{CHAPTER}.ipynb").exists()
    code = f"""
import json, shutil, sys
from pathlib import Path
from coursework.course import make_course, nbgrader, warm_up
root = Path({str(tmp_path / "curso")!r})
root.mkdir()
env = make_course(root, [{CHAPTER!r}], timeout=30, sources=Path({str(out / "source")!r}))
warm_up(env)
assert nbgrader(root, env, "generate_assignment", {CHAPTER!r}, "--force").returncode == 0
for sid, nb in (("docente", root / "source" / {CHAPTER!r} / "{CHAPTER}.ipynb"),
                ("blanco", root / "release" / {CHAPTER!r} / "{CHAPTER}.ipynb")):
    target = root / "submitted" / sid / {CHAPTER!r}
    target.mkdir(parents=True)
    shutil.copy(nb, target / "{CHAPTER}.ipynb")
done = nbgrader(root, env, "autograde", {CHAPTER!r}, "--create", "--force")
assert done.returncode == 0, done.stderr
from nbgrader.api import Gradebook
with Gradebook(f"sqlite:///{{root / 'gradebook.db'}}") as gb:
    print(json.dumps({{sid: gb.find_submission({CHAPTER!r}, sid).code_score
                      for sid in ("docente", "blanco")}}))
"""
    done = run_grader("-c", code)
    assert done.returncode == 0, done.stdout + done.stderr
    total = sum(e.points for e in graded_exercises(SOURCE))
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"docente": total, "blanco": 0}


# --- sin bubblewrap: la guardia sola, con aviso ---------------------------------------------

def test_without_bwrap_the_guard_alone_keeps_students_apart(release, tmp_path):
    subs = tmp_path / "entregas"
    blank = json.loads(release.read_text(encoding="utf-8"))
    rival = subs / "rival" / CHAPTER / f"{CHAPTER}.ipynb"
    for student, nb in (("curioso", with_solutions(blank, {
            "ej-00-paso-rnn-solucion": snooper(rival)})),
            ("rival", with_solutions(blank, {"ej-00-paso-rnn-solucion": RIVAL}))):
        path = subs / student / CHAPTER / f"{CHAPTER}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    if not GRADER_PY.exists():
        pytest.skip("falta .venv-grader: ejecute make test-coursework")
    done = subprocess.run([str(GRADER_PY), "-m", "coursework.grade", str(subs), "--timeout",
                           str(TIMEOUT)], cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "COURSEWORK_NO_BWRAP": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "bubblewrap (bwrap) no está instalado" in done.stdout
    assert "solo la guardia" in done.stdout
    feedback = (subs / "_corregidos" / "curioso" / CHAPTER / f"{CHAPTER}.ipynb").read_text(
        encoding="utf-8")
    assert "secreto-de-rival" not in feedback
    assert feedback.count("PermissionError") >= 4  # glob, listdir, la entrega ajena, chapters/
    with open(subs / "grades.csv", encoding="utf-8") as f:
        rows = {r[0]: r for r in csv.reader(f)}
    assert rows["curioso"][1] == "2" and "acceso bloqueado" in rows["curioso"][-1]
    assert rows["rival"][1] == "2" and rows["rival"][-1] == ""
