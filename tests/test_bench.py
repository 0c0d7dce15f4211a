"""Humo de recurrent_lib.bench (tamaños diminutos): corre e imprime los cocientes. No mide nada."""

import recurrent_lib.bench as bench


def test_bench_quick_prints_ratios(capsys):
    rows = bench.main(["--quick", "--repeat", "1"])
    out = capsys.readouterr().out
    assert "cociente" in out and "lstm" in out and "gru" in out
    assert len(rows) == 2
    assert all(r["fwd_ratio"] > 0 and r["fb_ratio"] > 0 for r in rows)


def test_bench_sizes_are_the_issue_sizes():
    assert bench.SIZES == [(32, 100, 32, 64), (32, 100, 128, 256), (64, 50, 512, 512)]
