"""Activaciones y pérdidas numéricamente estables (numpy).

Todas las funciones conservan el tipo de punto flotante de la entrada: ``float32`` entra,
``float32`` sale. Ninguna emite avisos de desbordamiento, ni siquiera con entradas del orden
de ``1e4``.
"""

from __future__ import annotations

import numpy as np

from recurrent_lib.validation import as_float_array, as_index_array


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Sigmoide logística :math:`\\sigma(x) = 1 / (1 + e^{-x})`, estable.

    Usa la identidad exacta :math:`\\sigma(x) = \\tfrac12 (1 + \\tanh(x/2))`: ``tanh`` nunca
    desborda, así que no hay avisos para ``|x|`` grande, y es una sola operación vectorizada
    (más rápida que separar los casos ``x >= 0`` y ``x < 0``).

    Parameters
    ----------
    x : np.ndarray
        Cualquier forma, punto flotante real.

    Returns
    -------
    np.ndarray
        Misma forma y tipo que ``x``, con valores en ``[0, 1]``.
    """
    x = as_float_array(x, "x")
    if x.ndim == 0:
        return 0.5 * (np.tanh(0.5 * x) + 1.0)
    out = np.multiply(x, 0.5)             # la misma cuenta, sin arreglos intermedios
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax estable a lo largo de ``axis`` (por defecto, por filas).

    Resta el máximo *de cada fila* (no el global) antes de exponenciar: el resultado es el
    mismo y ningún ``exp`` desborda.

    Parameters
    ----------
    x : np.ndarray
        Cualquier forma, punto flotante real; p. ej. logits ``(B, V)``.
    axis : int
        Eje que se normaliza.

    Returns
    -------
    np.ndarray
        Misma forma y tipo que ``x``; cada fila suma 1.
    """
    x = as_float_array(x, "x")
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Logaritmo de la softmax, estable: ``x - max - log(sum(exp(x - max)))``.

    Parameters
    ----------
    x : np.ndarray
        Cualquier forma, punto flotante real.
    axis : int
        Eje que se normaliza.

    Returns
    -------
    np.ndarray
        Misma forma y tipo que ``x``.
    """
    x = as_float_array(x, "x")
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def one_hot(idx: np.ndarray, V: int, dtype=np.float64) -> np.ndarray:
    """Codificación *one-hot* de índices enteros.

    Parameters
    ----------
    idx : np.ndarray
        Enteros en ``[0, V)``, cualquier forma ``S`` (p. ej. ``(B, T)``).
    V : int
        Tamaño del vocabulario.
    dtype : tipo de numpy
        Tipo de la salida (``float64`` por defecto).

    Returns
    -------
    np.ndarray
        Forma ``S + (V,)``: un 1 en la posición de cada índice y 0 en el resto.
    """
    if not isinstance(V, (int, np.integer)) or isinstance(V, bool) or V < 1:
        raise ValueError(f"V debe ser un entero positivo; se recibió {V!r}.")
    idx = as_index_array(idx, "idx", V)
    return np.eye(V, dtype=dtype)[idx]


def _check_targets(logits: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    logits = as_float_array(logits, "logits")
    if logits.ndim < 1:
        raise ValueError("logits debe tener al menos un eje (..., V); se recibió un escalar.")
    targets = as_index_array(targets, "targets", logits.shape[-1])
    if targets.shape != logits.shape[:-1]:
        raise ValueError(
            f"targets debe tener forma {logits.shape[:-1]} (la de logits sin el último eje); "
            f"se recibió {targets.shape}."
        )
    return logits, targets


def cross_entropy(logits: np.ndarray, targets: np.ndarray) -> float:
    """Entropía cruzada media entre ``softmax(logits)`` y las clases ``targets``.

    :math:`L = -\\frac{1}{N} \\sum_n \\log \\mathrm{softmax}(\\mathbf{z}_n)_{y_n}`, calculada
    con :func:`log_softmax` (estable).

    Parameters
    ----------
    logits : np.ndarray
        Forma ``(..., V)``, p. ej. ``(B, V)`` o ``(B, T, V)``.
    targets : np.ndarray
        Enteros en ``[0, V)`` con forma ``logits.shape[:-1]``.

    Returns
    -------
    float
        La pérdida media sobre todas las posiciones.
    """
    logits, targets = _check_targets(logits, targets)
    logp = log_softmax(logits, axis=-1)
    picked = np.take_along_axis(logp, targets[..., None], axis=-1)
    return float(-np.mean(picked))


def cross_entropy_backward(logits: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Gradiente de :func:`cross_entropy` respecto a los logits.

    :math:`\\partial L / \\partial \\mathbf{z}_n = (\\mathrm{softmax}(\\mathbf{z}_n) -
    \\mathrm{onehot}(y_n)) / N`.

    Parameters
    ----------
    logits : np.ndarray
        Forma ``(..., V)``.
    targets : np.ndarray
        Enteros en ``[0, V)`` con forma ``logits.shape[:-1]``.

    Returns
    -------
    np.ndarray
        ``dlogits``, misma forma y tipo que ``logits``.
    """
    logits, targets = _check_targets(logits, targets)
    N = targets.size
    dlogits = softmax(logits, axis=-1)
    np.put_along_axis(
        dlogits, targets[..., None],
        np.take_along_axis(dlogits, targets[..., None], axis=-1) - 1, axis=-1,
    )
    return dlogits / N
