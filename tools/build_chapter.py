"""Construye, en una carpeta temporal, un libro con la portada, un capítulo y la bibliografía.

Uso: ``python tools/build_chapter.py chapters/05_gru.ipynb``

Sirve para comprobar un capítulo en preparación con la construcción estricta
(``-W -n --keep-going``) sin tocar ``_toc.yml``. Imprime los avisos y sale con 1 si hay alguno.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(chapter: str) -> int:
    chapter_path = (ROOT / chapter).resolve()
    with tempfile.TemporaryDirectory(prefix="libro-") as tmp:
        book = Path(tmp)
        for name in ("_config.yml", "references.bib"):
            shutil.copy(ROOT / name, book / name)
        for folder in ("_ext", "_static", "_latex"):
            shutil.copytree(ROOT / folder, book / folder)
        # Una portada mínima: la del libro enlaza todos los capítulos, que aquí no están.
        cover = f"# Capítulo suelto\n\n{{doc}}`chapters/{chapter_path.stem}`\n"
        (book / "intro.md").write_text(cover, encoding="utf-8")
        (book / "chapters").mkdir()
        shutil.copy(chapter_path, book / "chapters" / chapter_path.name)
        shutil.copy(ROOT / "chapters" / "bibliografia.md", book / "chapters" / "bibliografia.md")
        (book / "_toc.yml").write_text(
            "format: jb-book\nroot: intro\nchapters:\n"
            f"  - file: chapters/{chapter_path.stem}\n  - file: chapters/bibliografia\n",
            encoding="utf-8",
        )
        jb = Path(sys.executable).with_name("jupyter-book")
        result = subprocess.run(
            [str(jb), "build", str(book), "-W", "-n", "--keep-going"],
            capture_output=True, text=True,
        )
        lines = (result.stdout + result.stderr).splitlines()
        warnings = [line for line in lines if "WARNING" in line or "ERROR" in line]
        print("\n".join(warnings) or "sin avisos")
        return 1 if result.returncode or warnings else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    raise SystemExit(main(sys.argv[1]))
