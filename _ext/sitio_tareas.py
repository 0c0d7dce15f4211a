"""Los sitios del libro sin pruebas ocultas, y el sitio de la clase sin soluciones.

Los cuadernos de ``chapters/`` llevan las soluciones y las pruebas ocultas del kit de
tareas (formato de nbgrader, ``coursework/``). Esta extensión de Sphinx las quita al leer
cada cuaderno (evento ``source-read``, antes de que myst-nb lo interprete), sin tocar los
archivos:

- siempre, el bloque ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` de cada celda
  de pruebas (y las salidas de esa celda);
- con ``COURSEWORK_SITE=clase`` (``make student-book``), además cada solución: el código
  entre ``### BEGIN SOLUTION`` y ``### END SOLUTION`` (queda el enunciado de la función y
  ``raise NotImplementedError()``, como en la copia del estudiante), las celdas markdown
  con una solución ``{solution}`` y las que abren y cierran ``{solution-start}``.

Al terminar (``build-finished``) reescribe igual las copias de ``_sources/`` que ofrece el
botón de descarga del sitio: el .ipynb descargado tampoco trae pruebas ocultas.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
SOLUTION = ("### BEGIN SOLUTION", "### END SOLUTION")
STUB = ["# ESCRIBE AQUÍ TU CÓDIGO", "raise NotImplementedError()"]


def class_site() -> bool:
    return os.environ.get("COURSEWORK_SITE", "") == "clase"


def _drop_region(source: str, markers: tuple[str, str], stub: list[str] | None) -> str:
    out, inside = [], False
    for line in source.splitlines():
        if line.strip() == markers[0]:
            inside = True
            if stub is not None:
                indent = line[: len(line) - len(line.lstrip())]
                out += [indent + s for s in stub]
        elif line.strip() == markers[1]:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out).rstrip("\n")


def clean(nb: dict, for_class: bool) -> dict:
    """El cuaderno sin pruebas ocultas (y sin soluciones si ``for_class``)."""
    cells = []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        meta = cell.get("metadata", {}).get("nbgrader") or {}
        if cell["cell_type"] == "code" and HIDDEN[0] in source:
            source = _drop_region(source, HIDDEN, None)
            cell = {**cell, "outputs": []}
        if for_class:
            if cell["cell_type"] == "markdown" and (
                    meta.get("solution") or "{solution-start}" in source
                    or "{solution-end}" in source):
                continue
            if cell["cell_type"] == "code" and meta.get("solution"):
                source = _drop_region(source, SOLUTION, STUB)
                cell = {**cell, "outputs": [], "execution_count": None}
        cells.append({**cell, "source": source})
    return {**nb, "cells": cells}


def _on_source_read(app, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    nb = json.loads(source[0])
    source[0] = json.dumps(clean(nb, class_site()), ensure_ascii=False)


def _on_build_finished(app, exception) -> None:
    if exception is not None:
        return
    for path in Path(app.outdir, "_sources").rglob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(clean(nb, class_site()), indent=1, ensure_ascii=False),
                        encoding="utf-8")


def setup(app):
    app.connect("source-read", _on_source_read)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
