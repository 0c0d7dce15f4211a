"""El libro en PDF (``make pdf``): completo, sin referencias rotas y con los mismos números.

Lee ``_build/pdf/libro.pdf`` con ``pdftotext`` (poppler-utils): cada título de capítulo
está, tiene un número de páginas de libro, no queda ningún «??» de una referencia sin
resolver, y una ecuación citada lleva el mismo número que en el sitio.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "_build" / "pdf" / "libro.pdf"


@pytest.fixture(scope="module")
def text() -> str:
    if not PDF.exists():
        pytest.fail("No existe _build/pdf/libro.pdf: ejecute `make pdf` antes.")
    return subprocess.run(["pdftotext", "-layout", str(PDF), "-"], check=True,
                          capture_output=True, text=True).stdout


def chapter_titles() -> list[str]:
    titles = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
        titles.append(re.search(r"^# (.+)$", "".join(first["source"]), re.M).group(1))
    return titles


def test_every_chapter_title_is_in_the_pdf(text):
    flat = " ".join(text.split())
    missing = [t for t in chapter_titles() if " ".join(t.split()) not in flat]
    assert missing == [], missing


def test_the_pdf_has_a_books_length():
    info = subprocess.run(["pdfinfo", str(PDF)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert pages >= 150, pages


def test_no_unresolved_reference(text):
    assert "??" not in text


def test_an_equation_has_the_same_number_as_on_the_site(text):
    # (gru-reinicio) es la primera ecuación del capítulo 5: «Ec. (5.1)» en el sitio.
    assert re.search(r"Ec\. \(5\.1\)", text)
    assert re.search(r"\(5\.1\)\s*$", text, re.M), "la ecuación (5.1) no lleva su número"
    assert re.search(r"\(0\.1\)\s*$", text, re.M), "el capítulo 0 numera sus ecuaciones 0.n"
