"""Pruebas de torch_modules/seq2seq.py: formas, máscaras, forzado del profesor, decodificación."""

import pytest
import torch
import torch.nn.functional as F

import recurrent_lib as rl
from recurrent_lib.torch_modules.seq2seq import Seq2Seq, masked_cross_entropy, sequence_accuracy

SRC_VOCAB, TGT_VOCAB = rl.date_vocabularies()
BOS, EOS = TGT_VOCAB.index["<bos>"], TGT_VOCAB.index["<eos>"]


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """Modelos diminutos: un hilo es más rápido (y no compite con otros procesos)."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def _model(attention, seed=0, H=16):
    torch.manual_seed(seed)
    return Seq2Seq(len(SRC_VOCAB), len(TGT_VOCAB), embed_size=8, hidden_size=H,
                   attention=attention).double()


def _batch(n=6, seed=0):
    return rl.encode_dates(rl.dates_dataset(n, seed=seed), SRC_VOCAB, TGT_VOCAB)


@pytest.mark.parametrize("attention", [False, True])
def test_forward_shapes_and_attention_rows(attention):
    b = _batch()
    logits, weights = _model(attention)(b.X, b.lengths, b.Y_in)
    B, T_src = b.X.shape
    assert logits.shape == (B, 11, len(TGT_VOCAB))
    if not attention:
        assert weights is None
        return
    assert weights.shape == (B, 11, T_src)
    torch.testing.assert_close(weights.sum(-1), torch.ones(B, 11, dtype=weights.dtype))
    pad = torch.arange(T_src)[None, :] >= b.lengths[:, None]           # (B, T_src)
    assert bool((weights * pad[:, None, :]).eq(0).all())


@pytest.mark.parametrize("attention", [False, True])
def test_padding_does_not_change_the_result(attention):
    model = _model(attention, seed=1)
    b = _batch(5, seed=1)
    logits, _ = model(b.X, b.lengths, b.Y_in)
    for i in range(5):
        n = int(b.lengths[i])
        alone, _ = model(b.X[i:i + 1, :n], b.lengths[i:i + 1], b.Y_in[i:i + 1])
        torch.testing.assert_close(alone[0], logits[i])


def test_teacher_forcing_equals_step_by_step():
    model = _model(True, seed=2)
    b = _batch(3, seed=2)
    logits, weights = model(b.X, b.lengths, b.Y_in)
    enc, mask, s, c0 = model.encode(b.X, b.lengths)
    for t in range(b.Y_in.shape[1]):
        step_logits, s, w = model.decode_step(b.Y_in[:, t], s, enc, mask, c0)
        torch.testing.assert_close(step_logits, logits[:, t])
        torch.testing.assert_close(w, weights[:, t])


def test_masked_cross_entropy_matches_ignore_index():
    g = torch.Generator().manual_seed(3)
    logits = torch.randn(4, 7, 15, generator=g, dtype=torch.float64)
    targets = torch.randint(1, 15, (4, 7), generator=g)
    targets[1, 4:] = 0
    targets[3, 2:] = 0
    expected = F.cross_entropy(logits.reshape(-1, 15), targets.reshape(-1), ignore_index=0)
    torch.testing.assert_close(masked_cross_entropy(logits, targets), expected)
    with pytest.raises(ValueError, match="no encajan"):
        masked_cross_entropy(logits, targets[:, :3])


@pytest.mark.parametrize("attention", [False, True])
def test_greedy_equals_beam_of_width_one(attention):
    model = _model(attention, seed=4)
    b = _batch(4, seed=4)
    tokens, weights = model.greedy_decode(b.X, b.lengths, BOS, EOS, max_len=6)
    assert tokens.shape == (4, 6)
    beams = model.beam_search(b.X, b.lengths, BOS, EOS, max_len=6, beam_size=1)
    for row, beam in zip(tokens.tolist(), beams, strict=True):
        row = row[:row.index(EOS)] if EOS in row else row
        assert row == beam


@torch.no_grad()
def _two_step_log_probs(model, X, lengths):
    """Log-probabilidades exactas de todas las secuencias de a lo sumo dos tokens."""
    enc, mask, s0, c0 = model.encode(X, lengths)
    logits, s1, _ = model.decode_step(torch.tensor([BOS]), s0, enc, mask, c0)
    first = torch.log_softmax(logits[0], -1)
    scores = {(EOS,): float(first[EOS])}
    for a in range(len(TGT_VOCAB)):
        if a == EOS:
            continue
        logits, _, _ = model.decode_step(torch.tensor([a]), s1, enc, mask, c0)
        second = torch.log_softmax(logits[0], -1)
        for c in range(len(TGT_VOCAB)):
            scores[(a, c)] = float(first[a] + second[c])
    return scores


def test_wide_beam_is_exhaustive_search_on_two_steps():
    model = _model(True, seed=5)
    b = _batch(2, seed=5)
    for i in range(2):
        X, L = b.X[i:i + 1], b.lengths[i:i + 1]
        best = model.beam_search(X, L, BOS, EOS, max_len=2, beam_size=len(TGT_VOCAB))[0]
        scores = _two_step_log_probs(model, X, L)
        brute = max(scores, key=scores.get)
        assert best == [t for t in brute if t != EOS]


def test_sequence_accuracy_counts_until_eos():
    targets = torch.tensor([[5, 6, EOS, 0], [5, 6, 7, EOS]])
    pred = torch.tensor([[5, 6, EOS, 9], [5, 6, 8, EOS]])
    assert sequence_accuracy(pred, targets, EOS) == 0.5
    assert sequence_accuracy(pred[:, :3], targets[:1].repeat(2, 1), EOS) == 0.5


def test_beam_size_error():
    with pytest.raises(ValueError, match="beam_size"):
        _model(True).beam_search(*_batch(1)[:2], BOS, EOS, 3, beam_size=0)


def test_attention_model_learns_dates_quickly():
    torch.manual_seed(0)
    model = Seq2Seq(len(SRC_VOCAB), len(TGT_VOCAB), embed_size=16, hidden_size=32)
    pairs = rl.dates_dataset(64 * 40, seed=6)

    def make_batch(step):
        return rl.encode_dates(pairs[64 * step:64 * (step + 1)], SRC_VOCAB, TGT_VOCAB)

    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    for step in range(40):
        b = make_batch(step)
        loss = masked_cross_entropy(model(b.X, b.lengths, b.Y_in)[0], b.Y_out)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert sum(losses[-5:]) / 5 < 0.5 * sum(losses[:5]) / 5


def test_same_seed_same_shared_weights_with_and_without_attention():
    # La atención se construye la última: las partes comunes arrancan iguales
    plain, attended = _model(False, seed=3), _model(True, seed=3)
    shared = dict(plain.named_parameters())
    for name, p in attended.named_parameters():
        if name.startswith("attention."):
            continue
        assert torch.equal(p, shared[name]), name
