"""Higiene de los notebooks tal como están guardados en el repositorio.

nbval comprueba que las salidas guardadas vuelven a salir; estas pruebas, baratas,
comprueban que se guardaron bien: ejecutados de arriba abajo en un kernel nuevo, sin
errores ni stderr, sin rutas de la máquina del autor, y listados en el índice.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MACHINE_PATH = re.compile(r"(/tmp/|/root/|/home/|/work/|[A-Z]:\\\\Users)")


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


def test_every_toc_entry_exists():
    for name in toc_files():
        candidates = [ROOT / f"{name}{ext}" for ext in (".md", ".ipynb")]
        found = sum(c.exists() for c in candidates)
        assert found == 1, f"{name}: debe existir un único .md o .ipynb"


def test_every_chapter_notebook_is_in_the_toc():
    listed = set(toc_files())
    for path in NOTEBOOKS:
        assert f"chapters/{path.stem}" in listed, f"{path.name} no está en _toc.yml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_run_top_to_bottom(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    counts = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        if source.strip():
            assert cell["execution_count"] is not None, f"celda {i} sin ejecutar"
            counts.append(cell["execution_count"])
        for out in cell["outputs"]:
            if out["output_type"] == "error":
                assert "raises-exception" in tags, f"celda {i} guarda un error {out['ename']}"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), (
                f"celda {i} guarda stderr: {''.join(out['text'])[:120]!r}"
            )
            assert "image/svg+xml" not in out.get("data", {}), f"celda {i}: figura SVG (use PNG)"
            assert not MACHINE_PATH.search(json.dumps(out)), f"celda {i}: ruta de la máquina"
    expected = list(range(1, len(counts) + 1))
    assert counts == expected, "contadores no 1..n: ejecútelo con make run-notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_imports_the_library(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "import recurrent_lib as rl" in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_control_characters_in_sources(path):
    # «\frac» escrito en una cadena de Python sin r"" llega como avance de página + «rac».
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        bad = sorted({hex(ord(ch)) for ch in "".join(cell["source"]) if ord(ch) < 32
                      and ch not in "\n\t"})
        assert not bad, f"celda {i}: caracteres de control {bad} (¿una \\f o \\a sin escapar?)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_a_spanish_alt_text(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        if any("image/png" in out.get("data", {}) for out in cell["outputs"]):
            alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) >= 20, f"celda {i}: figura sin texto alternativo (mystnb.image.alt)"
