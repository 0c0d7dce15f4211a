"""Fechas en español → fechas ISO: el conjunto de datos del capítulo 8, generado en código.

API pública::

    TRAIN_FORMATS, HELDOUT_FORMATS : tuple[str, ...]    # nombres de los formatos
    format_date(day, fmt) -> str       # date(2026, 11, 28) -> "sábado, 28 de noviembre de 2026"
    random_dates(n, rng, first_year=1950, last_year=2049) -> list[datetime.date]
    dates_dataset(n, split="train", seed=0, formats=None) -> list[tuple[str, str]]
        # pares (fuente, destino ISO "2026-11-28"); split "train" usa TRAIN_FORMATS,
        # "heldout" usa HELDOUT_FORMATS (formatos que el modelo nunca vio al entrenar)
    date_list_dataset(n, max_dates=3, split="train", seed=0) -> list[tuple[str, str]]
        # de 1 a max_dates fechas unidas por " y " -> sus fechas ISO separadas por espacios
    unseen_pairs(pairs, seen_pairs) -> list[tuple[str, str]]
        # los pares de ``pairs`` cuyas fechas no aparecen en ningún destino de ``seen_pairs``
        # (en ningún formato): una prueba sin solaparse con el entrenamiento
    date_vocabularies() -> (src_vocab, tgt_vocab)       # rl.Vocabulary de caracteres
    decode_target(ids, tgt_vocab) -> str                 # índices -> "2026-11-28" (corta en <eos>)

La codificación en tensores de torch (``encode_dates``, ``DateBatch``) está en
``recurrent_lib/torch_modules/batches.py``: las tareas no importan torch.

Los años de dos cifras siguen el pivote habitual: 50–99 → 1950–1999, 00–49 → 2000–2049,
por eso las fechas se generan entre 1950 y 2049 y todas las fuentes son inequívocas.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import numpy as np

from recurrent_lib.tasks.corpus import Vocabulary

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")
MONTHS_SHORT = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
WEEKDAYS_SHORT = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")

PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"


def _parts(day: datetime.date) -> dict[str, str]:
    """Las piezas con que se escriben los formatos."""
    return {
        "d": str(day.day), "dd": f"{day.day:02d}", "mm": f"{day.month:02d}",
        "yyyy": str(day.year), "yy": f"{day.year % 100:02d}",
        "month": MONTHS[day.month - 1], "mon": MONTHS_SHORT[day.month - 1],
        "weekday": WEEKDAYS[day.weekday()], "wd": WEEKDAYS_SHORT[day.weekday()],
    }


# Cada formato: nombre -> plantilla con las piezas de _parts (str.format).
_TEMPLATES: dict[str, str] = {
    # formatos de entrenamiento
    "largo": "{d} de {month} de {yyyy}",
    "largo_con_dia": "{weekday}, {d} de {month} de {yyyy}",
    "barras_corto": "{dd}/{mm}/{yy}",
    "barras": "{dd}/{mm}/{yyyy}",
    "abreviado": "{d} {mon}. {yyyy}",
    "coloquial": "el {d} de {month} del {yy}",
    "guiones": "{dd}-{mm}-{yyyy}",
    "mayusculas": "{d} {MON} {yyyy}",
    "dia_abreviado": "{wd} {d} {mon} {yyyy}",
    "puntos": "{dd}.{mm}.{yyyy}",
    "sin_de": "{d} {month} {yyyy}",
    "anio_primero": "{yyyy}/{mm}/{dd}",
    # formatos reservados: combinaciones de piezas conocidas que nunca se ven al entrenar
    "abreviado_guiones": "{d}-{mon}-{yyyy}",
    "dia_barras": "{weekday} {dd}/{mm}/{yy}",
    "coloquial_abreviado": "el {d} {mon}. del {yy}",
    "largo_coma": "{d} de {month}, {yyyy}",
}
TRAIN_FORMATS: tuple[str, ...] = tuple(list(_TEMPLATES)[:12])
HELDOUT_FORMATS: tuple[str, ...] = tuple(list(_TEMPLATES)[12:])


def format_date(day: datetime.date, fmt: str) -> str:
    """Escribe una fecha en el formato ``fmt`` (un nombre de TRAIN_FORMATS o HELDOUT_FORMATS).

    >>> format_date(datetime.date(2026, 11, 28), "largo_con_dia")
    'sábado, 28 de noviembre de 2026'
    """
    if not isinstance(day, datetime.date):
        raise TypeError(f"day debe ser un datetime.date; se recibió {type(day).__name__}")
    if fmt not in _TEMPLATES:
        raise ValueError(f"formato desconocido {fmt!r}; se esperaba uno de {list(_TEMPLATES)}")
    if not 1950 <= day.year <= 2049:
        raise ValueError(f"el año debe estar entre 1950 y 2049 (años de dos cifras "
                         f"inequívocos); se recibió {day.year}")
    parts = _parts(day)
    return _TEMPLATES[fmt].format(MON=parts["mon"].upper(), **parts)


def random_dates(n: int, rng: np.random.Generator, first_year: int = 1950,
                 last_year: int = 2049) -> list[datetime.date]:
    """``n`` fechas uniformes entre el 1-1-``first_year`` y el 31-12-``last_year``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng debe ser un np.random.Generator; se recibió {type(rng).__name__}")
    start = datetime.date(first_year, 1, 1).toordinal()
    stop = datetime.date(last_year, 12, 31).toordinal()
    ordinals = rng.integers(start, stop + 1, size=n)
    return [datetime.date.fromordinal(int(o)) for o in ordinals]


def dates_dataset(n: int, split: str = "train", seed: int = 0,
                  formats: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """Genera ``n`` pares (fecha escrita en español, fecha ISO ``AAAA-MM-DD``).

    Parameters
    ----------
    n : int
        Número de pares.
    split : {"train", "heldout"}
        Qué formatos usar si ``formats`` es None: los de entrenamiento o los reservados.
    seed : int
        Semilla del generador (fechas y formatos).
    formats : sucesión de str o None
        Formatos explícitos (sustituyen a los de ``split``).

    Returns
    -------
    pairs : list[tuple[str, str]]
        Por ejemplo ``("el 3 de marzo del 99", "1999-03-03")``.
    """
    if split not in ("train", "heldout"):
        raise ValueError(f"split debe ser 'train' o 'heldout'; se recibió {split!r}")
    if formats is None:
        formats = TRAIN_FORMATS if split == "train" else HELDOUT_FORMATS
    rng = np.random.default_rng(seed)
    days = random_dates(n, rng)
    chosen = rng.integers(0, len(formats), size=n)
    return [(format_date(day, formats[k]), day.isoformat())
            for day, k in zip(days, chosen, strict=True)]


def date_list_dataset(n: int, max_dates: int = 3, split: str = "train",
                      seed: int = 0) -> list[tuple[str, str]]:
    """Genera ``n`` pares con una lista de 1 a ``max_dates`` fechas (número uniforme).

    La fuente une las fechas con " y " y el destino une sus fechas ISO con un espacio:
    ``("28/11/26 y el 3 de marzo del 99", "2026-11-28 1999-03-03")``. Sirve para medir
    cómo cae la exactitud cuando la entrada crece (el cuello de botella).
    """
    if not isinstance(max_dates, int) or max_dates < 1:
        raise ValueError(f"max_dates debe ser un entero >= 1; se recibió {max_dates!r}")
    counts = np.random.default_rng(seed).integers(1, max_dates + 1, size=n)
    singles = iter(dates_dataset(int(counts.sum()), split, seed=seed + 1))
    pairs = []
    for k in counts:
        chunk = [next(singles) for _ in range(k)]
        pairs.append((" y ".join(s for s, _ in chunk), " ".join(t for _, t in chunk)))
    return pairs


def unseen_pairs(pairs: Sequence[tuple[str, str]],
                 seen_pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Quita de ``pairs`` los pares que comparten alguna fecha con ``seen_pairs``.

    Se compara el día del calendario (el destino ISO), no el texto de la fuente: un par
    de prueba cuya fecha se vio al entrenar, aunque fuera en otro formato, se descarta.
    Así una prueba construida con ``unseen_pairs(test, train)`` solo tiene días que el
    modelo nunca vio. Conserva el orden de ``pairs``.
    """
    seen = {iso for _, target in seen_pairs for iso in target.split(" ")}
    return [(source, target) for source, target in pairs
            if not any(iso in seen for iso in target.split(" "))]


def _every_source_char() -> set[str]:
    """Todos los caracteres que pueden aparecer en una fuente (y sus mayúsculas)."""
    chars = set("0123456789")
    first = datetime.date(2026, 1, 1).toordinal()
    for ordinal in range(first, first + 365):
        day = datetime.date.fromordinal(ordinal)
        for fmt in _TEMPLATES:
            chars.update(format_date(day, fmt))
    return chars | {c.upper() for c in chars}


def date_vocabularies() -> tuple[Vocabulary, Vocabulary]:
    """Vocabularios de caracteres de la fuente (``<pad>`` = 0) y del destino.

    El destino empieza por ``<pad>``, ``<bos>``, ``<eos>``; luego espacio, guion y dígitos.
    """
    src_vocab = Vocabulary.build([sorted(_every_source_char())], specials=(PAD,))
    tgt_vocab = Vocabulary.build([list("0123456789- ")], specials=(PAD, BOS, EOS))
    return src_vocab, tgt_vocab


def decode_target(ids: Sequence[int] | np.ndarray, tgt_vocab: Vocabulary) -> str:
    """Índices del destino → texto, hasta el primer ``<eos>`` (sin ``<bos>`` ni ``<pad>``).

    ``ids`` puede ser una lista, un ``np.ndarray`` o un tensor de torch de una dimensión.
    """
    out = []
    for token in tgt_vocab.decode(np.asarray(ids).tolist()):
        if token == EOS:
            break
        if token not in (BOS, PAD):
            out.append(token)
    return "".join(out)

