"""Pruebas de la generación y la caché KV (torch_modules/generation.py, multihead, transformer).

Oráculos: la generación sin caché (que vuelve a pasar la secuencia entera por el modelo en
cada paso) y la autoatención causal de la secuencia entera.
"""

import pytest
import torch

import recurrent_lib as rl


@pytest.fixture
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _model(norm_first=False, pad_id=None, seed=0, dtype=torch.float32, max_len=24):
    torch.manual_seed(seed)
    model = rl.TinyTransformer(vocab_size=11, d_model=16, num_heads=2, d_ff=32, num_layers=3,
                               max_len=max_len, norm_first=norm_first, pad_id=pad_id)
    with torch.no_grad():            # logits menos planos que los de la inicialización
        model.out.weight.mul_(4.0)
    return model.to(dtype).eval()


def _prefix(B=4, T0=3, seed=1):
    return torch.randint(1, 11, (B, T0), generator=torch.Generator().manual_seed(seed))


def test_cached_self_attention_equals_causal_attention():
    torch.manual_seed(0)
    mha = rl.MultiHeadAttention(8, 2).double()
    X = torch.randn(3, 7, 8, dtype=torch.float64)
    causal = rl.causal_mask(7)
    full, full_w = mha(X, X, X, mask=causal, average_weights=False)
    # De una vez sin caché, y luego posición a posición (2 + 1 + 1 + 3)
    out, _, cache = mha.cached_self_attention(X, mask=causal)
    torch.testing.assert_close(out, full, rtol=0, atol=1e-12)
    past, pieces = None, []
    for a, b in ((0, 2), (2, 3), (3, 4), (4, 7)):
        out, w, past = mha.cached_self_attention(X[:, a:b], past, causal[a:b, :b])
        pieces.append(out)
        torch.testing.assert_close(w, full_w[:, :, a:b, :b], rtol=0, atol=1e-12)
    torch.testing.assert_close(torch.cat(pieces, dim=1), full, rtol=0, atol=1e-12)
    assert isinstance(past, rl.KVCache) and past.K.shape == past.V.shape == (3, 2, 7, 4)
    torch.testing.assert_close(past.K, cache.K, rtol=0, atol=1e-12)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("pad_id", [None, 0])
def test_forward_cached_equals_forward(norm_first, pad_id):
    model = _model(norm_first, pad_id, dtype=torch.float64)
    tokens = _prefix(3, 9, seed=2)
    tokens[0, :2] = 0                                   # relleno a la izquierda
    full = model(tokens)
    logits, past = model.forward_cached(tokens[:, :4])
    pieces = [logits]
    for t in range(5, 10):
        logits, past = model.forward_cached(tokens[:, :t], past)
        pieces.append(logits)
    torch.testing.assert_close(torch.cat(pieces, dim=1), full, rtol=0, atol=1e-10)
    assert len(past) == 3 and past[0].K.shape == (3, 2, 9, 8)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_greedy_cached_equals_uncached(norm_first, dtype, one_thread):
    model = _model(norm_first, pad_id=0, dtype=dtype)
    prefix = _prefix(8, 3)
    cached = model.generate(prefix, 15)                  # la llamada posicional de siempre
    uncached = model.generate(prefix, steps=15, use_cache=False)
    assert cached.shape == (8, 15) and torch.equal(cached, uncached)
    # La decodificación voraz es el argmax de los logits del modelo, paso a paso
    seq = torch.cat([prefix, cached], dim=1)
    assert torch.equal(model(seq[:, :-1])[:, 2:].argmax(-1), cached)


@pytest.mark.parametrize("temperature, top_k", [(1.0, None), (0.7, 3), (2.0, 1), (1.5, 11)])
@pytest.mark.parametrize("norm_first", [False, True])
def test_sampled_cached_equals_uncached(temperature, top_k, norm_first, one_thread):
    model = _model(norm_first)
    prefix = _prefix(16, 2)
    runs = [model.generate(prefix, 20, use_cache=c, temperature=temperature, top_k=top_k,
                           generator=torch.Generator().manual_seed(42)) for c in (True, False)]
    assert torch.equal(runs[0], runs[1])
    other = model.generate(prefix, 20, temperature=temperature, top_k=top_k,
                           generator=torch.Generator().manual_seed(43))
    if top_k != 1:
        assert not torch.equal(runs[0], other)           # el azar sí cuenta
    else:
        assert torch.equal(runs[0], model.generate(prefix, 20))   # top-1 = voraz


def test_top_k_restricts_the_support():
    gen = torch.Generator().manual_seed(0)
    logits = torch.tensor([[0.0, 3.0, 1.0, 2.0, -1.0]]).repeat(2000, 1)
    draws = rl.sample_next_token(logits, 1.0, top_k=2, generator=gen)
    assert set(draws.flatten().tolist()) == {1, 3}
    freq = (draws == 1).float().mean().item()
    assert abs(freq - 1 / (1 + torch.e ** -1)) < 0.04    # softmax de (3, 2)
    # Temperatura alta: casi uniforme entre los cinco; baja: casi siempre el máximo
    hot = rl.sample_next_token(logits, 100.0, generator=gen)
    assert abs((hot == 4).float().mean().item() - 0.2) < 0.04
    cold = rl.sample_next_token(logits, 0.05, generator=gen)
    assert (cold == 1).all()
    assert torch.equal(rl.sample_next_token(logits[:3]), torch.ones(3, 1, dtype=torch.long))


def test_generation_errors_in_spanish():
    model = _model(max_len=8)
    prefix = _prefix(2, 3)
    with pytest.raises(ValueError, match="temperature"):
        model.generate(prefix, 2, temperature=-0.5)
    with pytest.raises(ValueError, match="temperature"):
        model.generate(prefix, 2, temperature=float("nan"))
    for k in (0, 12, 2.5):
        with pytest.raises(ValueError, match="top_k"):
            model.generate(prefix, 2, temperature=1.0, top_k=k)
    with pytest.raises(ValueError, match="max_len"):
        model.generate(_prefix(2, 9), 1)
    with pytest.raises(ValueError, match="max_len"):
        model.generate(prefix, 7)
    assert model.generate(prefix, 6).shape == (2, 6)     # 3 + 6 - 1 = 8 posiciones
    assert model.generate(prefix, 0).shape == (2, 0)
    with pytest.raises(ValueError, match="steps"):
        model.generate(prefix, -1)
    with pytest.raises(ValueError, match="prefix"):
        model.generate(prefix.float(), 2)
    with pytest.raises(ValueError, match="prefix"):
        model.generate(prefix[0], 2)
