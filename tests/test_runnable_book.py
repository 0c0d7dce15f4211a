"""El libro ejecutable: el zip que enlaza el sitio corre fuera del repositorio.

Se descomprime en una carpeta temporal, se instala la rueda de ``recurrent_lib`` en un
entorno nuevo que ve los paquetes del entorno del libro (torch, numpy, nbclient) pero no
el repositorio, y se ejecuta un cuaderno del zip de arriba abajo. Aparte, la primera celda
de cada capítulo explica en español qué falta cuando ``recurrent_lib`` no está instalada.
"""

from __future__ import annotations

import json
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import test_site_browser as site_tests

server, browser, visit = site_tests.server, site_tests.browser, site_tests.visit
ROOT = Path(__file__).resolve().parents[1]
ZIP = ROOT / "_build" / "html" / "libro-ejecutable.zip"
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
RUN = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3").execute()
import recurrent_lib
print(recurrent_lib.__file__)
"""


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    if not ZIP.exists():
        pytest.fail("No existe _build/html/libro-ejecutable.zip: ejecute `make book` antes.")
    folder = tmp_path_factory.mktemp("zip")
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(folder)
    return folder / "libro-ejecutable"


@pytest.mark.browser
def test_the_zip_holds_the_notebooks_the_wheel_the_pins_and_the_readme(unpacked):
    names = {p.name for p in (unpacked / "cuadernos").iterdir()}
    assert names == {p.name for p in NOTEBOOKS}
    for notebook in (unpacked / "cuadernos").iterdir():
        assert "BEGIN HIDDEN TESTS" not in notebook.read_text(encoding="utf-8"), notebook.name
    assert len(list(unpacked.glob("recurrent_lib-*.whl"))) == 1
    assert (unpacked / "requirements.txt").read_text() == (ROOT / "requirements.txt").read_text()
    readme = (unpacked / "LEEME.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv" in readme and "pip install -r requirements-lab.txt" in readme


@pytest.mark.browser
def test_a_notebook_from_the_zip_runs_with_the_installed_wheel(unpacked, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Los paquetes del entorno del libro, sin procesar sus .pth: el recurrent_lib
    # editable (que apunta al repositorio) no se ve; solo la rueda del zip.
    own = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    (own / "entorno_del_libro.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    (wheel,) = unpacked.glob("recurrent_lib-*.whl")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--disable-pip-version-check", str(wheel)], check=True)
    notebook = unpacked / "cuadernos" / "00_notacion.ipynb"
    out = subprocess.run([python, "-c", RUN, str(notebook)], cwd=notebook.parent,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().startswith(str(own)), out.stdout


@pytest.mark.browser
def test_the_cover_and_every_chapter_link_the_zip(visit):
    cover = visit("intro.html").page
    assert cover.locator('a.libro-ejecutable[href="libro-ejecutable.zip"]').count() == 1
    page = visit("chapters/05_gru.html").page
    link = page.locator(".dropdown-download-buttons a.btn-download-runnable-book")
    assert link.get_attribute("href") == "../libro-ejecutable.zip"
    assert page.request.get(link.evaluate("a => a.href")).status == 200


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_first_cell_explains_a_missing_library_in_spanish(path, tmp_path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = next("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    # La guarda va al principio de la celda; lo que sigue puede ser sintaxis de IPython.
    assert first.startswith("try:\n    import recurrent_lib as rl\n"), first[:80]
    first = first[: first.index(") from None") + len(") from None")]
    # Un Python aislado (-I, -S) en una carpeta vacía no ve recurrent_lib.
    out = subprocess.run([sys.executable, "-I", "-S", "-c", first], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: Este cuaderno necesita recurrent_lib"), last
    assert "libro-ejecutable.zip" in last and "make lab" in last, last
