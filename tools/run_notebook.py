"""Ejecuta notebooks de arriba abajo en un kernel nuevo y guarda sus salidas.

Uso: ``python tools/run_notebook.py chapters/02_rnn.ipynb [otro.ipynb ...]``

Es la única manera en que un notebook del libro debe guardarse: kernel limpio,
contadores de ejecución 1..n, y el script se niega a guardar si una celda dejó
un error o escribió en stderr (nbval y la construcción estricta fallarían).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def problems_of(nb: nbformat.NotebookNode) -> list[str]:
    """Devuelve los problemas que impedirían guardar el notebook."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        for out in cell.get("outputs", []):
            if out.output_type == "error" and "raises-exception" not in tags:
                problems.append(f"celda {i}: error {out.ename}: {out.evalue}")
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"celda {i}: escribió en stderr: {out.text[:200]!r}")
    return problems


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    problems = problems_of(nb)
    if problems:
        print(f"{path}: NO se guarda ({seconds:.1f} s):", *problems, sep="\n  ")
        raise SystemExit(1)
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    nbformat.write(nb, path)
    print(f"{path}: ejecutado y guardado en {seconds:.1f} s")
    return seconds


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    for name in argv:
        run(Path(name))


if __name__ == "__main__":
    main(sys.argv[1:])
