"""La tabla de afirmaciones: comprueba al registrar, escribe el formato exacto y se relee."""

import pytest

import recurrent_lib as rl
from recurrent_lib.claims import HEADER, format_number


def test_a_claim_that_every_seed_passes_and_the_reference_fails_is_kept():
    table = rl.ClaimsTable()
    claim = table.add("exactitud de la GRU", trained=[0.91, 0.97, 0.95], reference=0.5,
                      threshold=0.8)
    assert claim.worst == 0.91 and claim.best_reference == 0.5
    assert table.render().splitlines() == [
        HEADER,
        "|---|---|---|---|---|",
        "| exactitud de la GRU | 3 | 0.91 | 0.50 | ≥ 0.80 |",
    ]


def test_one_failing_seed_is_an_error_naming_it():
    with pytest.raises(AssertionError, match="1 de 3 semillas no cumplen ≥ 0.8 .*0.79"):
        rl.ClaimsTable().add("exactitud", trained=[0.9, 0.79, 0.95], reference=0.5,
                             threshold=0.8)


def test_a_reference_that_passes_too_is_an_error():
    with pytest.raises(AssertionError, match="la referencia también cumple"):
        rl.ClaimsTable().add("Γ media > 0.3", trained=[0.6, 0.7, 0.65], reference=[0.2, 0.5],
                             threshold=0.3)


def test_lower_is_better_claims_report_the_worst_seed_and_the_best_reference():
    table = rl.ClaimsTable()
    claim = table.add("MSE de la suma", trained=[5e-4, 9e-4, 7e-4], reference=[0.17, 0.16],
                      threshold=0.01, direction="<=")
    assert claim.worst == 9e-4 and claim.best_reference == 0.16
    assert table.render().splitlines()[-1] == "| MSE de la suma | 3 | 9.0e-04 | 0.16 | ≤ 0.01 |"


def test_numbers_get_the_digits_needed_to_differ_from_the_threshold():
    assert format_number(0.796, 0.8) == "0.796"
    assert format_number(0.801, 0.8) == "0.801"
    assert format_number(0.93, 0.8) == "0.93"
    assert format_number(0.8, 0.8) == "0.80"
    assert format_number(0.00052) == "5.2e-04"
    assert format_number(0.0) == "0.00"


def test_the_printed_table_parses_back():
    table = rl.ClaimsTable()
    table.add("a", [0.9, 0.95, 0.92], 0.1, 0.5)
    table.add("b", [0.01, 0.02, 0.03], [0.4, 0.5], 0.1, "<=")
    rows = rl.parse_claims_table("texto antes\n" + table.render() + "\n\ntexto después")
    assert [r["afirmación"] for r in rows] == ["a", "b"]
    assert rows[1] == {"afirmación": "b", "semillas": "3", "entrenado": "0.03",
                       "referencia": "0.40", "umbral": "≤ 0.10"}
    assert rl.parse_claims_table("sin tabla") == []


@pytest.mark.parametrize("kwargs, words", [
    ({"direction": ">"}, "'>=' o '<='"),
    ({"text": "a | b"}, "«|»"),
    ({"trained": []}, "vacío"),
    ({"trained": [float("nan")]}, "finito"),
])
def test_bad_arguments_are_rejected_in_spanish(kwargs, words):
    args = {"text": "a", "trained": [0.9], "reference": 0.1, "threshold": 0.5} | kwargs
    with pytest.raises(ValueError, match=words):
        rl.ClaimsTable().add(**args)


def test_an_empty_table_is_not_shown():
    with pytest.raises(ValueError, match="no tiene afirmaciones"):
        rl.ClaimsTable().show()
