"""recurrent_lib: la biblioteca del libro «Modelos secuenciales y mecanismos de atención».

Cada ecuación del libro tiene aquí su línea de código, con la etiqueta de la ecuación
encima. Se importa así::

    import recurrent_lib as rl

Módulos (uno por concepto):

- ``plotting``: estilo común de las figuras.
- ``corpus``: números escritos en español, tokenizadores y vocabularios, capítulos 1 y 2.
- ``long_range``: tareas a larga distancia (suma, copia), capítulo 7.
- ``attention``, ``attention_numpy``: atención (aditiva, multiplicativa, producto escalado), cap. 8.
"""

from recurrent_lib.plotting import set_style
from recurrent_lib.corpus import (
    Vocabulary,
    char_tokenize,
    is_number_words,
    lm_pairs,
    number_to_words,
    number_words,
    pad_sequences,
    split_numbers,
    word_tokenize,
    words_to_number,
)
from recurrent_lib.long_range import ADDING_BASELINE_MSE, adding_problem, copy_task, copy_vocab_size

from recurrent_lib.attention import (
    AdditiveAttention,
    MultiplicativeAttention,
    additive_scores,
    causal_mask,
    masked_softmax,
    multiplicative_scores,
    padding_mask,
    scaled_dot_product_attention,
)
from recurrent_lib.attention_numpy import AttentionCache, attention_backward, attention_forward

__all__ = ["set_style"]
__all__ += ["ADDING_BASELINE_MSE", "adding_problem", "copy_task", "copy_vocab_size"]
__all__ += ["Vocabulary", "char_tokenize", "is_number_words", "lm_pairs", "number_to_words",
            "number_words", "pad_sequences", "split_numbers", "word_tokenize", "words_to_number"]
__all__ += ["AdditiveAttention", "MultiplicativeAttention", "additive_scores", "causal_mask",
            "masked_softmax", "multiplicative_scores", "padding_mask",
            "scaled_dot_product_attention", "AttentionCache", "attention_backward",
            "attention_forward"]
