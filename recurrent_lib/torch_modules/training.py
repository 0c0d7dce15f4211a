"""Un bucle de entrenamiento sencillo (Adam), sin marco de *callbacks*.

El bucle no sabe nada del modelo ni de los datos: recibe una función que fabrica el lote
del paso ``step`` y otra que calcula la pérdida. Así el mismo ``train`` sirve para un modelo
de lenguaje, el problema de la suma o un traductor.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch


def train(model: torch.nn.Module, make_batch: Callable[[int], Any],
          loss_fn: Callable[[torch.nn.Module, Any], torch.Tensor], steps: int,
          lr: float = 1e-2, clip: float | None = None, progress: bool = False) -> list[float]:
    """Entrena ``model`` con Adam durante ``steps`` pasos y devuelve la pérdida de cada paso.

    Parameters
    ----------
    model : torch.nn.Module
        Cualquier modelo con parámetros.
    make_batch : callable
        ``make_batch(step) -> batch``; con una semilla que dependa de ``step`` el
        entrenamiento es reproducible.
    loss_fn : callable
        ``loss_fn(model, batch) -> tensor escalar``.
    steps : int
        Número de pasos de optimización.
    lr : float
        Tasa de aprendizaje de Adam (Kingma y Ba, 2015).
    clip : float, opcional
        Si se da, recorta los gradientes a esta norma global antes de cada paso
        (Pascanu et al., 2013).
    progress : bool
        Si es ``True``, imprime la pérdida unas diez veces durante el entrenamiento.

    Returns
    -------
    list[float]
        La pérdida de cada paso, en orden.
    """
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1:
        raise ValueError(f"steps debe ser un entero positivo; se recibió {steps!r}.")
    if clip is not None and not clip > 0:
        raise ValueError(f"clip debe ser positivo o None; se recibió {clip!r}.")
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise ValueError("model no tiene parámetros entrenables.")
    opt = torch.optim.Adam(params, lr=lr)
    losses = []
    every = max(1, steps // 10)
    model.train()
    for step in range(steps):
        loss = loss_fn(model, make_batch(step))
        if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
            raise TypeError(f"loss_fn debe devolver un tensor escalar; se recibió {loss!r:.60}.")
        if not math.isfinite(loss.item()):
            raise ValueError(f"La pérdida dejó de ser finita en el paso {step}: {loss.item()}.")
        opt.zero_grad()
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        losses.append(loss.item())
        if progress and (step % every == 0 or step == steps - 1):
            print(f"paso {step + 1:>{len(str(steps))}}/{steps}  pérdida {losses[-1]:.4f}")
    return losses
