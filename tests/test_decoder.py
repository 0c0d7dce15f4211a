"""Pruebas de torch_modules/decoder.py (oráculo: torch.nn.TransformerDecoderLayer)."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import recurrent_lib as rl

# (B, T, S, d_model, num_heads, d_ff)
SHAPES = [(1, 1, 1, 4, 1, 8), (2, 5, 3, 8, 2, 16), (3, 4, 7, 12, 3, 20), (2, 9, 6, 16, 4, 32)]


def _pair(d, h, d_ff, norm_first, activation="relu", seed=0, dtype=torch.float64):
    torch.manual_seed(seed)
    layer = torch.nn.TransformerDecoderLayer(d, h, d_ff, dropout=0.1, activation=activation,
                                             batch_first=True, norm_first=norm_first)
    layer = layer.to(dtype).eval()
    with torch.no_grad():            # sesgos y normalizaciones no triviales
        for p in layer.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return layer, rl.TransformerDecoderBlock.from_torch(layer)


def _x(*shape, seed=1, dtype=torch.float64):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_decoder_block_equals_torch_layer(shape, norm_first, activation):
    B, T, S, d, h, d_ff = shape
    layer, block = _pair(d, h, d_ff, norm_first, activation, seed=B + T)
    assert block.norm_first == norm_first and block.activation == activation
    Y, M = _x(B, T, d), _x(B, S, d, seed=2)
    torch.testing.assert_close(block(Y, M), layer(Y, M), rtol=0, atol=1e-10)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_decoder_block_equals_torch_layer_with_masks(shape, norm_first, activation):
    B, T, S, d, h, d_ff = shape
    layer, block = _pair(d, h, d_ff, norm_first, activation, seed=7)
    Y, M = _x(B, T, d, seed=3), _x(B, S, d, seed=4)
    gen = torch.Generator().manual_seed(5)
    causal = rl.causal_mask(T)                                        # (T, T)
    tgt_pad = rl.padding_mask(torch.randint(1, T + 1, (B,), generator=gen), T)   # (B, 1, T)
    src_pad = rl.padding_mask(torch.randint(1, S + 1, (B,), generator=gen), S)   # (B, 1, S)
    # máscaras de torch: True = prohibido
    ours = block(Y, M, tgt_mask=causal & tgt_pad, memory_mask=src_pad)
    theirs = layer(Y, M, tgt_mask=~causal, tgt_key_padding_mask=~tgt_pad[:, 0],
                   memory_key_padding_mask=~src_pad[:, 0])
    torch.testing.assert_close(ours, theirs, rtol=0, atol=1e-10)
    # Una máscara de memoria por ejemplo y por consulta: torch la quiere (B*h, T, S)
    mem = torch.rand(B, T, S, generator=gen) < 0.7
    mem[..., 0] = True                                                # ninguna fila vacía
    theirs = layer(Y, M, tgt_mask=~causal, memory_mask=(~mem).repeat_interleave(h, dim=0))
    torch.testing.assert_close(block(Y, M, tgt_mask=causal, memory_mask=mem), theirs,
                               rtol=0, atol=1e-10)


@settings(max_examples=25, deadline=None)
@given(B=st.integers(1, 3), T=st.integers(1, 6), S=st.integers(1, 6), h=st.sampled_from([1, 2]),
       norm_first=st.booleans(), seed=st.integers(0, 2**16))
def test_decoder_block_equals_torch_property(B, T, S, h, norm_first, seed):
    layer, block = _pair(4 * h, h, 8, norm_first, seed=seed)
    Y, M = _x(B, T, 4 * h, seed=seed), _x(B, S, 4 * h, seed=seed + 1)
    causal = rl.causal_mask(T)
    torch.testing.assert_close(block(Y, M, tgt_mask=causal), layer(Y, M, tgt_mask=~causal),
                               rtol=0, atol=1e-10)


def test_decoder_is_causal_and_reads_the_memory():
    _, block = _pair(8, 2, 16, norm_first=False, seed=8)
    Y, M = _x(2, 6, 8), _x(2, 4, 8, seed=2)
    Z = block(Y, M, tgt_mask=rl.causal_mask(6))
    Y2 = Y.clone()
    Y2[:, 3:] += 1.0
    torch.testing.assert_close(block(Y2, M, tgt_mask=rl.causal_mask(6))[:, :3], Z[:, :3])
    # Ocultar una posición de la memoria la vuelve irrelevante
    keep = torch.tensor([True, True, False, True])
    M2 = M.clone()
    M2[:, 2] += 5.0
    torch.testing.assert_close(block(Y, M2, memory_mask=keep), block(Y, M, memory_mask=keep))
    assert block.last_cross_weights.shape == (2, 2, 6, 4)
    assert torch.all(block.last_cross_weights[..., 2] == 0)


def test_gradients_match_torch():
    layer, block = _pair(8, 2, 16, norm_first=True, seed=5)
    Y, M = _x(2, 4, 8), _x(2, 3, 8, seed=2)
    layer(Y, M).pow(3).sum().backward()
    block(Y, M).pow(3).sum().backward()
    torch.testing.assert_close(block.cross_attn.W_o.grad,
                               layer.multihead_attn.out_proj.weight.grad.T, rtol=0, atol=1e-9)
    torch.testing.assert_close(block.gamma_3.grad, layer.norm3.weight.grad, rtol=0, atol=1e-9)


def test_parameter_count():
    d, d_ff = 16, 40
    block = rl.TransformerDecoderBlock(d, 4, d_ff)
    layer = torch.nn.TransformerDecoderLayer(d, 4, d_ff, batch_first=True)
    count = sum(p.numel() for p in block.parameters())
    assert count == sum(p.numel() for p in layer.parameters())
    assert count == 2 * (4 * d * d + 4 * d) + 2 * d * d_ff + d_ff + d + 6 * d


def test_errors_in_spanish():
    block = rl.TransformerDecoderBlock(8, 2, 16)
    Y, M = torch.zeros(2, 3, 8), torch.zeros(2, 5, 8)
    with pytest.raises(ValueError, match="memory debe tener forma"):
        block(Y, torch.zeros(2, 5, 4))
    with pytest.raises(ValueError, match="Y debe tener forma"):
        block(torch.zeros(3, 8), M)
    with pytest.raises(ValueError, match="lote"):
        block(Y, torch.zeros(3, 5, 8))
    with pytest.raises(TypeError, match="bool"):
        block(Y, M, tgt_mask=torch.ones(3, 3))
    with pytest.raises(ValueError, match="memory_mask de forma"):
        block(Y, M, memory_mask=torch.ones(3, 3, dtype=torch.bool))
    with pytest.raises(ValueError, match="activation"):
        rl.TransformerDecoderBlock(8, 2, 16, activation="tanh")
    with pytest.raises(TypeError, match="TransformerDecoderLayer"):
        rl.TransformerDecoderBlock.from_torch(torch.nn.TransformerEncoderLayer(8, 2))


@pytest.mark.parametrize("norm_first", [False, True])
def test_forward_cached_equals_forward(norm_first):
    _, block = _pair(8, 2, 16, norm_first, seed=9)
    Y, M = _x(2, 7, 8, seed=3), _x(2, 5, 8, seed=4)
    causal, src = rl.causal_mask(7), rl.padding_mask(torch.tensor([5, 3]), 5)
    full = block(Y, M, tgt_mask=causal, memory_mask=src)
    past, pieces = None, []
    for a, b in ((0, 3), (3, 4), (4, 5), (5, 7)):
        Z, past = block.forward_cached(Y[:, a:b], M, causal[a:b, :b], src, past)
        pieces.append(Z)
    torch.testing.assert_close(torch.cat(pieces, dim=1), full, rtol=0, atol=1e-12)
    assert past.K.shape == (2, 2, 7, 4)
