"""El sitio en un navegador real: sin red, en español, con cada ecuación y figura dibujadas.

Sirve ``_build/html`` en 127.0.0.1 y lo recorre con el Chromium de Debian (headless) por
medio de Playwright. Cualquier petición que salga del servidor local se bloquea y hace
fallar la prueba: así se demuestra que el sitio funciona sin conexión.

Requiere ``make book`` antes (``make test`` lo hace) y ``/usr/bin/chromium``. Con
``BOOK_SITE=_build/student-html`` recorre igual el sitio de la clase (``make student-book``);
``make test-browser`` corre los dos.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / os.environ.get("BOOK_SITE", "_build/html")
CLASS_SITE = SITE.name == "student-html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]
# Los dos errores de consola inofensivos que Jupyter Book 1.0.4 produce en cada página.
KNOWN_CONSOLE_ERRORS = ("THEBE_JS_URL", "Got invalid theme mode")
MATHJAX_TIMEOUT_MS = 30_000


def site_pages() -> list[str]:
    """Todas las páginas HTML del sitio, como rutas relativas (sin recursos estáticos)."""
    if not (SITE / "index.html").exists():
        return []
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")):
            continue
        pages.append(rel)
    return pages


PAGES = site_pages()
CONTENT_PAGES = [p for p in PAGES if p not in ("genindex.html", "search.html", "index.html")]


@pytest.fixture(scope="module")
def server():
    if not (SITE / "index.html").exists():
        pytest.fail(f"No existe {SITE}/index.html: ejecute `make book` "
                    "(o `make student-book`) antes.")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no ensuciar la salida de pytest
        pass


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Falta /usr/bin/chromium: `apt-get install chromium` (.ci/run lo instala).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """Una página abierta con la red bloqueada, y lo que pasó al cargarla."""

    def __init__(self, browser, server: str, path: str, viewport=(1280, 900)):
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, locale="es-ES"
        )
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        self.page.goto(urljoin(server, path), wait_until="load")

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.external_requests.append(route.request.url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    opened = []

    def _open(path, **kwargs):
        v = Visit(browser, server, path, **kwargs)
        opened.append(v)
        return v

    yield _open
    for v in opened:
        v.close()


def wait_for_mathjax(page) -> dict:
    """Espera a que MathJax termine y cuenta ecuaciones, las dibujadas y los errores."""
    page.wait_for_function(
        "() => !document.querySelector('.math') || (window.MathJax && MathJax.startup"
        " && MathJax.startup.promise)",
        timeout=MATHJAX_TIMEOUT_MS,
    )
    return page.evaluate(
        """async () => {
            if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
                await MathJax.startup.promise;
            }
            const maths = Array.from(document.querySelectorAll('.math'));
            return {
                total: maths.length,
                rendered: maths.filter(m => m.querySelector('mjx-container')).length,
                errors: document.querySelectorAll('mjx-merror').length,
                raw: maths.filter(m => !m.querySelector('mjx-container'))
                          .slice(0, 3).map(m => m.textContent.slice(0, 80)),
            };
        }"""
    )


# --------------------------------------------------------------------------- cada página


def test_the_site_has_pages():
    assert "intro.html" in PAGES and "chapters/00_notacion.html" in PAGES, PAGES


def test_index_redirects_to_the_cover(visit):
    v = visit("index.html")
    v.page.wait_for_url("**/intro.html", timeout=10_000)
    assert v.page.evaluate("document.documentElement.lang") == "es"


@pytest.mark.parametrize("path", [p for p in PAGES if p != "index.html"])
def test_page_offline_math_images_and_scripts(visit, path):
    v = visit(path)
    page = v.page
    assert page.evaluate("document.documentElement.lang") == "es"

    math = wait_for_mathjax(page)
    assert math["errors"] == 0, f"{path}: {math['errors']} errores de MathJax"
    assert math["rendered"] == math["total"], f"{path}: ecuaciones sin dibujar: {math['raw']}"

    images = page.evaluate(
        """() => Array.from(document.images).map(img => ({
            src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
            alt: (img.getAttribute('alt') || '').trim(),
            caption: (img.closest('figure')?.querySelector('figcaption')?.textContent || '').trim(),
        }))"""
    )
    for img in images:
        assert img["loaded"], f"{path}: la imagen {img['src']} no cargó"
        text = img["caption"] or img["alt"]
        meaningful = len(text) >= 10 and not re.search(r"\.(png|jpe?g|svg|gif)$", text)
        assert meaningful, f"{path}: la imagen {img['src']} no tiene texto alternativo ({text!r})"

    english = page.evaluate(
        """() => Array.from(document.querySelectorAll('[title], [aria-label], [placeholder]'))
            .flatMap(e => ['title', 'aria-label', 'placeholder'].map(a => e.getAttribute(a)))
            .filter(t => t && /^(Link to this|Toggle |Search this|Show code|Hide code)/.test(t))"""
    )
    assert english == [], f"{path}: textos de la interfaz en inglés: {sorted(set(english))}"

    page.wait_for_load_state("networkidle")
    assert v.external_requests == [], f"{path}: intentó salir de la red local"
    unexpected = [e for e in v.console_errors if not any(k in e for k in KNOWN_CONSOLE_ERRORS)]
    assert unexpected == [], f"{path}: errores de JavaScript: {unexpected}"


# --------------------------------------------------------------------------- enlaces


def _anchors_of(html_path: Path) -> set[str]:
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)} | {
        tag["name"] for tag in soup.find_all("a", attrs={"name": True})
    }


def test_every_internal_link_and_anchor_resolves():
    anchors: dict[Path, set[str]] = {}
    broken = []
    for rel in PAGES:
        page_path = SITE / rel
        soup = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            href = a["href"]
            parsed = urlparse(href)
            if parsed.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page_path.parent / parsed.path).resolve() if parsed.path else page_path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{rel}: {href} (no existe)")
                continue
            if parsed.fragment and target.suffix == ".html":
                if target not in anchors:
                    anchors[target] = _anchors_of(target)
                if parsed.fragment not in anchors[target]:
                    broken.append(f"{rel}: {href} (ancla inexistente)")
    assert broken == [], "\n".join(broken)


def test_no_page_links_outside_for_scripts_styles_or_fonts():
    for rel in PAGES:
        soup = BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for node in soup.find_all(tag, attrs={attr: True}):
                url = node[attr]
                assert not urlparse(url).scheme and not url.startswith("//"), f"{rel}: {url}"


def chapter_of(rel: str) -> str | None:
    """«5» para chapters/05_gru.html, «A» para el apéndice (como _ext/ecuaciones_por_capitulo)."""
    match = re.match(r"chapters/(\d+)_", rel)
    if match:
        return str(int(match.group(1)))
    return "A" if rel.startswith("chapters/apendice") else None


def test_equations_are_numbered_per_chapter():
    numbered = 0
    for rel in CONTENT_PAGES:
        soup = BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")
        numbers = [span.find(string=True, recursive=False).strip()
                   for span in soup.select("span.eqno")]
        if chapter_of(rel) is None:
            continue
        expected = [f"({chapter_of(rel)}.{i})" for i in range(1, len(numbers) + 1)]
        assert numbers == expected, f"{rel}: {numbers[:5]}…"
        numbered += len(numbers)
    assert numbered > 40, "casi ninguna ecuación numerada"


def test_equation_references_read_ec_chapter_n():
    refs = []
    for rel in CONTENT_PAGES:
        soup = BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")
        for a in soup.select('a.reference[href*="#equation-"]'):
            page = urlparse(a["href"]).path
            target = str((Path(rel).parent / page).as_posix()) if page else rel
            refs.append((rel, chapter_of(os.path.normpath(target)), a.get_text()))
    assert refs, "ningún capítulo cita una ecuación numerada"
    for rel, chapter, text in refs:
        assert re.fullmatch(rf"Ec\. \({chapter}\.\d+\)", text), f"{rel}: referencia {text!r}"


def test_bibliography_lists_every_entry_of_references_bib():
    bib = parse_file(str(ROOT / "references.bib"))
    html = (SITE / "chapters/bibliografia.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text().split()).casefold()
    missing = []
    for key, entry in bib.entries.items():
        # El estilo de la bibliografía pasa los títulos a minúsculas y «--» a «–».
        title = re.sub(r"[{}]", "", entry.fields["title"]).replace("--", "–")
        if " ".join(title.split()).casefold() not in text:
            missing.append(key)
    assert missing == [], f"entradas de references.bib que ningún capítulo cita: {missing}"


# --------------------------------------------------------------------------- búsqueda y descarga


SEARCHES = [
    ("compuerta de olvido", "chapters/06_lstm.html"),
    ("atención", "chapters/08_atencion.html"),
    ("retropropagación en el tiempo", "chapters/03_bptt.html"),
    ("compuerta de actualización", "chapters/05_gru.html"),
]


@pytest.mark.parametrize("query,expected", SEARCHES)
def test_spanish_search_finds_the_right_chapter(visit, query, expected):
    if expected not in PAGES:
        pytest.fail(f"falta la página {expected}")
    v = visit(f"search.html?q={query}")
    v.page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    v.page.wait_for_function(
        "() => !document.querySelector('#search-progress')"
        " || document.querySelector('#search-progress').textContent.trim() !== ''",
        timeout=20_000,
    )
    hrefs = v.page.eval_on_selector_all(
        "#search-results ul.search li a", "els => els.map(a => a.getAttribute('href'))"
    )
    top = [h.split("?")[0].split("#")[0] for h in hrefs[:3]]
    assert expected in top, f"«{query}»: primeros resultados {top}"


def test_download_button_gives_a_valid_notebook(visit, server):
    v = visit("chapters/00_notacion.html")
    links = v.page.eval_on_selector_all(
        "a[href$='.ipynb']", "els => els.map(a => a.getAttribute('href'))"
    )
    assert links, "la página no tiene botón de descarga .ipynb"
    url = urljoin(urljoin(server, "chapters/00_notacion.html"), links[0])
    with urllib.request.urlopen(url, timeout=10) as response:
        nb = nbformat.reads(response.read().decode("utf-8"), as_version=4)
    nbformat.validate(nb)
    assert any(c.cell_type == "code" for c in nb.cells)


# --------------------------------------------------------------------------- pantalla de teléfono


@pytest.mark.parametrize("path", ["intro.html", *CONTENT_PAGES[:1], *CONTENT_PAGES[-3:-1]])
def test_phone_viewport_has_no_horizontal_overflow_and_usable_navigation(visit, path):
    v = visit(path, viewport=(375, 740))
    page = v.page
    wait_for_mathjax(page)
    overflow = page.evaluate(
        """() => {
            const main = document.querySelector('main') || document.body;
            return {page: document.documentElement.scrollWidth - window.innerWidth,
                    main: main.scrollWidth - main.clientWidth};
        }"""
    )
    assert overflow["page"] <= 1 and overflow["main"] <= 1, f"{path}: desborda {overflow}"

    toggle = page.locator(".primary-toggle:visible").first
    assert toggle.is_visible(), "no se ve el botón del menú en un teléfono"
    toggle.click()
    # En pantallas estrechas el índice se abre en un cuadro de diálogo.
    link = page.locator("dialog a.reference.internal:visible, "
                        "#pst-primary-sidebar a.reference.internal:visible").first
    link.wait_for(state="visible", timeout=5_000)
    page.screenshot(path=str(ROOT / "_build" / "telefono.png"))
    box = link.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1


def test_citations_read_in_spanish():
    """Las citas del texto unen autores con «y» (estilo ``author_year_es`` de ``_ext``)."""
    citations = set()
    for rel in CONTENT_PAGES:
        soup = BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")
        citations |= {" ".join(a.get_text().split())
                      for a in soup.select('a[href*="bibliografia.html#"]')}
    assert any(" y " in c for c in citations), sorted(citations)
    assert not [c for c in citations if " and " in c], sorted(citations)


# --------------------------------------------------------------------------- tareas


def _secret_code_lines(nb: dict) -> tuple[set[str], set[str]]:
    """Líneas de pruebas ocultas y de soluciones de código que no aparecen en otro lado."""
    from coursework.exercises import (
        BEGIN_HIDDEN,
        BEGIN_SOLUTION,
        END_HIDDEN,
        END_SOLUTION,
        _regions,
    )

    hidden = {ln for c in nb["cells"] for ln in _regions(c["source"], BEGIN_HIDDEN, END_HIDDEN)}
    solution = {ln for c in nb["cells"]
                for ln in _regions(c["source"], BEGIN_SOLUTION, END_SOLUTION)}
    public = set()
    for cell in nb["cells"]:
        inside = False
        for line in cell["source"].splitlines():
            if line.strip() in (BEGIN_HIDDEN, BEGIN_SOLUTION):
                inside = True
            elif line.strip() in (END_HIDDEN, END_SOLUTION):
                inside = False
            elif not inside:
                public.add(line.strip())
    return hidden - public, solution - public


@pytest.mark.parametrize("source", sorted((ROOT / "chapters").glob("*.ipynb")),
                         ids=lambda p: p.stem)
def test_site_shows_no_hidden_tests_and_class_site_no_solutions(source):
    """Ni el código de la página ni el .ipynb de descarga traen lo que no debe verse."""
    from coursework.exercises import load, secret_lines

    nb = load(source)
    hidden, solution = _secret_code_lines(nb)
    assert hidden, f"{source.name}: sin pruebas ocultas que buscar"
    page = BeautifulSoup((SITE / "chapters" / f"{source.stem}.html").read_text(
        encoding="utf-8"), "html.parser")
    shown = {ln.strip() for pre in page.find_all("pre") for ln in pre.get_text().splitlines()}
    download = load(SITE / "_sources" / "chapters" / source.name)
    offered = {ln.strip() for c in download["cells"] for ln in c["source"].splitlines()}
    if not CLASS_SITE:
        hidden -= solution  # una línea de una prueba oculta que también está en la solución
    forbidden = hidden | (solution | set(secret_lines(nb)) if CLASS_SITE else set())
    assert not sorted(hidden & shown), f"pruebas ocultas en la página: {sorted(hidden & shown)[:3]}"
    assert not sorted(forbidden & offered), f"en la descarga: {sorted(forbidden & offered)[:3]}"
    assert "BEGIN HIDDEN TESTS" not in page.get_text()
    if CLASS_SITE:
        leaked = sorted(solution & shown)
        assert not leaked, f"soluciones en la página: {leaked[:3]}"
        assert not page.select(".solution"), "el sitio de la clase muestra una solución"
        assert page.select(".exercise"), "el sitio de la clase perdió los enunciados"
    else:
        assert page.select(".solution"), "el sitio público perdió las soluciones"
