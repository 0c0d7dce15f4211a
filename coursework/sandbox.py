"""La zona aislada de cada entrega: bubblewrap si está, la guardia sola si no.

Cada entrega (y la corrida de referencia) corre ``coursework/run_one.py`` en su propia
carpeta, con su propio núcleo. Con **bubblewrap** (``bwrap``, el aislamiento de Flatpak;
Debian: ``apt-get install bubblewrap``) el proceso ve:

- la raíz del sistema en solo lectura (el entorno de Python se puede leer);
- un ``/tmp`` vacío, y vacías también (``--tmpfs``) la carpeta del repositorio (con
  ``chapters/``, las soluciones y pruebas ocultas), ``$HOME``, la carpeta de las entregas
  (las de los demás, la tabla de notas) y la carpeta de trabajo del corrector (las demás
  entregas, las referencias); del repositorio se devuelven en solo lectura el entorno
  ``.venv-grader``, ``recurrent_lib/`` y ``coursework/``;
- su carpeta, la única en que puede escribir;
- sin red ni otros procesos (``--unshare-all``), y muere con el corrector.

Sin bubblewrap (macOS, un sistema sin espacios de nombres de usuario) corre igual, pero solo
con la guardia de ``coursework/guard.py`` (que rechaza leer y escribir fuera de la carpeta
desde Python, y lanzar procesos), y el corrector imprime un aviso: el aislamiento es más
débil (código nativo, ``ctypes`` ya cargado por una biblioteca o un fallo de la guardia
quedan fuera de su alcance).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WARNING = ("aviso: bubblewrap (bwrap) no está instalado o no funciona aquí; cada entrega "
           "corre solo con la guardia de Python (coursework/guard.py), que es más débil. "
           "Instálelo (Debian/Ubuntu: apt-get install bubblewrap) para aislar de verdad.")


def bwrap_works() -> bool:
    """¿Hay un ``bwrap`` que pueda crear una zona aislada aquí?"""
    if os.environ.get("COURSEWORK_NO_BWRAP") or not shutil.which("bwrap"):
        return False
    done = subprocess.run(["bwrap", "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent",
                           "true"], capture_output=True)
    return done.returncode == 0


def readable_paths() -> list[str]:
    """Lo que el núcleo puede leer fuera de su carpeta: Python, sus bibliotecas, el sistema."""
    paths = {sys.prefix, sys.base_prefix, str(HERE), str(ROOT / "recurrent_lib"),
             *(sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")),
             "/usr", "/lib", "/lib64", "/bin", "/etc", "/proc/self", "/proc/cpuinfo",
             "/proc/meminfo", "/proc/stat", "/sys/devices/system/cpu", "/sys/fs/cgroup",
             "/dev/shm"}
    return sorted(paths)


def command(folder: Path, hidden: list[Path], timeout: int, use_bwrap: bool) -> list[str]:
    """La orden que corre ``run_one.py`` en ``folder``, aislada si ``use_bwrap``."""
    run = [sys.executable, str(HERE / "run_one.py"), str(folder), str(int(timeout))]
    if not use_bwrap:
        return run
    args = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"]
    home = os.environ.get("HOME")
    cover = {Path(p).resolve() for p in [*hidden, ROOT, *([home] if home else [])]}
    for path in sorted(cover, key=lambda p: len(p.parts)):
        if path.is_dir() and path != Path("/"):
            args += ["--tmpfs", str(path)]
    # Lo que el núcleo necesita y quedó tapado: el entorno de Python, la biblioteca, el kit.
    for keep in sorted({Path(sys.prefix), Path(sys.base_prefix), ROOT / "recurrent_lib", HERE}):
        keep = keep.resolve()
        if any(keep.is_relative_to(c) for c in cover):
            args += ["--ro-bind", str(keep), str(keep)]
    args += ["--bind", str(folder), str(folder), "--chdir", str(folder), "--unshare-all",
             "--die-with-parent", "--new-session", "--setenv", "HOME", str(folder)]
    return args + run


def environment(folder: Path) -> dict[str, str]:
    """Variables del proceso aislado: todo lo escribible, dentro de su carpeta."""
    env = {k: v for k, v in os.environ.items()
           if k in ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                    "ATEN_CPU_CAPABILITY", "OMP_NUM_THREADS")}
    env.update({
        "HOME": str(folder), "TMPDIR": str(folder / ".tmp"),
        "MPLCONFIGDIR": str(folder / ".matplotlib"), "MPLBACKEND": "Agg",
        "IPYTHONDIR": str(folder / ".ipython"), "JUPYTER_CONFIG_DIR": str(folder / ".jupyter"),
        "JUPYTER_DATA_DIR": str(folder / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(folder / ".jupyter"),
        "TQDM_DISABLE": "1", "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OMP_NUM_THREADS": env.get("OMP_NUM_THREADS", "1"),
        "COURSEWORK_GRADING_DIR": str(folder.parent),
        "COURSEWORK_READ_OK": os.pathsep.join(readable_paths()),
    })
    return env
