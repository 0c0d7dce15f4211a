"""``make nbgrader-source``: los capítulos en el formato de nbgrader, para un curso propio.

Uso: ``python -m coursework.nbgrader_source [--out _build/nbgrader] [capítulo ...]``

Escribe ``<out>/source/<capítulo>/<capítulo>.ipynb`` con las soluciones y las pruebas
ocultas tal como nbgrader las espera (regiones ``### BEGIN SOLUTION``/``### BEGIN HIDDEN
TESTS``, celdas de pruebas ``grade``/``locked`` con sus puntos, respuestas markdown con
``grade: true``). Es la carpeta ``source/`` de un curso de nbgrader (por ejemplo en
JupyterHub): se copia tal cual y se usa con ``nbgrader generate_assignment`` y
``nbgrader autograde``. Ojo: ``autograde`` corre las pruebas ocultas dentro del núcleo del
estudiante, sin la comparación fuera del proceso ni la zona aislada de ``make grade``
(véase la guía para docentes).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coursework.course import upgrade
from coursework.exercises import ROOT, chapter_notebooks

README = """\
Cuadernos fuente para nbgrader (0.9): copie source/ en el directorio de su curso.

  nbgrader generate_assignment <capítulo>   # copias sin soluciones en release/
  nbgrader autograde <capítulo>             # corrige submitted/<estudiante>/<capítulo>/

Los nombres de las tareas son los de las carpetas (00_notacion, 05_gru...).
"""


def write_sources(chapters: list[Path], out: Path) -> list[Path]:
    """Escribe cada capítulo en ``out/source/<capítulo>/<capítulo>.ipynb``."""
    written = []
    for path in chapters:
        nb = upgrade(json.loads(Path(path).read_text(encoding="utf-8")))
        target = Path(out) / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    (Path(out) / "LEEME.txt").write_text(README, encoding="utf-8")
    return written


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "_build" / "nbgrader"))
    parser.add_argument("chapters", nargs="*", help="capítulos (por omisión, todos)")
    args = parser.parse_args(argv)
    paths = [p for p in chapter_notebooks() if not args.chapters or p.stem in args.chapters]
    for path in write_sources(paths, Path(args.out)):
        print(f"fuente de nbgrader: {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
