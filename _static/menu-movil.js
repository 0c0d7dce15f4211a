// Botones de menú en pantallas estrechas.
//
// sphinx-book-theme 1.3.0 y pydata-sphinx-theme 0.17.1 conectan su lógica solo al PRIMER
// elemento `.primary-toggle` (y `.secondary-toggle`) de la página, que es el icono de la
// barra de pydata, oculto en este tema. El botón que el lector ve en la cabecera no hace
// nada en un teléfono. Aquí se reenvía el clic de los botones visibles al primero, que
// abre el índice (o el contenido de la página) como cuadro de diálogo.
document.addEventListener("DOMContentLoaded", () => {
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
});
