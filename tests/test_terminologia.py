"""Una sola voz: ninguna variante desaconsejada en la prosa ni en los textos de las figuras.

Las variantes y sus formas preferidas están en ``tests/terminologia.tsv``. Se busca en las
celdas markdown de cada capítulo (sin bloques de código, código en línea, URLs ni
etiquetas de ``{cite}``/``{eq}``), en las páginas ``.md`` del libro y en los textos de las
figuras (títulos, ejes, leyendas y el texto alternativo de cada celda).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "chapters").glob("*.md"))
PAGES += [ROOT / "intro.md"]
FIGURE_CALLS = {"set_title", "set_xlabel", "set_ylabel", "title", "xlabel", "ylabel",
                "suptitle", "text", "annotate", "set_yticklabels", "set_xticklabels"}
FIGURE_KWARGS = {"label", "title", "xlabel", "ylabel"}


def rules() -> list[tuple[re.Pattern, str]]:
    out = []
    for line in (ROOT / "tests" / "terminologia.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        variant, preferred = line.split("\t")
        out.append((re.compile(variant, re.IGNORECASE), preferred))
    return out


def prose(markdown: str) -> str:
    """El texto de una celda markdown sin lo que no es prosa."""
    text = re.sub(r"^(```|~~~).*?^\1", " ", markdown, flags=re.S | re.M)  # bloques de código
    text = re.sub(r"`[^`\n]*`", " ", text)  # código en línea y roles {cite}`clave`
    text = re.sub(r"\]\([^)]*\)|https?://\S+", " ", text)  # destinos de enlaces
    text = re.sub(r"^:(label|class|name|alt):.*$", " ", text, flags=re.M)
    return text


def figure_strings(source: str) -> list[str]:
    """Los literales de texto que una celda de código pasa a matplotlib."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        values = list(node.args) if name in FIGURE_CALLS else []
        values += [k.value for k in node.keywords if k.arg in FIGURE_KWARGS]
        for value in values:
            found += [n.value for n in ast.walk(value)
                      if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return found


def texts(path: Path) -> list[tuple[str, str]]:
    """(dónde, texto) de cada trozo de prosa o de figura de la página."""
    if path.suffix == ".md":
        text = prose(path.read_text(encoding="utf-8"))
        if path.name == "glosario.md":  # su columna «En inglés» nombra los términos ingleses
            text = re.sub(r"^(\|[^|\n]*\|)[^|\n]*\|", r"\1 |", text, flags=re.M)
        return [(path.name, text)]
    out = []
    for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            out.append((f"{path.name}, celda {i}", prose(source)))
        elif cell["cell_type"] == "code":
            out += [(f"{path.name}, celda {i} (figura)", s) for s in figure_strings(source)]
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
            if alt:
                out.append((f"{path.name}, celda {i} (texto alternativo)", alt))
    return out


def test_the_rules_file_parses_and_every_rule_matches_its_example():
    assert len(rules()) >= 15
    assert rules()[0][0].search("la matriz traspuesta")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_discouraged_variant(path):
    problems = []
    for where, text in texts(path):
        for pattern, preferred in rules():
            for match in pattern.finditer(text):
                problems.append(f"{where}: «{match.group(0)}» → {preferred}")
    assert problems == [], "\n".join(problems)


def test_the_glossary_gives_spanish_english_symbol_and_chapter_for_60_terms():
    lines = (ROOT / "chapters" / "glosario.md").read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| Término")]
    assert len(rows) >= 60
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 4, row
        spanish, english, _symbol, chapter = cells
        assert spanish and english and chapter.startswith("{doc}`"), row
