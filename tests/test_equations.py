"""El mapa ecuación → código de ``recurrent_lib/README.md``, generado por ``equations.py``."""

import json
import re
from pathlib import Path

from recurrent_lib import equations

ROOT = Path(__file__).resolve().parents[1]
DOLLAR_LABEL = re.compile(r"\$\$[ \t]*\(([^)\s]+)\)")                  # $$ ... $$ (etiqueta)
MATH_BLOCK = re.compile(r"```\{math\}(.*?)```", re.S)                    # ```{math} ... ```
MATH_LABEL = re.compile(r"^:label:\s*(\S+)", re.M)


def _chapter_equation_labels() -> set[str]:
    labels = set()
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        labels |= set(DOLLAR_LABEL.findall(text))
        for block in MATH_BLOCK.findall(text):
            labels |= set(MATH_LABEL.findall(block))
    return labels


def test_readme_is_up_to_date():
    stored = equations.README.read_text(encoding="utf-8")
    assert stored == equations.render(), (
        "recurrent_lib/README.md no coincide con los comentarios del código; "
        "regenérelo con «python -m recurrent_lib.equations --write»"
    )


def test_finds_the_labels_and_their_functions():
    found = {(s.label, s.path, s.function) for s in equations.sites()}
    assert ("gru-candidato", "numpy_backprop/gru.py", "gru_step_forward") in found
    assert ("lstm-celda", "torch_modules/lstm.py", "LSTM.forward") in found
    assert ("tr-posicional", "torch_modules/positional.py", "positional_encoding") in found
    # el docstring de transformer.py cita «# (tr-post-norm)»: no es un comentario, no cuenta
    assert not any(s.function == "(módulo)" for s in equations.sites())


def test_every_code_label_is_an_equation_of_some_chapter():
    chapters = _chapter_equation_labels()
    assert len(chapters) > 50, "no se encontraron las ecuaciones de los capítulos"
    labels = {s.label for s in equations.sites()}
    missing = sorted(labels - chapters)
    assert not missing, f"etiquetas del código sin ecuación en ningún capítulo: {missing}"
