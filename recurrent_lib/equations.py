"""El mapa ecuación → código: lee los comentarios ``# (etiqueta)`` y escribe ``README.md``.

Cada línea de código que implementa una ecuación del libro lleva encima un comentario con la
etiqueta de la ecuación, ``# (gru-candidato)``. Este módulo recorre los comentarios (no las
cadenas de documentación) de todos los archivos de ``recurrent_lib`` y genera la tabla
etiqueta → archivo y función de ``recurrent_lib/README.md``. Uso::

    python -m recurrent_lib.equations            # imprime el README
    python -m recurrent_lib.equations --write    # lo escribe en recurrent_lib/README.md

``tests/test_equations.py`` lo regenera y falla si el README guardado se quedó atrás.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import tokenize
from pathlib import Path
from typing import NamedTuple

LIB = Path(__file__).parent
README = LIB / "README.md"
LABEL = re.compile(r"\(([a-z0-9]+(?:-[a-z0-9]+)+)\)")

HEADER = """\
# `recurrent_lib`: dónde está cada ecuación del libro

<!-- Generado por `python -m recurrent_lib.equations --write`; no se edita a mano. -->

La biblioteca tiene tres alas y unas piezas comunes (véase `CONTRIBUTING.md`):

- `numpy_backprop/`: las derivaciones a mano en numpy, hacia adelante y hacia atrás;
- `torch_modules/`: los `torch.nn.Module` que entrenan los capítulos, e `interop.py`, el
  puente con el ala de numpy;
- `tasks/`: las tareas que generan los datos y sus vocabularios;
- arriba, lo común: `validation.py`, `gradcheck.py`, `plotting.py`, `bench.py`.

Cada ecuación etiquetada de un capítulo, `$$ ... $$ (gru-candidato)`, tiene su línea de
código con la misma etiqueta en un comentario encima, `# (gru-candidato)`. La tabla dice en
qué archivo y en qué funciones está cada una (una fila por archivo; una ecuación con gemelo
de torch aparece en las dos alas).

| ecuación | archivo | funciones |
|---|---|---|
"""


class Site(NamedTuple):
    label: str
    path: str       # relativo a recurrent_lib/
    function: str   # "Clase.método", "función" o "(módulo)"


def _scopes(tree: ast.AST) -> list[tuple[int, int, str]]:
    """Intervalos de líneas ``(inicio, fin, nombre)`` de cada función y clase, anidados."""
    out = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                out.append((child.lineno, child.end_lineno, name))
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return out


def _scope_of(line: int, scopes: list[tuple[int, int, str]]) -> str:
    inside = [(start, name) for start, end, name in scopes if start <= line <= end]
    return max(inside)[1] if inside else "(módulo)"


def sites(lib: Path = LIB) -> list[Site]:
    """Cada etiqueta ``(a-b)`` de un comentario, con su archivo y su función, sin repetir."""
    found = set()
    for path in sorted(lib.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        scopes = _scopes(ast.parse(source))
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type != tokenize.COMMENT:
                continue
            for label in LABEL.findall(tok.string):
                rel = path.relative_to(lib).as_posix()
                found.add(Site(label, rel, _scope_of(tok.start[0], scopes)))
    return sorted(found)


def render(lib: Path = LIB) -> str:
    """El texto de ``README.md``: la cabecera y una fila por etiqueta y archivo."""
    by_file: dict[tuple[str, str], list[str]] = {}
    for s in sites(lib):
        by_file.setdefault((s.label, s.path), []).append(f"`{s.function}`")
    rows = [f"| `{label}` | `{path}` | {', '.join(functions)} |"
            for (label, path), functions in by_file.items()]
    return HEADER + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="escribe recurrent_lib/README.md")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        README.write_text(text, encoding="utf-8")
        print(f"escrito {README} ({len(sites())} lugares)")
    else:
        print(text, end="")


if __name__ == "__main__":
    main()
