"""Un sitio que todos pueden leer: axe-core sin fallos graves y ninguna página más ancha
que un teléfono.

- axe-core (npm, versión fijada en ``package.json``) revisa cada página con las reglas
  WCAG 2 A y AA; no se admite ninguna violación de impacto *critical* ni *serious*. El
  contraste se arregla en el CSS del libro (``_static/``), no desactivando reglas.
- En una pantalla de 390 × 844 ninguna página se desplaza en horizontal como un todo: el
  código y las tablas anchas se desplazan dentro de su propia caja, y las palabras largas
  del español se dividen con guiones (``hyphens: auto`` con ``lang="es"``).
"""

from __future__ import annotations

import pytest
import test_site_browser as site

# Las mismas piezas que las demás pruebas del sitio: servidor local, Chromium, visitas.
server, browser, visit = site.server, site.browser, site.visit
PAGES, ROOT, wait_for_mathjax = site.PAGES, site.ROOT, site.wait_for_mathjax

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHECKED = [p for p in PAGES if p not in ("index.html",)]


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail("Falta axe-core: `npm ci` en la raíz del repositorio "
                    "(make test-browser lo hace).")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in result if v["impact"] in ("critical", "serious")]


@pytest.mark.parametrize("path", CHECKED)
def test_no_critical_or_serious_accessibility_violation(visit, path):
    v = visit(path)
    wait_for_mathjax(v.page)
    bad = axe_violations(v.page)
    report = [f"{x['impact']} {x['id']}: {len(x['nodes'])} nodos, p. ej. {x['nodes'][:2]}"
              for x in bad]
    assert bad == [], f"{path}:\n" + "\n".join(report)


@pytest.mark.parametrize("path", CHECKED)
def test_no_page_scrolls_sideways_on_a_phone(visit, path):
    v = visit(path, viewport=(390, 844))
    wait_for_mathjax(v.page)
    overflow = v.page.evaluate(
        """() => {
            const wide = Array.from(document.querySelectorAll('main *'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .filter(e => !e.closest('pre, .highlight, table, .table-wrapper, mjx-container,'
                                        + ' .cell_output, .MathJax, .math'))
                .slice(0, 3).map(e => e.tagName + '.' + e.className + ': '
                                       + (e.textContent || '').trim().slice(0, 40));
            return {width: document.documentElement.scrollWidth - window.innerWidth, wide};
        }"""
    )
    assert overflow["width"] <= 1, f"{path}: la página desborda {overflow}"


def test_headings_and_prose_hyphenate_in_spanish(visit):
    v = visit("chapters/03_bptt.html", viewport=(390, 844))
    style = v.page.evaluate(
        "() => ({h1: getComputedStyle(document.querySelector('main h1')).hyphens,"
        " p: getComputedStyle(document.querySelector('main p')).hyphens,"
        " lang: document.documentElement.lang})"
    )
    assert style == {"h1": "auto", "p": "auto", "lang": "es"}, style
