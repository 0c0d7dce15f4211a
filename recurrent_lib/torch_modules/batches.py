"""Lotes de torch para las tareas: de los pares de texto de ``tasks/`` a tensores de índices.

API pública::

    encode_dates(pairs, src_vocab, tgt_vocab) -> DateBatch(X, lengths, Y_in, Y_out)
        # tensores de torch: X (B, T_src) relleno con PAD al final, lengths (B,),
        # Y_in = <bos> + destino (B, T_tgt), Y_out = destino + <eos> (B, T_tgt);
        # T_tgt = 11 con una fecha
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import torch

from recurrent_lib.tasks.corpus import Vocabulary, char_tokenize, pad_sequences
from recurrent_lib.tasks.dates import BOS, EOS, PAD


class DateBatch(NamedTuple):
    """Un lote codificado: índices enteros (torch.long)."""

    X: torch.Tensor         # (B, T_src) fuentes, rellenas con PAD al final
    lengths: torch.Tensor   # (B,) longitud real de cada fuente
    Y_in: torch.Tensor      # (B, T_tgt) <bos> + destino: entradas del decodificador
    Y_out: torch.Tensor     # (B, T_tgt) destino + <eos>: lo que se debe predecir


def encode_dates(pairs: Sequence[tuple[str, str]], src_vocab: Vocabulary,
                 tgt_vocab: Vocabulary) -> DateBatch:
    """Codifica pares (fuente, destino) en un :class:`DateBatch` de tensores de torch."""
    if len(pairs) == 0:
        raise ValueError("se esperaba al menos un par (fuente, destino); se recibió ninguno")
    sources = [src_vocab.encode(char_tokenize(src)) for src, _ in pairs]
    targets = [tgt_vocab.encode(char_tokenize(tgt)) for _, tgt in pairs]
    bos, eos = tgt_vocab.index[BOS], tgt_vocab.index[EOS]
    pad_src, pad_tgt = src_vocab.index[PAD], tgt_vocab.index[PAD]
    X = pad_sequences(sources, pad_src)                                        # (B, T_src)
    Y_in = pad_sequences([np.concatenate([[bos], t]) for t in targets], pad_tgt)
    Y_out = pad_sequences([np.concatenate([t, [eos]]) for t in targets], pad_tgt)
    lengths = torch.tensor([len(s) for s in sources], dtype=torch.long)
    return DateBatch(torch.from_numpy(X), lengths, torch.from_numpy(Y_in), torch.from_numpy(Y_out))
