"""Tiempos de las celdas numpy del libro frente a ``torch.nn.LSTM``/``torch.nn.GRU`` (CPU).

Uso: ``make bench`` o ``python -m recurrent_lib.bench [--quick] [--threads N]``. Mide en
una sola ejecución, lado a lado y con los mismos hilos (uno, por defecto), hacia adelante y
hacia adelante + atrás, en ``float32``, e imprime los cocientes ``numpy / torch`` (menos de 1:
numpy más rápido) y ``numpy / suelo``, donde el suelo es el bucle mínimo de
``bench_floor.py`` (lo más rápido que numpy puede hacer la misma cuenta). No es una
prueba: los tiempos dependen de la máquina; lo que importa es el orden de magnitud. La GRU
de numpy se mide con ``variant="torch"`` para comparar la misma cuenta.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import torch

from recurrent_lib.bench_floor import gru_floor, lstm_floor
from recurrent_lib.numpy_backprop.gru import gru_backward, gru_forward
from recurrent_lib.numpy_backprop.lstm import lstm_backward, lstm_forward
from recurrent_lib.torch_modules.interop import params_from_torch

#: Tamaños (B, T, D, H) del enunciado.
SIZES = [(32, 100, 32, 64), (32, 100, 128, 256), (64, 50, 512, 512)]


def side_by_side(fns: dict, repeat: int) -> dict[str, float]:
    """Mediana del tiempo (s) de cada función, alternándolas ``repeat`` veces tras calentar.

    Se mide tiempo de CPU del proceso (un hilo), no de reloj: en una máquina compartida el
    reloj cuenta también lo que esperan los demás. Alternar hace que una carga pasajera (que
    también ensucia las cachés) las afecte por igual; la mediana descarta los picos.
    """
    for fn in fns.values():
        fn()
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.process_time()
            fn()
            times[name].append(time.process_time() - t0)
    return {name: float(np.median(v)) for name, v in times.items()}


def bench_cell(kind: str, B: int, T: int, D: int, H: int, repeat: int) -> dict[str, float]:
    """Tiempos (s) de numpy, del suelo y de torch para una celda y un tamaño."""
    torch.manual_seed(0)
    module = (torch.nn.LSTM if kind == "lstm" else torch.nn.GRU)(D, H, batch_first=True)
    params = params_from_torch(module)                           # float32
    X_t = torch.randn(B, T, D)
    X = X_t.numpy()
    dH = np.ones((B, T, H), dtype=np.float32)
    floor = lstm_floor if kind == "lstm" else gru_floor
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

    fwd = side_by_side({"np": np_fwd, "floor": lambda: floor(X, params),
                        "torch": torch_fwd}, repeat)
    fb = side_by_side({"np": np_fwd_bwd, "floor": lambda: floor(X, params, backward=True),
                       "torch": torch_fwd_bwd}, repeat)
    return {"np_fwd": fwd["np"], "floor_fwd": fwd["floor"], "torch_fwd": fwd["torch"],
            "np_fb": fb["np"], "floor_fb": fb["floor"], "torch_fb": fb["torch"]}


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
    print("np/torch = tiempo numpy / tiempo torch.nn (menos de 1: numpy más rápido);")
    print("np/suelo = tiempo numpy / tiempo del bucle mínimo de bench_floor.py (medianas)\n")
    header = (f"{'celda':5s} {'(B, T, D, H)':>20s} | {'adelante ms':>11s} {'np/torch':>8s} "
              f"{'np/suelo':>8s} | {'adel.+atrás ms':>14s} {'np/torch':>8s} {'np/suelo':>8s}")
    print(header)
    print("-" * len(header))
    rows = []
    for kind in ("lstm", "gru"):
        for B, T, D, H in sizes:
            repeat = repeat_default if B * T * H < 500_000 else max(3, repeat_default // 2)
            r = bench_cell(kind, B, T, D, H, repeat)
            r.update(kind=kind, size=(B, T, D, H), fwd_ratio=r["np_fwd"] / r["torch_fwd"],
                     fb_ratio=r["np_fb"] / r["torch_fb"],
                     fwd_floor_ratio=r["np_fwd"] / r["floor_fwd"],
                     fb_floor_ratio=r["np_fb"] / r["floor_fb"])
            rows.append(r)
            print(f"{kind:5s} {str((B, T, D, H)):>20s} | {1e3 * r['np_fwd']:11.1f} "
                  f"{r['fwd_ratio']:8.2f} {r['fwd_floor_ratio']:8.2f} | "
                  f"{1e3 * r['np_fb']:14.1f} {r['fb_ratio']:8.2f} {r['fb_floor_ratio']:8.2f}",
                  flush=True)
    return rows


if __name__ == "__main__":
    main()
