"""Tasa de aprendizaje con calentamiento lineal y decaimiento (capítulo 10).

Con el paso :math:`t = 1, 2, \\dots` (el primero ya con tasa no nula), calentamiento de
:math:`w` pasos y tasa máxima :math:`\\eta_{\\max}` (la del optimizador), la tasa es
:math:`\\eta_t = \\eta_{\\max} f(t)` con::

    f(t) = t / w                                    si t <= w      (dec-calentamiento)
    f(t) = sqrt(w / t)                              si t > w       (dec-raiz-inversa)
    f(t) = m + (1 - m) (1 + cos(π p)) / 2,
           p = min(1, (t - w) / (N - w))            si t > w       (dec-coseno)

El de Vaswani et al. (2017), :math:`d^{-1/2} \\min(t^{-1/2}, t\\, w^{-3/2})`, es
(dec-calentamiento) + (dec-raiz-inversa) con :math:`\\eta_{\\max} = (d\\, w)^{-1/2}`. El
coseno (Loshchilov y Hutter, 2017) llega a :math:`m\\, \\eta_{\\max}` en el paso
:math:`N` y se queda ahí.

Uso::

    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = rl.warmup_scheduler(opt, warmup=100, decay="cosine", total_steps=2000)
    for ...:
        ...; opt.step(); sched.step()
"""

from __future__ import annotations

import math

import torch

DECAYS = ("inverse_sqrt", "cosine", "constant")


def warmup_factor(step: int, warmup: int, decay: str = "inverse_sqrt",
                  total_steps: int | None = None, min_factor: float = 0.0) -> float:
    """El factor :math:`f(t)` de la tasa en el paso ``step`` (desde 0: :math:`t` = ``step + 1``).

    Parámetros
    ----------
    step : int
        Pasos de optimización ya dados (``>= 0``), como cuenta ``LambdaLR``.
    warmup : int
        Pasos de calentamiento :math:`w` (``>= 1``; ``1`` = sin calentamiento).
    decay : str
        ``"inverse_sqrt"`` (dec-raiz-inversa), ``"cosine"`` (dec-coseno) o ``"constant"``.
    total_steps : int o None
        :math:`N` (``> warmup``), obligatorio con ``"cosine"``.
    min_factor : float
        :math:`m \\in [0, 1]`, el factor al final del coseno.
    """
    if decay not in DECAYS:
        raise ValueError(f"decay debe ser uno de {DECAYS}; se recibió {decay!r}")
    if not isinstance(warmup, int) or warmup < 1:
        raise ValueError(f"warmup debe ser un entero >= 1; se recibió {warmup!r}")
    if not isinstance(step, int) or step < 0:
        raise ValueError(f"step debe ser un entero >= 0; se recibió {step!r}")
    if decay == "cosine" and (not isinstance(total_steps, int) or total_steps <= warmup):
        raise ValueError("con decay='cosine', total_steps debe ser un entero mayor que "
                         f"warmup = {warmup}; se recibió {total_steps!r}")
    if not 0.0 <= min_factor <= 1.0:
        raise ValueError(f"min_factor debe estar en [0, 1]; se recibió {min_factor!r}")
    t = step + 1
    if t <= warmup:
        # (dec-calentamiento)
        return t / warmup
    if decay == "inverse_sqrt":
        # (dec-raiz-inversa)
        return math.sqrt(warmup / t)
    if decay == "cosine":
        p = min(1.0, (t - warmup) / (total_steps - warmup))
        # (dec-coseno)
        return min_factor + (1 - min_factor) * (1 + math.cos(math.pi * p)) / 2
    return 1.0


def warmup_scheduler(optimizer: torch.optim.Optimizer, warmup: int, decay: str = "inverse_sqrt",
                     total_steps: int | None = None,
                     min_factor: float = 0.0) -> torch.optim.lr_scheduler.LambdaLR:
    """Un ``LambdaLR`` que multiplica la tasa del optimizador por :func:`warmup_factor`.

    Llame a ``scheduler.step()`` tras cada ``optimizer.step()``.
    """
    warmup_factor(0, warmup, decay, total_steps, min_factor)       # valida los argumentos
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: warmup_factor(step, warmup, decay, total_steps, min_factor))
