"""Recorte del gradiente por norma global (Pascanu et al., 2013), en numpy.

Si la norma de *todos* los gradientes juntos, :math:`\\|g\\| = \\sqrt{\\sum_k \\|g_k\\|^2}`,
supera ``max_norm``, se multiplican todos por ``max_norm / ||g||``: la dirección del paso
se conserva y solo se acorta su longitud. Es lo que hace ``torch.nn.utils.clip_grad_norm_``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from recurrent_lib.validation import as_float_array


def _as_dicts(grads) -> list[Mapping]:
    if isinstance(grads, Mapping):
        return [grads]
    if isinstance(grads, (list, tuple)) and all(isinstance(g, Mapping) for g in grads):
        return list(grads)
    raise TypeError("grads debe ser un dict de arreglos o una lista de dicts; "
                    f"se recibió {type(grads).__name__}.")


def global_norm(grads) -> float:
    """Norma euclídea de todos los gradientes juntos.

    Parameters
    ----------
    grads : dict[str, np.ndarray] | list[dict[str, np.ndarray]]

    Returns
    -------
    float
    """
    total = 0.0
    for d in _as_dicts(grads):
        for k, g in d.items():
            g = as_float_array(g, f"grads['{k}']", finite=True)
            total += float(np.sum(np.square(g, dtype=np.float64)))
    return float(np.sqrt(total))


def clip_grad_norm(grads, max_norm: float):
    """Recorta los gradientes a norma global ``max_norm`` (sin modificar los originales).

    Parameters
    ----------
    grads : dict[str, np.ndarray] | list[dict[str, np.ndarray]]
        Los gradientes de ``*_backward`` (o una lista, p. ej. uno por capa).
    max_norm : float
        Norma máxima permitida, ``> 0``.

    Returns
    -------
    clipped_grads : mismo tipo que ``grads``
        Copias, multiplicadas por ``min(1, max_norm / (||g|| + 1e-6))``.
    total_norm : float
        La norma global *antes* de recortar (útil para dibujar la explosión del gradiente).
    """
    if not isinstance(max_norm, (int, float, np.floating)) or not max_norm > 0:
        raise ValueError(f"max_norm debe ser un número positivo; se recibió {max_norm!r}.")
    total_norm = global_norm(grads)
    scale = min(1.0, float(max_norm) / (total_norm + 1e-6))
    clipped = [{k: np.asarray(g) * np.asarray(scale, dtype=np.asarray(g).dtype)
                for k, g in d.items()} for d in _as_dicts(grads)]
    if isinstance(grads, Mapping):
        return clipped[0], total_norm
    return type(grads)(clipped), total_norm
