"""Pruebas de torch_modules/prefix_lm: la máscara frente a un bucle y la dependencia del modelo."""

import pytest
import torch

import recurrent_lib as rl


def test_mask_matches_loop():
    T, P = 7, 3
    expected = torch.tensor([[j <= i or j < P for j in range(T)] for i in range(T)])
    assert torch.equal(rl.prefix_lm_mask(T, P), expected)
    assert torch.equal(rl.prefix_lm_mask(T, 0), rl.causal_mask(T))
    with pytest.raises(ValueError, match="prefix_len"):
        rl.prefix_lm_mask(4, 5)


def test_prefix_is_bidirectional_and_answer_causal():
    torch.manual_seed(0)
    P, T = 5, 9
    model = rl.PrefixLMTransformer(12, prefix_len=P, d_model=16, num_heads=2, d_ff=32,
                                   num_layers=2, max_len=T, norm_first=True, pad_id=0).double()
    tokens = torch.randint(1, 12, (2, T))
    base = model(tokens)
    later = tokens.clone()
    later[:, P + 1] = (later[:, P + 1] % 11) + 1               # un símbolo de la respuesta
    out = model(later)
    assert torch.allclose(out[:, :P + 1], base[:, :P + 1])      # el pasado no lo ve
    assert not torch.allclose(out[:, P + 1:], base[:, P + 1:])
    inside = tokens.clone()
    inside[:, P - 1] = (inside[:, P - 1] % 11) + 1             # el último símbolo de la fuente
    assert not torch.allclose(model(inside)[:, 0], base[:, 0])  # lo ve la primera posición
    # Con prefijo vacío es el TinyTransformer causal, con los mismos pesos
    causal = rl.TinyTransformer(12, d_model=16, num_heads=2, d_ff=32, num_layers=2, max_len=T,
                                norm_first=True, pad_id=0).double()
    causal.load_state_dict(model.state_dict())
    model.prefix_len = 0
    assert torch.allclose(model(tokens), causal(tokens))


def test_cached_generation_keeps_the_prefix_mask():
    # La caché KV heredada de TinyTransformer usaba la máscara causal: la fuente, leída solo
    # hacia adelante, daba otros símbolos. Con la caché y sin ella, los mismos símbolos y logits.
    torch.manual_seed(1)
    P, T = 6, 12
    model = rl.PrefixLMTransformer(12, prefix_len=P, d_model=16, num_heads=2, d_ff=32,
                                   num_layers=2, max_len=T, norm_first=True, pad_id=0).double()
    prompt = torch.randint(1, 12, (3, P + 1))
    prompt[0, :2] = 0                                           # relleno a la izquierda
    logits, past = model.forward_cached(prompt)
    assert torch.allclose(logits, model(prompt), atol=1e-12)
    longer = torch.cat([prompt, torch.randint(1, 12, (3, 1))], dim=1)
    new_logits, _ = model.forward_cached(longer, past)
    assert torch.allclose(new_logits, model(longer)[:, -1:], atol=1e-12)
    cached = model.generate(prompt, 4, use_cache=True)
    assert torch.equal(cached, model.generate(prompt, 4, use_cache=False))
    with pytest.raises(ValueError, match="fuente entera"):
        model.forward_cached(prompt[:, :P - 1])
