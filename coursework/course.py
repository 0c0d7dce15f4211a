"""Un curso de nbgrader de usar y tirar: configuración, núcleo con guardia y órdenes.

nbgrader trabaja sobre un «directorio del curso» con ``source/<tarea>/``,
``release/``, ``submitted/<estudiante>/<tarea>/`` y ``autograded/``. Cada capítulo es
una tarea con el nombre del notebook (``00_notacion``). El curso se arma en una carpeta
temporal, así que nada de lo que hace nbgrader toca el repositorio.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from coursework.exercises import CHAPTERS, CODE_STUB, TEXT_STUB
from coursework.sandbox import readable_paths

GUARD = Path(__file__).resolve().with_name("guard.py")
KERNEL_NAME = "python3"

CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db_url!r}
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", ".tmp"]
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}
c.Execute.timeout = {timeout}
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True
c.Execute.extra_arguments = [
    "--HistoryManager.hist_file=:memory:",
    "--IPKernelApp.exec_files=[{guard!r}]",
]
"""


def make_course(root: Path, chapters: list[str], timeout: int = 60,
                sources: Path | None = None) -> dict[str, str]:
    """Arma en ``root`` un curso con un capítulo por tarea y devuelve el entorno para nbgrader.

    Parámetros
    ----------
    root : carpeta vacía (temporal) donde vive el curso.
    chapters : nombres de los capítulos (``00_notacion``), cada uno en ``chapters/``.
    timeout : segundos como máximo por celda al corregir.
    sources : carpeta con ``<capítulo>/<capítulo>.ipynb`` (la de ``make nbgrader-source``);
        por omisión, los cuadernos de ``chapters/``.
    """
    root = Path(root).resolve()
    for chapter in chapters:
        source = root / "source" / chapter
        source.mkdir(parents=True)
        path = (Path(sources) / chapter / f"{chapter}.ipynb" if sources
                else CHAPTERS / f"{chapter}.ipynb")
        nb = json.loads(path.read_text(encoding="utf-8"))
        (source / f"{chapter}.ipynb").write_text(json.dumps(upgrade(nb), indent=1,
                                                            ensure_ascii=False), encoding="utf-8")
    (root / "nbgrader_config.py").write_text(CONFIG.format(
        root=str(root), db_url=f"sqlite:///{root / 'gradebook.db'}", code_stub=CODE_STUB,
        text_stub=TEXT_STUB, timeout=int(timeout), guard=str(GUARD),
    ), encoding="utf-8")
    return course_environment(root)


def upgrade(nb: dict) -> dict:
    """Da a las respuestas markdown el formato que exige nbgrader (``grade`` y ``points``).

    Es el formato anterior de CONTRIBUTING.md (``"grade": false``); así un capítulo que aún
    no se actualizó sigue generando copias y corrigiéndose. La prueba de formato lo señala.
    """
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader")
        if cell["cell_type"] == "markdown" and meta and meta.get("solution"):
            meta["grade"] = True
            meta.setdefault("points", 1)
    return nb


def course_environment(root: Path) -> dict[str, str]:
    """Entorno de las órdenes de nbgrader: un núcleo ``python3`` propio, el de este entorno.

    ``JUPYTER_PATH`` va primero en la búsqueda de núcleos, así que un ``python3`` que el
    usuario tenga instalado en otro lado no se usa. ``IPYTHONDIR`` y ``MPLCONFIGDIR``
    quedan dentro del curso temporal y ``COURSEWORK_GRADING_DIR`` le dice a la guardia
    dónde están las copias que puede tocar.
    """
    kernels = root / "jupyter" / "kernels" / KERNEL_NAME
    kernels.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (corrector)",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    env = dict(os.environ)
    env.update({
        # nbgrader llama al ejecutable «alembic» de su entorno para abrir el gradebook.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "JUPYTER_PATH": str(root / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(root / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(root / "jupyter-data"),
        "IPYTHONDIR": str(root / "ipython"),
        "MPLCONFIGDIR": str(root / "matplotlib"),
        "MPLBACKEND": "Agg",
        "TQDM_DISABLE": "1",
        "PYTHONHASHSEED": "0",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "COURSEWORK_GRADING_DIR": str(root / "autograded"),
        "COURSEWORK_READ_OK": os.pathsep.join(readable_paths()),
    })
    return env


def nbgrader(root: Path, env: dict[str, str], *args: str, timeout: float | None = None,
             ) -> subprocess.CompletedProcess:
    """Ejecuta ``nbgrader <args>`` en el curso ``root`` y devuelve el proceso terminado.

    Corre en su propio grupo de procesos: si supera ``timeout`` se termina el grupo entero
    (nbgrader y los núcleos que lanzó) y se relanza ``subprocess.TimeoutExpired``.
    """
    command = [sys.executable, "-m", "nbgrader", *args]
    with subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def warm_up(env: dict[str, str]) -> None:
    """Importa matplotlib una vez fuera de la guardia, para que su caché ya exista."""
    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=env, check=True,
                   capture_output=True)
