"""Codificador–decodificador GRU, con y sin atención de Bahdanau (capítulo 8).

API pública (torch, lotes primero)::

    Seq2Seq(src_vocab_size, tgt_vocab_size, embed_size=32, hidden_size=64,
            attention=True, attention_size=None, pad_id=0)          # nn.Module
        .encode(X, lengths) -> (enc_outputs (B, T_src, 2H), src_mask (B, 1, T_src),
                                s0 (B, H), c0 (B, 2H))
        .forward(X, lengths, Y_in) -> (logits (B, T_tgt, V_tgt), weights (B, T_tgt, T_src) o None)
            # forzado del profesor: el decodificador recibe el destino verdadero desplazado
        .greedy_decode(X, lengths, bos_id, eos_id, max_len) -> (tokens (B, max_len), weights)
        .beam_search(X, lengths, bos_id, eos_id, max_len, beam_size=3) -> list[list[int]]
    masked_cross_entropy(logits, targets, pad_id=0) -> tensor escalar   # promedio sin el relleno
    sequence_accuracy(pred, targets, eos_id) -> float                   # secuencias exactas

Los dos modelos son idénticos salvo en el contexto ``c_t`` que recibe el decodificador en
cada paso: sin atención es el resumen fijo del codificador (sus dos estados finales, como
en Cho et al., 2014); con atención es el promedio de las anotaciones del codificador pesado
por la atención aditiva de Bahdanau et al. (2015), que usa de consulta el estado anterior
del decodificador ``s_{t-1}``.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from recurrent_lib.torch_modules.attention import AdditiveAttention, padding_mask


class Seq2Seq(nn.Module):
    """Codificador GRU bidireccional + decodificador GRU, con contexto fijo o con atención.

    Parameters
    ----------
    src_vocab_size, tgt_vocab_size : int
        Tamaños de los vocabularios de la fuente y del destino.
    embed_size : int
        Dimensión de los vectores de los caracteres.
    hidden_size : int
        H: estado de cada dirección del codificador y del decodificador.
    attention : bool
        True: contexto c_t de la atención aditiva; False: contexto fijo c (el cuello de botella).
    attention_size : int o None
        Dimensión interna A de la atención aditiva (por defecto H).
    pad_id : int
        Índice del relleno en ambos vocabularios.
    """

    def __init__(self, src_vocab_size: int, tgt_vocab_size: int, embed_size: int = 32,
                 hidden_size: int = 64, attention: bool = True, attention_size: int | None = None,
                 pad_id: int = 0) -> None:
        super().__init__()
        H = hidden_size
        self.hidden_size, self.pad_id, self.use_attention = H, pad_id, attention
        self.src_embed = nn.Embedding(src_vocab_size, embed_size, padding_idx=pad_id)
        self.tgt_embed = nn.Embedding(tgt_vocab_size, embed_size, padding_idx=pad_id)
        self.encoder = nn.GRU(embed_size, H, batch_first=True, bidirectional=True)
        self.init_state = nn.Linear(2 * H, H)                       # (B, 2H) -> s_0 (B, H)
        self.decoder = nn.GRUCell(embed_size + 2 * H, H)            # entrada [y_{t-1}; c_t]
        self.readout = nn.Linear(H + 2 * H, tgt_vocab_size)         # [s_t; c_t] -> logits
        # La atención se construye la última: con la misma semilla, las partes comunes
        # arrancan con los mismos pesos con y sin atención (una comparación justa).
        self.attention = AdditiveAttention(H, 2 * H, attention_size or H) if attention else None

    def encode(self, X: torch.Tensor, lengths: torch.Tensor):
        """Lee la fuente. X (B, T_src) enteros, lengths (B,).

        Returns
        -------
        enc_outputs : (B, T_src, 2H) anotaciones [h→_j; h←_j] (cero en el relleno)
        src_mask : (B, 1, T_src) bool, True en las posiciones reales
        s0 : (B, H) estado inicial del decodificador
        c0 : (B, 2H) resumen fijo: estados finales de las dos direcciones
        """
        B, T_src = X.shape
        packed = pack_padded_sequence(self.src_embed(X), lengths.cpu(), batch_first=True,
                                      enforce_sorted=False)
        out, h_n = self.encoder(packed)                             # h_n (2, B, H)
        enc_outputs, _ = pad_packed_sequence(out, batch_first=True, total_length=T_src)
        # (seq2seq-codificador): el resumen fijo c = [h→_T; h←_1]
        c0 = torch.cat([h_n[0], h_n[1]], dim=-1)                    # (B, 2H)
        s0 = torch.tanh(self.init_state(c0))                        # (B, H)
        return enc_outputs, padding_mask(lengths, T_src), s0, c0

    def decode_step(self, y_prev, s_prev, enc_outputs, src_mask, c0):
        """Un paso del decodificador.

        y_prev (B,), s_prev (B, H) -> (logits (B, V), s_t (B, H), pesos (B, T_src) o None).
        """
        if self.attention is not None:
            # (seq2seq-contexto): consulta s_{t-1} (B, 1, H); claves = valores = anotaciones
            c_t, weights = self.attention(s_prev.unsqueeze(1), enc_outputs, enc_outputs, src_mask)
            c_t, weights = c_t.squeeze(1), weights.squeeze(1)       # (B, 2H), (B, T_src)
        else:
            c_t, weights = c0, None
        # (seq2seq-decodificador)
        s_t = self.decoder(torch.cat([self.tgt_embed(y_prev), c_t], dim=-1), s_prev)
        # (seq2seq-salida)
        logits = self.readout(torch.cat([s_t, c_t], dim=-1))        # (B, V_tgt)
        return logits, s_t, weights

    def forward(self, X: torch.Tensor, lengths: torch.Tensor, Y_in: torch.Tensor):
        """Forzado del profesor: Y_in (B, T_tgt) = <bos> + destino.

        Returns logits (B, T_tgt, V_tgt) y pesos de atención (B, T_tgt, T_src) o None.
        """
        enc_outputs, src_mask, s, c0 = self.encode(X, lengths)
        all_logits, all_weights = [], []
        for t in range(Y_in.shape[1]):
            logits, s, weights = self.decode_step(Y_in[:, t], s, enc_outputs, src_mask, c0)
            all_logits.append(logits)
            all_weights.append(weights)
        weights = torch.stack(all_weights, 1) if self.attention is not None else None
        return torch.stack(all_logits, 1), weights

    @torch.no_grad()
    def greedy_decode(self, X: torch.Tensor, lengths: torch.Tensor, bos_id: int, eos_id: int,
                      max_len: int):
        """Decodificación voraz: en cada paso, el token más probable se vuelve la entrada siguiente.

        Returns tokens (B, max_len) y pesos (B, max_len, T_src) o None.
        Tras <eos> se rellena con <eos>.
        """
        enc_outputs, src_mask, s, c0 = self.encode(X, lengths)
        y = torch.full((X.shape[0],), bos_id, dtype=torch.long, device=X.device)
        done = torch.zeros_like(y, dtype=torch.bool)
        tokens, all_weights = [], []
        for _ in range(max_len):
            logits, s, weights = self.decode_step(y, s, enc_outputs, src_mask, c0)
            y = torch.where(done, eos_id, logits.argmax(-1))
            done |= y == eos_id
            tokens.append(y)
            all_weights.append(weights)
        weights = torch.stack(all_weights, 1) if self.attention is not None else None
        return torch.stack(tokens, 1), weights

    @torch.no_grad()
    def beam_search(self, X: torch.Tensor, lengths: torch.Tensor, bos_id: int, eos_id: int,
                    max_len: int, beam_size: int = 3) -> list[list[int]]:
        """Búsqueda en haz, ejemplo a ejemplo; devuelve la mejor secuencia (sin <bos> ni <eos>).

        Mantiene las ``beam_size`` hipótesis de mayor log-probabilidad acumulada; una
        hipótesis que emite <eos> queda terminada. Con ``beam_size=1`` es la voraz.
        """
        if beam_size < 1:
            raise ValueError(f"beam_size debe ser >= 1; se recibió {beam_size}")
        return [self._beam_one(X[b:b + 1], lengths[b:b + 1], bos_id, eos_id, max_len, beam_size)
                for b in range(X.shape[0])]

    def _beam_one(self, X, lengths, bos_id, eos_id, max_len, k):
        enc_outputs, src_mask, s, c0 = self.encode(X, lengths)
        beams = [([], 0.0, s)]                               # (tokens, log-prob, estado (1, H))
        finished = []
        for _ in range(max_len):
            candidates = []
            for tokens, score, s_prev in beams:
                y = torch.tensor([tokens[-1] if tokens else bos_id], device=X.device)
                logits, s_t, _ = self.decode_step(y, s_prev, enc_outputs, src_mask, c0)
                log_p = torch.log_softmax(logits[0], -1)
                top = torch.topk(log_p, k)
                for lp, idx in zip(top.values.tolist(), top.indices.tolist(), strict=True):
                    candidates.append((tokens + [idx], score + lp, s_t))
            candidates.sort(key=lambda c: c[1], reverse=True)
            beams = []
            for cand in candidates[:k]:
                (finished if cand[0][-1] == eos_id else beams).append(cand)
            if not beams:
                break
        best = max(finished + beams, key=lambda c: c[1])[0]
        return best[:-1] if best and best[-1] == eos_id else best


def masked_cross_entropy(logits: torch.Tensor, targets: torch.Tensor,
                         pad_id: int = 0) -> torch.Tensor:
    """Entropía cruzada media sobre los tokens que no son relleno, ecuación (seq2seq-perdida).

    Parameters
    ----------
    logits : torch.Tensor, forma (B, T, V)
    targets : torch.Tensor, forma (B, T), enteros; ``pad_id`` no cuenta
    """
    if logits.shape[:2] != targets.shape:
        raise ValueError(f"logits (B, T, V) y targets (B, T) no encajan: se recibió "
                         f"{tuple(logits.shape)} y {tuple(targets.shape)}")
    B, T, V = logits.shape
    mask = targets != pad_id                                        # (B, T)
    # (seq2seq-perdida)
    nll = nn.functional.cross_entropy(logits.reshape(B * T, V), targets.reshape(B * T),
                                      reduction="none").reshape(B, T)
    return (nll * mask).sum() / mask.sum().clamp(min=1)


def sequence_accuracy(pred: torch.Tensor, targets: torch.Tensor, eos_id: int) -> float:
    """Fracción de secuencias predichas exactamente, hasta <eos> incluido.

    pred (B, T_pred) y targets (B, T) enteros; targets termina en <eos> (y relleno).
    """
    B, T = targets.shape
    if pred.shape[1] < T:
        pad = torch.full((B, T - pred.shape[1]), eos_id, dtype=pred.dtype)
        pred = torch.cat([pred, pad], 1)
    # Solo se comparan las posiciones hasta el <eos> del destino (incluido).
    upto_eos = torch.cumsum((targets == eos_id).long(), 1) - (targets == eos_id).long() == 0
    correct = ((pred[:, :T] == targets) | ~upto_eos).all(1)
    return float(correct.float().mean())
