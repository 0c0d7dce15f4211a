"""Tareas sintéticas de dependencias a larga distancia (capítulo 7).

Dos pruebas clásicas para comparar RNN, GRU y LSTM, generadas en código con una
semilla explícita (sin descargas):

- el **problema de la suma** (*adding problem*) de Hochreiter y Schmidhuber (1997):
  una secuencia de pares (valor, marca); la respuesta es la suma de los dos valores
  marcados. Predecir siempre la constante 1 da un error cuadrático medio de 1/6, la
  línea base que un modelo debe batir para demostrar que recuerda algo;
- la **tarea de copia**: unos símbolos al principio, una larga espera y un
  delimitador; la red debe repetir los símbolos al final.
"""

from __future__ import annotations

import numpy as np

#: Error cuadrático medio de la predicción constante 1 en el problema de la suma con
#: valores uniformes en [0, 1]: la varianza de la suma de dos uniformes, 2 · 1/12.
ADDING_BASELINE_MSE = 1.0 / 6.0


def _check_rng(rng: np.random.Generator) -> None:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng debe ser un np.random.Generator (p. ej. np.random.default_rng(0)); "
            f"se recibió {type(rng).__name__}"
        )


def _check_positive_int(name: str, value: int, minimum: int = 1) -> None:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{name} debe ser un entero; se recibió {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} debe ser >= {minimum}; se recibió {value}")


def adding_problem(n: int, T: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Genera ``n`` ejemplos del problema de la suma de longitud ``T``.

    Cada paso lleva dos números: un valor uniforme en [0, 1] y una marca (0 o 1).
    Hay exactamente dos marcas: una en la primera mitad de la secuencia y otra en la
    segunda, de modo que la red debe recordar el primer valor marcado durante, en
    promedio, unos ``T / 2`` pasos. La respuesta es la suma de los dos valores marcados.

    Parámetros
    ----------
    n : int
        Número de secuencias, ``B``.
    T : int
        Longitud de cada secuencia (``T >= 2``).
    rng : np.random.Generator
        Fuente de aleatoriedad (la misma semilla da los mismos datos).

    Devuelve
    --------
    X : np.ndarray, forma (n, T, 2)
        ``X[:, :, 0]`` los valores, ``X[:, :, 1]`` las marcas.
    y : np.ndarray, forma (n,)
        La suma de los dos valores marcados de cada secuencia.
    """
    _check_positive_int("n", n)
    _check_positive_int("T", T, minimum=2)
    _check_rng(rng)
    half = T // 2
    values = rng.uniform(0.0, 1.0, size=(n, T))                  # (n, T)
    first = rng.integers(0, half, size=n)                         # una marca en [0, T/2)
    second = rng.integers(half, T, size=n)                        # otra en [T/2, T)
    markers = np.zeros((n, T))
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    X = np.stack([values, markers], axis=-1)                      # (n, T, 2)
    y = values[rows, first] + values[rows, second]                # (n,)
    return X, y


def copy_task(
    n: int, T: int, rng: np.random.Generator, n_symbols: int = 8, length: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """Genera ``n`` ejemplos de la tarea de copia con una espera de ``T`` pasos.

    Vocabulario de fichas enteras: ``0`` es el blanco, ``1..n_symbols`` son los
    símbolos y ``n_symbols + 1`` es el delimitador. La entrada de cada ejemplo es::

        s_1 ... s_L | 0 ... 0 (T - 1 blancos) | delimitador | 0 ... 0 (L blancos)

    con ``L = length``, y la red debe emitir ``s_1 ... s_L`` en los últimos ``L`` pasos.
    Cada símbolo se reproduce ``T + L`` pasos después de haberse visto. Adivinar al azar
    da una entropía cruzada de ``log(n_symbols)`` por símbolo.

    Parámetros
    ----------
    n : int
        Número de secuencias, ``B``.
    T : int
        Espera entre el último símbolo y el primer paso de respuesta (``T >= 1``).
    rng : np.random.Generator
        Fuente de aleatoriedad.
    n_symbols : int
        Número de símbolos distintos que hay que recordar (``>= 2``).
    length : int
        Cuántos símbolos se copian, ``L`` (``>= 1``).

    Devuelve
    --------
    tokens : np.ndarray de enteros, forma (n, T + 2 * length)
        Las fichas de entrada; el vocabulario tiene ``n_symbols + 2`` fichas.
    targets : np.ndarray de enteros, forma (n, length)
        Los símbolos que hay que emitir en los últimos ``length`` pasos.
    """
    _check_positive_int("n", n)
    _check_positive_int("T", T)
    _check_positive_int("n_symbols", n_symbols, minimum=2)
    _check_positive_int("length", length)
    _check_rng(rng)
    L = length
    targets = rng.integers(1, n_symbols + 1, size=(n, L))         # (n, L)
    tokens = np.zeros((n, T + 2 * L), dtype=np.int64)             # (n, T + 2L), blancos
    tokens[:, :L] = targets
    tokens[:, L + T - 1] = n_symbols + 1                          # el delimitador
    return tokens, targets


def copy_vocab_size(n_symbols: int) -> int:
    """Tamaño del vocabulario de :func:`copy_task`: blanco, símbolos y delimitador."""
    _check_positive_int("n_symbols", n_symbols, minimum=2)
    return n_symbols + 2
