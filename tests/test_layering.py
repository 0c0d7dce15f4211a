"""Las tres alas de recurrent_lib y su API plana: qué importa cada ala (leído con ``ast``).

- ``tasks/`` no importa torch ni los modelos (ni ``numpy_backprop`` ni ``torch_modules``);
- ``numpy_backprop/`` no importa torch ni el ala de torch ni las tareas;
- ``torch_modules/`` usa ``numpy_backprop`` solo a través de ``interop.py``;
- las piezas comunes de arriba (``validation``, ``gradcheck``, ``plotting``) no importan ningún ala.
"""

import ast
import importlib
from pathlib import Path

import pytest

import recurrent_lib as rl

LIB = Path(rl.__file__).parent
WINGS = ("numpy_backprop", "torch_modules", "tasks")

# rl.__all__ el día en que la biblioteca se repartió en alas, copiado literalmente: cuadernos,
# ejercicios y pruebas ocultas usan estos nombres, así que ninguno puede desaparecer.
ALL_BEFORE_WINGS = [
    "set_style", "sigmoid", "softmax", "log_softmax", "one_hot", "cross_entropy",
    "cross_entropy_backward", "numerical_gradient", "rel_error", "PARAM_KEYS",
    "init_rnn_params", "init_gru_params", "init_lstm_params", "rnn_step_forward",
    "rnn_step_backward", "rnn_forward", "rnn_backward", "gru_step_forward",
    "gru_step_backward", "gru_forward", "gru_backward", "lstm_step_forward",
    "lstm_step_backward", "lstm_forward", "lstm_backward", "RNNStepCache", "RNNCache",
    "GRUStepCache", "GRUCache", "LSTMStepCache", "LSTMCache", "params_from_torch",
    "params_to_torch", "RNN", "GRU", "LSTM", "train", "deep_forward", "deep_backward",
    "bidirectional_forward", "bidirectional_backward", "clip_grad_norm", "global_norm",
    "ADDING_BASELINE_MSE", "adding_problem", "copy_task", "copy_vocab_size", "IGNORE_INDEX",
    "accuracy_ceiling", "neighbours_task", "num_classes", "AgreementExample",
    "agreement_vocabulary", "build_sentence", "encode_agreement", "generate_agreement",
    "slides_example", "Vocabulary", "char_tokenize", "is_number_words", "lm_pairs",
    "number_to_words", "number_words", "pad_sequences", "split_numbers", "word_tokenize",
    "words_to_number", "AdditiveAttention", "MultiplicativeAttention", "additive_scores",
    "causal_mask", "masked_softmax", "multiplicative_scores", "padding_mask",
    "scaled_dot_product_attention", "AttentionCache", "attention_backward",
    "attention_forward", "HELDOUT_FORMATS", "TRAIN_FORMATS", "DateBatch",
    "date_list_dataset", "date_vocabularies", "dates_dataset", "decode_target",
    "encode_dates", "format_date", "Seq2Seq", "masked_cross_entropy", "sequence_accuracy",
    "PositionalEncoding", "offset_rotation", "positional_encoding",
    "positional_frequencies", "MultiHeadAttention", "merge_heads", "split_heads",
    "TinyTransformer", "TransformerEncoderBlock", "feed_forward", "layer_norm",
]


def _modules(folder: str = "") -> list[Path]:
    base = LIB / folder if folder else LIB
    return sorted(base.glob("*.py"))


def _imports(path: Path) -> set[str]:
    """Cada módulo importado en ``path``, también dentro de funciones (``a.b`` da ``a.b``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: importación relativa; use rutas absolutas"
            found.add(node.module)
            # «from recurrent_lib.numpy_backprop import gru» importa el submódulo gru
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _uses(imports: set[str], prefix: str) -> set[str]:
    return {m for m in imports if m == prefix or m.startswith(prefix + ".")}


def test_the_three_wings_exist():
    for wing in WINGS:
        assert (LIB / wing / "__init__.py").is_file(), wing
        assert len(_modules(wing)) > 2, wing


def test_all_keeps_every_name_from_before_the_wings():
    missing = sorted(set(ALL_BEFORE_WINGS) - set(rl.__all__))
    assert not missing, f"rl.__all__ perdió nombres: {missing}"
    assert len(rl.__all__) == len(set(rl.__all__)), "rl.__all__ repite nombres"
    for name in rl.__all__:
        assert hasattr(rl, name), name


@pytest.mark.parametrize("path", _modules("tasks"), ids=lambda p: p.name)
def test_tasks_import_neither_torch_nor_models(path):
    imports = _imports(path)
    bad = (_uses(imports, "torch") | _uses(imports, "recurrent_lib.numpy_backprop")
           | _uses(imports, "recurrent_lib.torch_modules"))
    assert not bad, f"tasks/{path.name} importa {sorted(bad)}"


@pytest.mark.parametrize("path", _modules("numpy_backprop"), ids=lambda p: p.name)
def test_numpy_wing_never_imports_torch(path):
    imports = _imports(path)
    bad = (_uses(imports, "torch") | _uses(imports, "recurrent_lib.torch_modules")
           | _uses(imports, "recurrent_lib.tasks"))
    assert not bad, f"numpy_backprop/{path.name} importa {sorted(bad)}"


@pytest.mark.parametrize("path", _modules("torch_modules"), ids=lambda p: p.name)
def test_torch_wing_uses_numpy_wing_only_through_interop(path):
    bad = _uses(_imports(path), "recurrent_lib.numpy_backprop")
    if path.name != "interop.py":
        assert not bad, f"torch_modules/{path.name} importa {sorted(bad)}; pase por interop.py"


@pytest.mark.parametrize("name", ["validation", "gradcheck", "plotting"])
def test_shared_helpers_import_no_wing(name):
    imports = _imports(LIB / f"{name}.py")
    bad = set().union(*(_uses(imports, f"recurrent_lib.{w}") for w in WINGS))
    assert not bad, f"{name}.py importa {sorted(bad)}"


@pytest.mark.parametrize("path", sorted(LIB.rglob("*.py")), ids=lambda p: str(p.relative_to(LIB)))
def test_no_module_over_300_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= 300, f"{path.relative_to(LIB)} tiene {n} líneas (máximo ~300): pártalo"


def test_legacy_paths_used_by_notebooks_still_work():
    # rl.agreement.NOUNS (cap. 7), rl.dates.random_dates (cap. 8), el código de rl.gru y
    # rl.lstm (apéndice)
    assert rl.agreement is importlib.import_module("recurrent_lib.tasks.agreement")
    assert rl.dates is importlib.import_module("recurrent_lib.tasks.dates")
    assert rl.gru is importlib.import_module("recurrent_lib.numpy_backprop.gru")
    assert rl.lstm is importlib.import_module("recurrent_lib.numpy_backprop.lstm")
