"""Entradas mal formadas: cada caso da ValueError/TypeError con un mensaje que nombra el problema.

Nunca una respuesta equivocada en silencio: en particular, un ``(B, D)`` donde se espera
``(B, T, D)`` no se difunde.
"""

import numpy as np
import pytest

import recurrent_lib as rl

B, T, D, H = 2, 3, 4, 5
RNG = np.random.default_rng(0)
PARAMS = {
    "rnn": rl.init_rnn_params(D, H, RNG),
    "gru": rl.init_gru_params(D, H, RNG),
    "gru-torch": rl.init_gru_params(D, H, RNG, variant="torch"),
    "lstm": rl.init_lstm_params(D, H, RNG),
}
FORWARD = {
    "rnn": lambda X, p, h0=None: rl.rnn_forward(X, p, h0),
    "gru": lambda X, p, h0=None: rl.gru_forward(X, p, h0),
    "gru-torch": lambda X, p, h0=None: rl.gru_forward(X, p, h0, variant="torch"),
    "lstm": lambda X, p, h0=None: rl.lstm_forward(X, p, h0),
}
BACKWARD = {"rnn": rl.rnn_backward, "gru": rl.gru_backward, "gru-torch": rl.gru_backward,
            "lstm": rl.lstm_backward}
KINDS = list(FORWARD)


def _X(shape=(B, T, D), dtype=np.float64):
    return np.full(shape, 0.1).astype(dtype)


def _raises(exc, fn, *words):
    with pytest.raises(exc) as info:
        fn()
    msg = str(info.value)
    for w in words:
        assert w in msg, f"{w!r} no está en el mensaje: {msg}"
    return msg


@pytest.mark.parametrize("kind", KINDS)
def test_batch_of_vectors_instead_of_sequences_is_rejected(kind):
    # (B, D) = (2, 4) podría difundirse contra (D, H); debe fallar y decir por qué
    _raises(ValueError, lambda: FORWARD[kind](_X((B, D)), PARAMS[kind]),
            "(B, T, D)", "(2, 4)", "2 ejes")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", [(B, T, D + 1), (B, T, D, 1), (D,)])
def test_wrong_input_shape(kind, shape):
    _raises(ValueError, lambda: FORWARD[kind](_X(shape), PARAMS[kind]), "X", str(shape))


@pytest.mark.parametrize("kind", KINDS)
def test_empty_sequence(kind):
    _raises(ValueError, lambda: FORWARD[kind](_X((B, 0, D)), PARAMS[kind]), "vacíos", "(2, 0, 4)")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("h0_shape", [(B + 1, H), (H,), (1, B, H), (B, H + 1)])
def test_wrong_initial_state_shape(kind, h0_shape):
    _raises(ValueError, lambda: FORWARD[kind](_X(), PARAMS[kind], np.zeros(h0_shape)),
            "h0", "(B, H)", str(h0_shape))


def test_wrong_cell_state_shape():
    _raises(ValueError, lambda: rl.lstm_forward(_X(), PARAMS["lstm"], c0=np.zeros((B, H + 1))),
            "c0", "(2, 6)")


@pytest.mark.parametrize("kind", KINDS)
def test_missing_key(kind):
    params = dict(PARAMS[kind])
    key = rl.PARAM_KEYS[kind][-1]
    del params[key]
    _raises(ValueError, lambda: FORWARD[kind](_X(), params), "faltan", key)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("index", [0, 1, 2])
def test_misshaped_key(kind, index):
    params = dict(PARAMS[kind])
    key = rl.PARAM_KEYS[kind][index + 3 if kind != "rnn" else index]
    params[key] = np.zeros(params[key].shape + (1,))
    _raises(ValueError, lambda: FORWARD[kind](_X(), params), key,
            str(params[key].shape))


def test_non_square_hidden_weight():
    params = dict(PARAMS["rnn"], W_hh=np.zeros((H, H + 1)))
    _raises(ValueError, lambda: rl.rnn_forward(_X(), params), "W_hh", "(5, 5)", "(5, 6)")


def test_torch_only_key_with_seed_variant():
    _raises(ValueError, lambda: rl.gru_forward(_X(), PARAMS["gru-torch"], variant="seed"),
            "b_hn", "variant='torch'")


def test_unknown_variant():
    _raises(ValueError, lambda: rl.gru_forward(_X(), PARAMS["gru"], variant="cudnn"),
            "'seed' o 'torch'", "'cudnn'")


def test_params_not_a_dict():
    _raises(TypeError, lambda: rl.rnn_forward(_X(), list(PARAMS["rnn"].values())), "dict", "list")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.bool_, np.complex128, object])
def test_non_float_inputs(kind, dtype):
    _raises(TypeError, lambda: FORWARD[kind](_X(dtype=dtype), PARAMS[kind]),
            "X", "punto flotante", str(np.dtype(dtype)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("dtype", [np.int64, np.complex64, object])
def test_non_float_params(kind, dtype):
    params = dict(PARAMS[kind])
    key = rl.PARAM_KEYS[kind][0]
    params[key] = params[key].astype(dtype)
    _raises(TypeError, lambda: FORWARD[kind](_X(), params), key, str(np.dtype(dtype)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["X", "h0", "param"])
def test_non_finite_values(kind, bad, where):
    X, h0, params = _X(), np.zeros((B, H)), dict(PARAMS[kind])
    if where == "X":
        X[1, 2, 3] = bad
    elif where == "h0":
        h0[0, 0] = bad
    else:
        key = rl.PARAM_KEYS[kind][1]
        params[key] = params[key].copy()
        params[key][0, 0] = bad
    name = {"X": "X", "h0": "h0", "param": rl.PARAM_KEYS[kind][1]}[where]
    _raises(ValueError, lambda: FORWARD[kind](X, params, h0), name, "NaN o Inf")


@pytest.mark.parametrize("kind", KINDS)
def test_backward_rejects_bad_upstream_gradient(kind):
    _, cache = FORWARD[kind](_X(), PARAMS[kind])
    _raises(ValueError, lambda: BACKWARD[kind](np.ones((B, H)), cache), "dH", "(B, T, H)",
            "(2, 5)")
    dH = np.ones((B, T, H))
    dH[0, 0, 0] = np.nan
    _raises(ValueError, lambda: BACKWARD[kind](dH, cache), "dH", "NaN")


@pytest.mark.parametrize("kind", KINDS)
def test_backward_rejects_wrong_cache(kind):
    other = "lstm" if kind != "lstm" else "rnn"
    _, cache = FORWARD[other](_X(), PARAMS[other])
    _raises(TypeError, lambda: BACKWARD[kind](np.ones((B, T, H)), cache), "cache")


def test_step_functions_reject_sequences():
    X3 = _X()
    h = np.zeros((B, H))
    _raises(ValueError, lambda: rl.rnn_step_forward(X3, h, PARAMS["rnn"]), "X_t", "(B, D)")
    _raises(ValueError, lambda: rl.gru_step_forward(X3, h, PARAMS["gru"]), "X_t", "(B, D)")
    _raises(ValueError, lambda: rl.lstm_step_forward(X3, h, h, PARAMS["lstm"]), "X_t")
    _raises(ValueError, lambda: rl.lstm_step_forward(X3[:, 0], h, h[:1], PARAMS["lstm"]),
            "C_prev", "(1, 5)")
    _, cache = rl.rnn_step_forward(X3[:, 0], h, PARAMS["rnn"])
    _raises(ValueError, lambda: rl.rnn_step_backward(np.ones((B, T, H)), cache), "dH_t")
    _raises(TypeError, lambda: rl.gru_step_backward(np.ones((B, H)), cache), "GRUStepCache")


def test_init_rejects_bad_sizes_and_rng():
    _raises(ValueError, lambda: rl.init_rnn_params(0, 3, RNG), "D", "0")
    _raises(ValueError, lambda: rl.init_gru_params(3, 2.5, RNG), "H", "2.5")
    _raises(TypeError, lambda: rl.init_lstm_params(3, 4, 0), "np.random.Generator", "int")
    _raises(ValueError, lambda: rl.init_gru_params(3, 4, RNG, variant="keras"), "'keras'")


def test_float32_in_float32_out_and_mixed_promotes():
    p32 = {k: v.astype(np.float32) for k, v in PARAMS["lstm"].items()}
    assert rl.lstm_forward(_X(dtype=np.float32), p32)[0].dtype == np.float32
    assert rl.lstm_forward(_X(dtype=np.float32), PARAMS["lstm"])[0].dtype == np.float64


def test_lists_of_floats_are_accepted():
    X = _X().tolist()
    H_list, _ = rl.rnn_forward(X, PARAMS["rnn"])
    H_arr, _ = rl.rnn_forward(_X(), PARAMS["rnn"])
    np.testing.assert_array_equal(H_list, H_arr)
