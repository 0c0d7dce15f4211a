"""El libro ejecutable: un zip con los cuadernos, la biblioteca y las instrucciones.

Al terminar la construcción HTML, escribe ``_build/html/libro-ejecutable.zip`` con

- ``cuadernos/``: los cuadernos de los capítulos, sin pruebas ocultas como la descarga del
  .ipynb (``_ext/sitio_tareas.py``; en el sitio de la clase, también sin soluciones);
- ``recurrent_lib-<versión>-py3-none-any.whl``: la biblioteca del libro;
- ``requirements.txt`` y ``requirements-lab.txt``: las versiones exactas;
- ``LEEME.md``: cómo ejecutarlo en un portátil sin git.

La portada y cada capítulo enlazan el zip (``_static/interfaz-es.js`` añade el enlace junto
al botón de descarga del .ipynb). Si la carpeta del libro no es el repositorio (por ejemplo
``tools/build_chapter.py``, que construye un capítulo suelto), no se escribe nada.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sitio_tareas import class_site, clean

NAME = "libro-ejecutable.zip"
FOLDER = "libro-ejecutable"

README = """# Modelos secuenciales y mecanismos de atención: el libro ejecutable

Los cuadernos de los capítulos y `recurrent_lib`, la biblioteca que importan. Con Python
3.11 o posterior, en esta carpeta:

```sh
python3 -m venv .venv
.venv/bin/pip install -r requirements-lab.txt {wheel}
```

(en Windows, `.venv\\Scripts\\pip` en lugar de `.venv/bin/pip`). Después, para abrirlos:

```sh
.venv/bin/jupyter lab cuadernos/
```

Cada cuaderno corre de arriba abajo en menos de un minuto y medio en la CPU de un portátil
y genera sus propios datos: no descarga nada. Las versiones de `requirements.txt` son las
que el libro prueba. `torch==2.13.0` es la versión para CPU; si en su sistema pip fuera a
descargar una versión para GPU (varios GB), instale antes torch 2.13.0 para CPU como
indican las instrucciones oficiales de PyTorch.
"""


def chapter_notebooks(root: Path) -> list[Path]:
    return sorted((root / "chapters").glob("*.ipynb"))


def build_wheel(root: Path, out: Path) -> Path:
    # Desde una copia: setuptools deja build/ y *.egg-info junto a las fuentes.
    source = out / "fuente"
    shutil.copytree(root / "recurrent_lib", source / "recurrent_lib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "--wheel-dir", str(out), str(source)],
        check=True, capture_output=True,
    )
    (wheel,) = out.glob("recurrent_lib-*.whl")
    return wheel


def write_zip(root: Path, target: Path) -> Path:
    """Escribe el zip del libro ejecutable en ``target`` y lo devuelve."""
    with tempfile.TemporaryDirectory(prefix="rueda-") as tmp:
        wheel = build_wheel(root, Path(tmp))
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{FOLDER}/LEEME.md", README.format(wheel=wheel.name))
            for name in ("requirements.txt", "requirements-lab.txt"):
                archive.write(root / name, f"{FOLDER}/{name}")
            archive.write(wheel, f"{FOLDER}/{wheel.name}")
            for notebook in chapter_notebooks(root):
                # Como la descarga del .ipynb: sin pruebas ocultas (y, en el sitio de la
                # clase, sin soluciones).
                nb = clean(json.loads(notebook.read_text(encoding="utf-8")), class_site())
                archive.writestr(f"{FOLDER}/cuadernos/{notebook.name}",
                                 json.dumps(nb, indent=1, ensure_ascii=False))
    return target


def on_build_finished(app, exception) -> None:
    root = Path(app.confdir)
    if exception is not None or app.builder.format != "html":
        return
    if not (root / "pyproject.toml").exists() or not (root / "recurrent_lib").is_dir():
        return
    write_zip(root, Path(app.outdir) / NAME)


def setup(app):
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
