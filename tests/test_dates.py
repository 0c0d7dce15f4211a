"""Pruebas de recurrent_lib.tasks.dates: ida y vuelta con un analizador independiente."""

import datetime
import re

import numpy as np
import pytest
import torch

import recurrent_lib as rl
from recurrent_lib.tasks import dates

MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre"]
WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]


def _month(word):
    hits = [i + 1 for i, m in enumerate(MONTHS) if m == word or m[:3] == word]
    return hits[0] if len(hits) == 1 else None


def parse_spanish_date(text):
    """Analizador escrito aparte del generador: devuelve (fecha, día de la semana o None)."""
    tokens = re.findall(r"[0-9]+|[a-záéíóúñ]+", text.lower())
    weekday = None
    if tokens and not tokens[0].isdigit() and tokens[0] not in ("el",):
        weekday = [w for w in WEEKDAYS if w == tokens[0] or w[:3] == tokens[0]]
        assert len(weekday) == 1, text
        weekday = WEEKDAYS.index(weekday[0])
        tokens = tokens[1:]
    tokens = [t for t in tokens if t not in ("el", "de", "del")]
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if words:
        assert len(words) == 1 and len(numbers) == 2, text
        month = _month(words[0])
        day, year = numbers
    elif len(numbers[0]) == 4:
        year, month, day = numbers
    else:
        day, month, year = numbers
    assert len(year) in (2, 4), text
    year = int(year) if len(year) == 4 else (1900 if int(year) >= 50 else 2000) + int(year)
    return datetime.date(year, int(month), int(day)), weekday


@pytest.mark.parametrize("split", ["train", "heldout"])
def test_round_trip_every_target_is_iso_and_matches_source(split):
    pairs = rl.dates_dataset(3000, split=split, seed=1)
    for source, target in pairs:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", target), target
        iso = datetime.date.fromisoformat(target)           # fecha válida
        parsed, weekday = parse_spanish_date(source)
        assert parsed == iso, (source, target)
        if weekday is not None:
            assert weekday == iso.weekday(), (source, target)


def test_examples_from_the_issue():
    d = datetime.date(2026, 11, 28)
    assert rl.format_date(d, "largo_con_dia") == "sábado, 28 de noviembre de 2026"
    assert rl.format_date(d, "barras_corto") == "28/11/26"
    assert rl.format_date(d, "abreviado") == "28 nov. 2026"
    assert rl.format_date(datetime.date(1999, 3, 3), "coloquial") == "el 3 de marzo del 99"


def test_heldout_formats_are_unseen_and_all_formats_used():
    assert not set(rl.TRAIN_FORMATS) & set(rl.HELDOUT_FORMATS)
    assert len(rl.TRAIN_FORMATS) >= 10 and len(rl.HELDOUT_FORMATS) >= 3
    train = rl.dates_dataset(2000, "train", seed=2)
    heldout = rl.dates_dataset(500, "heldout", seed=2)
    d = datetime.date(2026, 11, 28)
    train_shapes = {re.sub(r"\d", "0", rl.format_date(d, f)) for f in rl.TRAIN_FORMATS}
    for source, _ in heldout:
        assert source not in {s for s, _ in train}
    for f in rl.HELDOUT_FORMATS:
        assert re.sub(r"\d", "0", rl.format_date(d, f)) not in train_shapes


def test_dataset_is_deterministic_and_seeded():
    assert rl.dates_dataset(50, seed=3) == rl.dates_dataset(50, seed=3)
    assert rl.dates_dataset(50, seed=3) != rl.dates_dataset(50, seed=4)
    years = [int(t[:4]) for _, t in rl.dates_dataset(2000, seed=5)]
    assert min(years) >= 1950 and max(years) <= 2049


def test_vocabularies_cover_every_format_and_encode_round_trip():
    src_vocab, tgt_vocab = rl.date_vocabularies()
    assert src_vocab.tokens[0] == "<pad>" and tgt_vocab.tokens[:3] == ("<pad>", "<bos>", "<eos>")
    assert len(tgt_vocab) == 15 and " " in tgt_vocab
    pairs = rl.dates_dataset(400, "train", seed=6) + rl.dates_dataset(400, "heldout", seed=6)
    batch = rl.encode_dates(pairs, src_vocab, tgt_vocab)
    B = len(pairs)
    assert batch.X.shape == (B, int(batch.lengths.max())) and batch.X.dtype == torch.long
    assert batch.Y_in.shape == (B, 11) and batch.Y_out.shape == (B, 11)
    assert bool((batch.Y_in[:, 0] == tgt_vocab.index["<bos>"]).all())
    assert bool((batch.Y_out[:, -1] == tgt_vocab.index["<eos>"]).all())
    assert bool((batch.Y_in[:, 1:] == batch.Y_out[:, :-1]).all())
    for b, (source, target) in enumerate(pairs):
        n = int(batch.lengths[b])
        assert "".join(src_vocab.decode(batch.X[b, :n].numpy())) == source
        assert bool((batch.X[b, n:] == 0).all())
        assert rl.decode_target(batch.Y_out[b], tgt_vocab) == target
    assert "S" in src_vocab and "á" in src_vocab


def test_errors():
    with pytest.raises(ValueError, match="split"):
        rl.dates_dataset(3, split="test")
    with pytest.raises(ValueError, match="formato desconocido"):
        rl.format_date(datetime.date(2000, 1, 1), "nada")
    with pytest.raises(ValueError, match="1950 y 2049"):
        rl.format_date(datetime.date(2050, 1, 1), "largo")
    with pytest.raises(TypeError, match="Generator"):
        dates.random_dates(3, 0)
    with pytest.raises(ValueError, match="ninguno"):
        rl.encode_dates([], *rl.date_vocabularies())


def test_random_dates_uniform_over_range():
    days = dates.random_dates(5000, np.random.default_rng(7))
    months = np.bincount([d.month for d in days], minlength=13)[1:]
    assert months.min() > 300


def test_date_list_round_trip_and_counts():
    pairs = rl.date_list_dataset(600, max_dates=3, seed=8)
    counts = [t.count(" ") + 1 for _, t in pairs]
    assert set(counts) == {1, 2, 3}
    for source, target in pairs:
        parts = source.split(" y ")
        assert len(parts) == len(target.split(" "))
        for part, iso in zip(parts, target.split(" "), strict=True):
            assert parse_spanish_date(part)[0] == datetime.date.fromisoformat(iso)
    batch = rl.encode_dates(pairs, *rl.date_vocabularies())
    assert batch.Y_out.shape[1] == 3 * 10 + 2 + 1
    with pytest.raises(ValueError, match="max_dates"):
        rl.date_list_dataset(3, max_dates=0)


def test_unseen_pairs_share_no_day_with_training():
    train = rl.date_list_dataset(3000, max_dates=2, seed=0)
    test = rl.date_list_dataset(600, max_dates=2, seed=100)
    kept = rl.unseen_pairs(test, train)
    seen_days = {iso for _, t in train for iso in t.split(" ")}
    # Oráculo: se recorre cada fecha de cada par a mano
    expected = [p for p in test if all(iso not in seen_days for iso in p[1].split(" "))]
    assert kept == expected
    assert 0 < len(kept) < len(test)
    assert not {iso for _, t in kept for iso in t.split(" ")} & seen_days
    assert rl.unseen_pairs(train[:5], train) == []
