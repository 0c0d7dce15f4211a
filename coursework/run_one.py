"""Corre un cuaderno en un núcleo nuevo; lo lanza el corrector dentro de la zona aislada.

Uso (lo arma ``coursework.sandbox``): ``python run_one.py CARPETA TIEMPO`` con el cuaderno
en la entrada estándar. El cuaderno (que lleva las pruebas ocultas) nunca se escribe en la
carpeta, que el núcleo sí puede leer: solo llega al núcleo celda a celda, al ejecutarse.
Al terminar, con el núcleo ya cerrado, escribe en ``CARPETA/.resultado.json`` el cuaderno
ejecutado y los índices de las celdas que agotaron su tiempo.

Solo usa la biblioteca estándar y nbclient: corre con el Python del corrector.
"""

import json
import os
import resource
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


class Client(NotebookClient):
    """Un NotebookClient que recuerda qué celdas agotaron su tiempo."""

    timed_out: list

    async def _async_handle_timeout(self, timeout, cell=None):
        self.timed_out.append(cell.get("id") if cell is not None else None)
        return await super()._async_handle_timeout(timeout, cell)


def main(folder: str, timeout: str) -> None:
    folder = Path(folder).resolve()
    nb = nbformat.reads(sys.stdin.read(), as_version=4)
    spec = folder / ".jupyter" / "kernels" / "corrector"
    spec.mkdir(parents=True, exist_ok=True)
    exec_files = [str(HERE / "guard.py"), str(HERE / "recorder.py")]
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--HistoryManager.hist_file=:memory:",
                 f"--IPKernelApp.exec_files={json.dumps(exec_files)}"],
        "display_name": "corrector", "language": "python"}), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = str(folder / ".jupyter")
    client = Client(nb, timeout=int(timeout), interrupt_on_timeout=True, allow_errors=True,
                    kernel_name="corrector", resources={"metadata": {"path": str(folder)}},
                    error_on_timeout={"ename": "TimeoutError",
                                      "evalue": f"la celda superó {timeout} s"})
    client.timed_out = []
    died = ""
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - el núcleo murió: se devuelve lo que hay
        died = f"{type(error).__name__}: {str(error)[:300]}"
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF,
              resource.RUSAGE_CHILDREN) for f in ("ru_utime", "ru_stime"))
    result = {"notebook": nb, "timed_out": client.timed_out, "died": died, "cpu_seconds": cpu}
    (folder / ".resultado.json").write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
