"""Formato de los ejercicios de cada capítulo (CONTRIBUTING.md): prueba estática, sin nbgrader.

Cada notebook de ``chapters/`` tiene al menos cuatro ejercicios ``{exercise}`` con
etiquetas ``ej-NN-...``, al menos dos calificados; cada celda de solución de código va
entre ``{solution-start}``/``{solution-end}`` y la sigue su celda de pruebas calificada
(con pruebas visibles y ocultas, ``points`` > 0); los ``grade_id`` son únicos y los
metadatos de nbgrader están bien formados (los que nbgrader 0.9.6 acepta).
"""

from __future__ import annotations

import copy

import pytest

from coursework import exercises
from coursework.exercises import chapter_notebooks, check_notebook

NOTEBOOKS = chapter_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_exercises_follow_the_format(path):
    problems = check_notebook(path)
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_there_are_chapters_to_check():
    assert any(p.name == "00_notacion.ipynb" for p in NOTEBOOKS)


# El validador muerde: se estropea una copia del capítulo 0 de varias maneras.

@pytest.fixture()
def chapter0(tmp_path, monkeypatch):
    nb = exercises.load(exercises.CHAPTERS / "00_notacion.ipynb")

    def check(mutate):
        broken = copy.deepcopy(nb)
        mutate(broken["cells"])
        path = tmp_path / "00_notacion.ipynb"
        import json

        path.write_text(json.dumps(broken), encoding="utf-8")
        return "\n".join(check_notebook(path))

    return nb, check


def graded_index(cells, kind):
    return next(i for i, c in enumerate(cells)
                if (exercises.nbgrader_meta(c) or {}).get(kind) and c["cell_type"] == "code")


def test_validator_accepts_chapter0(chapter0):
    _, check = chapter0
    assert check(lambda cells: None) == ""


def test_validator_catches_duplicate_grade_id(chapter0):
    def mutate(cells):
        ids = [c for c in cells if exercises.nbgrader_meta(c)]
        ids[1]["metadata"]["nbgrader"]["grade_id"] = ids[0]["metadata"]["nbgrader"]["grade_id"]
    assert "grade_id repetidos" in chapter0[1](mutate)


def test_validator_catches_solution_without_test_cell(chapter0):
    def mutate(cells):
        del cells[graded_index(cells, "grade")]
    assert "celda de pruebas calificada" in chapter0[1](mutate)


def test_validator_catches_missing_points_and_hidden_tests(chapter0):
    def mutate(cells):
        test = cells[graded_index(cells, "grade")]
        del test["metadata"]["nbgrader"]["points"]
        test["source"] = test["source"].replace("### BEGIN HIDDEN TESTS", "")
    found = chapter0[1](mutate)
    assert "points > 0" in found and "BEGIN HIDDEN TESTS" in found


def test_validator_catches_old_markdown_solution_metadata(chapter0):
    def mutate(cells):
        for c in cells:
            meta = exercises.nbgrader_meta(c)
            if meta and c["cell_type"] == "markdown":
                meta["grade"] = False
                del meta["points"]
    assert "solución markdown lleva grade: true, points: 1" in chapter0[1](mutate)


def test_validator_catches_too_few_exercises_and_markers(chapter0):
    def mutate(cells):
        cells[:] = [c for c in cells if "{exercise}" not in c["source"]][:3]
        cells.append({"cell_type": "code", "metadata": {}, "source": "### BEGIN SOLUTION\n"})
    found = chapter0[1](mutate)
    assert "se esperan al menos 4" in found and "sin metadatos de nbgrader" in found
