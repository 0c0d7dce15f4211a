"""Humo de recurrent_lib.bench (tamaños diminutos): corre e imprime los cocientes. No mide nada."""

import recurrent_lib.bench as bench


def test_bench_quick_prints_ratios(capsys):
    rows = bench.main(["--quick", "--repeat", "1"])
    out = capsys.readouterr().out
    assert "np/torch" in out and "lstm" in out and "gru" in out
    assert len(rows) == 2
    assert all(r["fwd_ratio"] > 0 and r["fb_ratio"] > 0 for r in rows)
    assert "np/suelo" in out
    assert all(r["fwd_floor_ratio"] > 0 and r["fb_floor_ratio"] > 0 for r in rows)


def test_bench_sizes_are_the_issue_sizes():
    assert bench.SIZES == [(32, 100, 32, 64), (32, 100, 128, 256), (64, 50, 512, 512)]


def test_floors_compute_what_the_library_computes():
    # Un suelo que hiciera menos cuentas que la biblioteca no mediría nada: mismas H y dX.
    import numpy as np

    import recurrent_lib as rl
    from recurrent_lib.bench_floor import gru_floor, lstm_floor

    rng = np.random.default_rng(0)
    B, T, D, H = 3, 5, 4, 6
    X = rng.standard_normal((B, T, D))
    p = rl.init_lstm_params(D, H, rng, forget_bias=1.0)
    H_all, cache = rl.lstm_forward(X, p)
    H_floor, dX_floor = lstm_floor(X, p, backward=True)
    assert np.allclose(H_floor, H_all, atol=1e-12)
    assert np.allclose(dX_floor, rl.lstm_backward(np.ones((B, T, H)), cache)[0], atol=1e-12)
    p = rl.init_gru_params(D, H, rng, variant="torch")
    p.update({k: rng.standard_normal(H) for k in p if k.startswith("b_")})
    H_all, cache = rl.gru_forward(X, p, variant="torch")
    H_floor, dX_floor = gru_floor(X, p, backward=True)
    assert np.allclose(H_floor, H_all, atol=1e-12)
    assert np.allclose(dX_floor, rl.gru_backward(np.ones((B, T, H)), cache)[0], atol=1e-12)
