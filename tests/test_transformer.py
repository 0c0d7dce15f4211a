"""Pruebas de torch_modules/transformer.py (oráculo: torch.nn.TransformerEncoderLayer)."""

import pytest
import torch

import recurrent_lib as rl

# (B, T, d_model, num_heads, d_ff)
SHAPES = [(1, 1, 4, 1, 8), (2, 5, 8, 2, 16), (3, 7, 12, 3, 20), (4, 10, 16, 4, 64)]


def _pair(d, h, d_ff, norm_first, activation="relu", seed=0, dtype=torch.float64):
    torch.manual_seed(seed)
    layer = torch.nn.TransformerEncoderLayer(d, h, d_ff, dropout=0.1, activation=activation,
                                             batch_first=True, norm_first=norm_first)
    layer = layer.to(dtype).eval()
    with torch.no_grad():            # sesgos y normalizaciones no triviales
        for p in layer.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return layer, rl.TransformerEncoderBlock.from_torch(layer)


def _x(B, T, d, seed=1, dtype=torch.float64):
    return torch.randn(B, T, d, generator=torch.Generator().manual_seed(seed), dtype=dtype)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_block_equals_torch_layer(shape, norm_first, activation):
    B, T, d, h, d_ff = shape
    layer, block = _pair(d, h, d_ff, norm_first, activation, seed=B + T)
    assert block.norm_first == norm_first and block.activation == activation
    X = _x(B, T, d)
    torch.testing.assert_close(block(X), layer(X), rtol=0, atol=1e-10)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("norm_first", [False, True])
def test_block_equals_torch_layer_with_masks(shape, norm_first):
    B, T, d, h, d_ff = shape
    layer, block = _pair(d, h, d_ff, norm_first, seed=7)
    X = _x(B, T, d, seed=2)
    lengths = torch.randint(1, T + 1, (B,), generator=torch.Generator().manual_seed(3))
    pad = rl.padding_mask(lengths, T)                          # (B, 1, T)
    causal = rl.causal_mask(T)                                 # (T, T)
    torch.testing.assert_close(block(X, mask=pad), layer(X, src_key_padding_mask=~pad[:, 0]),
                               rtol=0, atol=1e-10)
    torch.testing.assert_close(block(X, mask=causal), layer(X, src_mask=~causal),
                               rtol=0, atol=1e-10)
    torch.testing.assert_close(block(X, mask=causal & pad),
                               layer(X, src_mask=~causal, src_key_padding_mask=~pad[:, 0]),
                               rtol=0, atol=1e-10)


@pytest.mark.parametrize("norm_first", [False, True])
def test_float32_inference_mode(norm_first):
    # Sin gradientes torch puede tomar su «camino rápido» (un núcleo fusionado)
    layer, block = _pair(16, 4, 32, norm_first, seed=4, dtype=torch.float32)
    X = _x(3, 6, 16, dtype=torch.float32)
    pad = rl.padding_mask(torch.tensor([6, 4, 2]), 6)
    with torch.no_grad():
        expected = layer(X, src_key_padding_mask=~pad[:, 0])
        ours = block(X, mask=pad)
    valid = pad[:, 0]
    torch.testing.assert_close(ours[valid], expected[valid], rtol=1e-4, atol=1e-5)


def test_gradients_match_torch():
    layer, block = _pair(8, 2, 16, norm_first=False, seed=5)
    X = _x(2, 4, 8)
    layer(X).pow(3).sum().backward()
    block(X).pow(3).sum().backward()
    torch.testing.assert_close(block.W_1.grad, layer.linear1.weight.grad.T, rtol=0, atol=1e-9)
    torch.testing.assert_close(block.gamma_1.grad, layer.norm1.weight.grad, rtol=0, atol=1e-9)
    torch.testing.assert_close(block.attn.W_o.grad, layer.self_attn.out_proj.weight.grad.T,
                               rtol=0, atol=1e-9)


def test_fully_masked_rows_give_no_nan():
    _, block = _pair(8, 2, 16, norm_first=False, seed=6)
    X = _x(2, 4, 8)
    mask = torch.ones(2, 4, 4, dtype=torch.bool)
    mask[1] = False                                            # el ejemplo 1 no ve nada
    Y = block(X, mask=mask)
    assert not Y.isnan().any()
    assert torch.equal(block.last_weights[1], torch.zeros(2, 4, 4, dtype=X.dtype))


def test_layer_norm_equals_torch():
    X = _x(3, 5, 7)
    gamma, beta = torch.randn(7, dtype=X.dtype), torch.randn(7, dtype=X.dtype)
    expected = torch.nn.functional.layer_norm(X, (7,), gamma, beta, eps=1e-5)
    torch.testing.assert_close(rl.layer_norm(X, gamma, beta), expected, rtol=0, atol=1e-12)


def test_parameter_count():
    d, d_ff = 16, 40
    block = rl.TransformerEncoderBlock(d, 4, d_ff)
    layer = torch.nn.TransformerEncoderLayer(d, 4, d_ff, batch_first=True)
    count = sum(p.numel() for p in block.parameters())
    assert count == sum(p.numel() for p in layer.parameters())
    assert count == 4 * d * d + 4 * d + 2 * d * d_ff + d_ff + d + 4 * d


@pytest.fixture
def one_thread():
    # Modelos diminutos: con un hilo se evita la espera activa entre hilos de OpenMP
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_tiny_transformer_is_causal_and_learns_to_copy(one_thread):
    torch.manual_seed(0)
    model = rl.TinyTransformer(vocab_size=6, d_model=16, num_heads=2, d_ff=32, num_layers=2,
                               max_len=16, pad_id=0)
    tokens = torch.randint(1, 6, (2, 9))
    logits = model(tokens)
    assert logits.shape == (2, 9, 6)
    changed = tokens.clone()
    changed[:, 5:] = 1 + (changed[:, 5:] % 5)
    # Cambiar el futuro no cambia el pasado
    torch.testing.assert_close(model(changed)[:, :5], logits[:, :5])
    # Aprende a repetir una secuencia de 4 símbolos tras el separador 5
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(150):
        src = torch.randint(1, 5, (32, 4))
        seq = torch.cat([src, torch.full((32, 1), 5), src], dim=1)      # (32, 9)
        logits = model(seq[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits[:, 4:].reshape(-1, 6),
                                                 seq[:, 5:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    src = torch.randint(1, 5, (64, 4), generator=torch.Generator().manual_seed(1))
    out = model.generate(torch.cat([src, torch.full((64, 1), 5)], dim=1), steps=4)
    assert (out == src).float().mean() > 0.9


def test_pre_norm_tiny_transformer_runs():
    model = rl.TinyTransformer(vocab_size=5, d_model=8, num_heads=2, d_ff=16, num_layers=1,
                               max_len=8, norm_first=True)
    assert model(torch.randint(0, 5, (3, 8))).shape == (3, 8, 5)
    with pytest.raises(ValueError, match="max_len"):
        model(torch.zeros(1, 9, dtype=torch.long))


def test_errors_in_spanish():
    with pytest.raises(ValueError, match="activation"):
        rl.TransformerEncoderBlock(8, 2, 16, activation="tanh")
    with pytest.raises(TypeError, match="TransformerEncoderLayer"):
        rl.TransformerEncoderBlock.from_torch(torch.nn.Linear(3, 3))
