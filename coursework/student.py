"""``make student``: copias para estudiantes de cada capítulo, con nbgrader.

Uso: ``python -m coursework.student [--out _build/student] [capítulo ...]``

Cada capítulo sale en ``<out>/<capítulo>/<capítulo>.ipynb``, listo para repartir: sin
código de solución (sustituido por ``raise NotImplementedError()``), sin pruebas ocultas,
sin las respuestas de las derivaciones y sin salidas; las celdas de pruebas quedan
bloqueadas. Es lo que hace ``nbgrader generate_assignment``, con su configuración.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from coursework.course import make_course, nbgrader
from coursework.exercises import ROOT, chapter_notebooks

README = """\
Copias para estudiantes de «Modelos secuenciales y mecanismos de atención».

Una carpeta por capítulo. Completa las celdas que dicen «ESCRIBE AQUÍ TU CÓDIGO» (código)
o «ESCRIBE AQUÍ TU RESPUESTA» (derivaciones), ejecuta la celda de pruebas que sigue a
cada ejercicio y entrega la carpeta del capítulo tal como está, con el mismo nombre.
Los notebooks necesitan numpy, torch, matplotlib y recurrent_lib (pip install -e . en
el repositorio del libro).
"""


def generate(chapters: list[str], out: Path) -> tuple[list[Path], list[str]]:
    """Genera las copias de ``chapters`` en ``out``; devuelve las rutas escritas y los errores.

    Un capítulo que nbgrader rechaza no impide generar los demás.
    """
    out = Path(out)
    written, failed = [], []
    with tempfile.TemporaryDirectory(prefix="curso-") as tmp:
        root = Path(tmp)
        env = make_course(root, chapters)
        for chapter in chapters:
            done = nbgrader(root, env, "generate_assignment", chapter, "--no-db", "--force")
            if done.returncode:
                errors = [line for line in done.stderr.splitlines() if "Error" in line]
                failed.append(f"{chapter}: nbgrader generate_assignment falló: "
                              f"{errors[-1].strip() if errors else done.stderr[-500:]}")
                continue
            target = out / chapter
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / "release" / chapter, target)
            written.append(target / f"{chapter}.ipynb")
    out.mkdir(parents=True, exist_ok=True)
    (out / "LEEME.txt").write_text(README, encoding="utf-8")
    return written, failed


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "_build" / "student"))
    parser.add_argument("chapters", nargs="*", help="capítulos (por omisión, todos)")
    args = parser.parse_args(argv)
    chapters = args.chapters or [p.stem for p in chapter_notebooks()]
    written, failed = generate(chapters, Path(args.out))
    for path in written:
        print(f"copia del estudiante: {path}")
    if failed:
        raise SystemExit("\n".join(failed))


if __name__ == "__main__":
    main(sys.argv[1:])
