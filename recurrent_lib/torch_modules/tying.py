"""Pesos atados entre la incrustación de entrada y la capa de salida (capítulo 10).

Un modelo de lenguaje tiene dos matrices de tamaño :math:`V \\times d`: la incrustación
:math:`\\mathbf{E}` (la fila :math:`i` es el vector del símbolo :math:`i` a la entrada) y la
capa de salida (la fila :math:`i` da el logit del símbolo :math:`i`, :math:`z_i =
\\mathbf{h} \\cdot \\mathbf{w}_i + b_i`). Press y Wolf (2017) e Inan et al. (2017) usan la
misma matriz para las dos, :math:`\\mathbf{W}_{\\text{salida}} = \\mathbf{E}`; Vaswani et al.
(2017) lo hacen en el Transformer. Se ahorran :math:`V d` parámetros y el gradiente de la
matriz compartida es la suma de los de sus dos usos.
"""

from __future__ import annotations

from torch import nn


def tie_output_embedding(model: nn.Module) -> nn.Module:
    """Hace que ``model.out.weight`` sea el mismo parámetro que ``model.embedding.weight``.

    Parámetros
    ----------
    model : nn.Module
        Con ``embedding`` (``nn.Embedding(V, d)``, peso ``(V, d)``) y ``out``
        (``nn.Linear(d, V)``, peso ``(V, d)`` en el orden de torch), como
        ``rl.TinyTransformer``. El sesgo de ``out`` se conserva.

    Devuelve
    --------
    El mismo ``model``, modificado en el sitio; ``model.parameters()`` cuenta la matriz
    compartida una sola vez (:math:`V d` parámetros menos). Queda la escala de la
    incrustación (desviación :math:`d^{-1/2}` en ``TinyTransformer``).
    """
    E, W = model.embedding.weight, model.out.weight
    if E.shape != W.shape:
        raise ValueError("para atar los pesos, la incrustación (V, d) y la salida (V, d) deben "
                         f"tener la misma forma; se recibieron {tuple(E.shape)} y {tuple(W.shape)}")
    model.out.weight = E
    return model
