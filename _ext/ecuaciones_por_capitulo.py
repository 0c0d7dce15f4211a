r"""Ecuaciones numeradas por capítulo: «Ec. (5.3)», como en un libro impreso.

Sphinx numera las ecuaciones (``math_numfig``) en ``env.toc_fignumbers``; sin un índice
numerado, la cuenta no lleva el número del capítulo. Esta extensión, después de que
Sphinx asigne los números, los reescribe como ``(capítulo, n)``: el capítulo sale del
nombre del archivo (``chapters/05_gru`` → 5; el apéndice → A) y ``n`` cuenta las
ecuaciones de la página en su orden. Los números de las ecuaciones y las referencias
``{eq}`` leen de ese mismo sitio, así que ambos cambian a la vez.

En el PDF (``make pdf``) numera LaTeX: cada capítulo empieza fijando su contador
(``\setcounter{chapter}{5}``; el apéndice escribe «A»), y los títulos del libro, que ya
llevan su número («3. Retropropagación en el tiempo»), no reciben otro
(``secnumdepth`` = −1 en ``_config.yml``). Así «Ec. (5.3)» es la misma ecuación en el
sitio y en el papel.
"""

from __future__ import annotations

import re

from docutils import nodes

CHAPTER = re.compile(r"^chapters/(\d+)_")
APPENDIX = re.compile(r"^chapters/apendice")


def chapter_number(docname: str) -> str | None:
    """Número de capítulo de una página (``"5"``, ``"A"``), o ``None`` si no es capítulo."""
    match = CHAPTER.match(docname)
    if match:
        return str(int(match.group(1)))
    if APPENDIX.match(docname):
        return "A"
    return None


def renumber(app, env) -> list[str]:
    for docname, numbers in env.toc_fignumbers.items():
        chapter = chapter_number(docname)
        equations = numbers.get("displaymath")
        if chapter is None or not equations:
            continue
        in_order = sorted(equations, key=lambda node_id: equations[node_id])
        numbers["displaymath"] = {node_id: (chapter, i) for i, node_id in
                                  enumerate(in_order, start=1)}
    return []


#: Sphinx omite el prefijo cuando el capítulo es 0; el sitio escribe «0.1».
EQUATION_NUMBER = r"\renewcommand{\theequation}{\thechapter.\arabic{equation}}"


def latex_chapter_counter(chapter: str) -> str:
    """El LaTeX que deja el contador de capítulo en ``chapter`` antes de su título."""
    if chapter == "A":
        counter = r"\setcounter{chapter}{1}\renewcommand{\thechapter}{A}"
    else:
        counter = rf"\setcounter{{chapter}}{{{chapter}}}"
    return counter + r"\setcounter{equation}{0}" + EQUATION_NUMBER


def mark_chapter_for_latex(app, doctree) -> None:
    chapter = chapter_number(app.env.docname)
    if chapter is not None:
        doctree.insert(0, nodes.raw("", latex_chapter_counter(chapter), format="latex"))


def setup(app):
    # Después del recolector de Sphinx que asigna los números (prioridad por defecto 500).
    app.connect("env-get-updated", renumber, priority=900)
    app.connect("doctree-read", mark_chapter_for_latex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
