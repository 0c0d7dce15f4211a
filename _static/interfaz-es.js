// Ajustes de la interfaz del sitio en español. Jupyter Book 1 carga este archivo en todas
// las páginas.

// 1. Botones de menú en pantallas estrechas.
//
// sphinx-book-theme 1.3.0 y pydata-sphinx-theme 0.17.1 conectan su lógica solo al PRIMER
// elemento `.primary-toggle` (y `.secondary-toggle`) de la página, que es el icono de la
// barra de pydata, oculto en este tema. El botón que el lector ve en la cabecera no hace
// nada en un teléfono. Aquí se reenvía el clic de los botones visibles al primero, que
// abre el índice (o el contenido de la página) como cuadro de diálogo.
function wireMenuButtons() {
  for (const selector of [".primary-toggle", ".secondary-toggle"]) {
    const [wired, ...others] = document.querySelectorAll(selector);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        wired.click();
      });
    }
  }
}

// 2. Textos de la interfaz que los catálogos de Sphinx 7.4 y del tema no traducen al
// español (títulos y etiquetas que leen los lectores de pantalla).
const SPANISH = {
  "Link to this heading": "Enlace a este encabezado",
  "Link to this equation": "Enlace a esta ecuación",
  "Link to this definition": "Enlace a esta definición",
  "Link to this image": "Enlace a esta imagen",
  "Link to this table": "Enlace a esta tabla",
  "Link to this code": "Enlace a este código",
  "Toggle primary sidebar": "Mostrar u ocultar el índice del libro",
  "Toggle secondary sidebar": "Mostrar u ocultar el contenido de la página",
  "Toggle hidden content": "Mostrar u ocultar el contenido",
  "Main": "Principal",
  "Page": "Página",
};

function translateInterface() {
  for (const attribute of ["title", "aria-label", "data-bs-original-title"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      const spanish = SPANISH[element.getAttribute(attribute)];
      if (spanish) element.setAttribute(attribute, spanish);
    }
  }
}

// La bibliografía de Sphinx marca su lista con role="list" y cada entrada con el rol
// obsoleto doc-biblioentry: los lectores de pantalla no ven una lista (axe: la regla
// aria-required-children es crítica). Cada entrada pasa a ser un elemento de la lista.
function fixBibliographyRoles() {
  for (const entry of document.querySelectorAll('.citation-list > [role="doc-biblioentry"]')) {
    entry.setAttribute("role", "listitem");
  }
}

// Junto al botón que descarga el .ipynb de la página, el libro ejecutable entero: los
// cuadernos con la biblioteca recurrent_lib (lo escribe _ext/libro_ejecutable.py).
function addRunnableBookLink() {
  const source = document.querySelector(".dropdown-download-buttons .btn-download-source-button");
  if (!source) return;
  const root = document.documentElement.dataset.content_root || "";
  const item = document.createElement("li");
  item.innerHTML = `<a href="${root}libro-ejecutable.zip" class="btn btn-sm dropdown-item ` +
    `btn-download-runnable-book" title="Los cuadernos con la biblioteca, listos para ejecutar">` +
    `<span class="btn__icon-container"><i class="fas fa-file-archive"></i></span>` +
    `<span class="btn__text-container">libro ejecutable (.zip)</span></a>`;
  source.closest("li").after(item);
}

document.addEventListener("DOMContentLoaded", () => {
  translateInterface();
  wireMenuButtons();
  fixBibliographyRoles();
  addRunnableBookLink();
});
// Otras extensiones (sphinx-togglebutton) crean sus botones al cargar la página.
window.addEventListener("load", translateInterface);
