"""Tiempos de las celdas numpy del libro frente a ``torch.nn.LSTM``/``torch.nn.GRU`` (CPU).

Uso: ``make bench`` o ``python -m recurrent_lib.bench [--quick] [--threads N]``. Mide en
una sola ejecución, lado a lado y con los mismos hilos (uno, por defecto), hacia adelante y
hacia adelante + atrás, en ``float32``, e imprime el cociente ``numpy / torch`` (menos de 1:
numpy más rápido). No es una prueba: los tiempos dependen de la máquina; lo que importa es
el orden de magnitud. La GRU de numpy se mide con ``variant="torch"`` para comparar la
misma cuenta.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import torch

from recurrent_lib.numpy_backprop.gru import gru_backward, gru_forward
from recurrent_lib.numpy_backprop.lstm import lstm_backward, lstm_forward
from recurrent_lib.torch_modules.interop import params_from_torch

#: Tamaños (B, T, D, H) del enunciado.
SIZES = [(32, 100, 32, 64), (32, 100, 128, 256), (64, 50, 512, 512)]


def side_by_side(fn_np, fn_torch, repeat: int) -> tuple[float, float]:
    """Mejor tiempo (s) de cada función, alternándolas ``repeat`` veces tras un calentamiento.

    Alternar las dos hace que una carga pasajera de la máquina las afecte por igual; el
    mínimo es la medida menos ruidosa.
    """
    fn_np()
    fn_torch()
    t_np, t_torch = [], []
    for _ in range(repeat):
        for fn, times in ((fn_np, t_np), (fn_torch, t_torch)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return min(t_np), min(t_torch)


def bench_cell(kind: str, B: int, T: int, D: int, H: int, repeat: int) -> dict[str, float]:
    """Tiempos (s) de numpy y torch para una celda y un tamaño."""
    torch.manual_seed(0)
    module = (torch.nn.LSTM if kind == "lstm" else torch.nn.GRU)(D, H, batch_first=True)
    params = params_from_torch(module)                           # float32
    X_t = torch.randn(B, T, D)
    X = X_t.numpy()
    dH = np.ones((B, T, H), dtype=np.float32)
    if kind == "lstm":
        def np_fwd():
            return lstm_forward(X, params)

        def np_fwd_bwd():
            lstm_backward(dH, lstm_forward(X, params)[1])
    else:
        def np_fwd():
            return gru_forward(X, params, variant="torch")

        def np_fwd_bwd():
            gru_backward(dH, gru_forward(X, params, variant="torch")[1])

    def torch_fwd():
        with torch.no_grad():
            module(X_t)

    X_req = X_t.clone().requires_grad_()

    def torch_fwd_bwd():
        module.zero_grad()
        module(X_req)[0].sum().backward()

    np_fwd_s, torch_fwd_s = side_by_side(np_fwd, torch_fwd, repeat)
    np_fb_s, torch_fb_s = side_by_side(np_fwd_bwd, torch_fwd_bwd, repeat)
    return {"np_fwd": np_fwd_s, "torch_fwd": torch_fwd_s, "np_fb": np_fb_s, "torch_fb": torch_fb_s}


def main(argv: list[str] | None = None) -> list[dict]:
    """Imprime la tabla de tiempos y cocientes; devuelve las filas (para las pruebas)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tamaños diminutos (humo)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1,
                        help="hilos de torch y de OpenBLAS (1 por defecto)")
    args = parser.parse_args(argv)
    # Un hilo por defecto: en una máquina compartida los hilos de dos bibliotecas compiten
    # por los núcleos y los tiempos dejan de significar algo; con uno, la comparación es justa.
    threads = args.threads
    if os.environ.get("OPENBLAS_NUM_THREADS") != str(threads) and argv is None:
        # numpy fija sus hilos al importarse: se relanza el proceso con la variable puesta
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
        os.execve(sys.executable, [sys.executable, "-m", "recurrent_lib.bench", *sys.argv[1:]],
                  env)
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        return _run([(4, 5, 3, 4)] if args.quick else SIZES, args.repeat)
    finally:
        torch.set_num_threads(previous_threads)


def _run(sizes: list[tuple[int, int, int, int]], repeat_default: int) -> list[dict]:
    """Mide cada celda y tamaño e imprime una fila por medida."""
    print(f"numpy {np.__version__}, torch {torch.__version__}, float32, CPU, {os.cpu_count()} "
          f"núcleos; hilos: torch {torch.get_num_threads()}, OpenBLAS "
          f"{os.environ.get('OPENBLAS_NUM_THREADS', '(por defecto)')}")
    print("cociente = tiempo numpy / tiempo torch (menos de 1: numpy más rápido)\n")
    header = (f"{'celda':5s} {'(B, T, D, H)':>20s} | {'adelante ms np/torch':>22s} {'cociente':>8s}"
              f" | {'adelante+atrás ms np/torch':>27s} {'cociente':>8s}")
    print(header)
    print("-" * len(header))
    rows = []
    for kind in ("lstm", "gru"):
        for B, T, D, H in sizes:
            repeat = repeat_default if B * T * H < 500_000 else max(3, repeat_default // 2)
            r = bench_cell(kind, B, T, D, H, repeat)
            r.update(kind=kind, size=(B, T, D, H), fwd_ratio=r["np_fwd"] / r["torch_fwd"],
                     fb_ratio=r["np_fb"] / r["torch_fb"])
            rows.append(r)
            print(f"{kind:5s} {str((B, T, D, H)):>20s} | "
                  f"{1e3 * r['np_fwd']:10.1f} /{1e3 * r['torch_fwd']:9.1f}  {r['fwd_ratio']:8.2f}"
                  f" | {1e3 * r['np_fb']:13.1f} /{1e3 * r['torch_fb']:10.1f}  {r['fb_ratio']:8.2f}",
                  flush=True)
    return rows


if __name__ == "__main__":
    main()
