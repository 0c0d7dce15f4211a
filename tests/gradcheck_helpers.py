"""Criterio común de las pruebas de gradientes por diferencias finitas."""

import numpy as np

import recurrent_lib as rl


def grad_ok(analytic, numeric) -> bool:
    """rel_error < 1e-6; o, si el gradiente es diminuto (~1e-8), error absoluto < 1e-9.

    Con eps = 1e-6 el redondeo de las diferencias finitas ronda 1e-10 en valor absoluto: un
    gradiente verdadero de 1e-8 no puede compararse en error relativo con 1e-6.
    """
    return rl.rel_error(analytic, numeric) < 1e-6 or np.max(np.abs(analytic - numeric)) < 1e-9
