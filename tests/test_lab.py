"""``make lab`` arranca JupyterLab sobre ``chapters/`` con el kernel del libro.

La prueba lo arranca sin navegador en un puerto libre de 127.0.0.1, espera a que el
servidor responda, comprueba que sirve los cuadernos y que su kernel es el del entorno del
libro, y lo detiene.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.lab
TOKEN = "prueba-del-libro"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, method: str = "GET"):
    request = urllib.request.Request(url, method=method,
                                     headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def test_make_lab_serves_the_chapters_with_the_books_kernel(tmp_path):
    port = free_port()
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN} "
            f"--ServerApp.runtime_dir={tmp_path}")
    env = os.environ | {"JUPYTER_CONFIG_DIR": str(tmp_path)}
    log = tmp_path / "lab.log"
    lab = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                           stdout=log.open("w"), stderr=subprocess.STDOUT,
                           start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status = get(f"{base}/api/status")
                break
            except OSError:
                assert lab.poll() is None, f"make lab terminó:\n{log.read_text()[-2000:]}"
                assert time.monotonic() < deadline, "JupyterLab no respondió en 60 s"
                time.sleep(0.5)
        assert "started" in status
        names = {item["name"] for item in get(f"{base}/api/contents")["content"]}
        assert "05_gru.ipynb" in names, names
        # jupyter_client cambia un «python» a secas por el intérprete del servidor, que
        # make lab arranca desde .venv: el kernel ve recurrent_lib.
        spec = get(f"{base}/api/kernelspecs")["kernelspecs"]["python3"]["spec"]
        assert spec["argv"][0] in ("python", "python3", str(ROOT / ".venv" / "bin" / "python"))
        kernel = get(f"{base}/api/kernels", method="POST")
        assert kernel["name"] == "python3" and kernel["execution_state"] in ("starting", "idle")
        get(f"{base}/api/kernels/{kernel['id']}", method="DELETE")
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGTERM)
            lab.wait(timeout=30)
