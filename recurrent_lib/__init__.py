"""recurrent_lib: la biblioteca del libro «Modelos secuenciales y mecanismos de atención».

Cada ecuación del libro tiene aquí su línea de código, con la etiqueta de la ecuación
encima (``README.md`` de esta carpeta da el mapa etiqueta → archivo y función). Se importa
así, y todo lo público está en el espacio plano ``rl.*``::

    import recurrent_lib as rl

La biblioteca tiene tres alas y unas piezas comunes:

- ``numpy_backprop/``: las derivaciones a mano en numpy, hacia adelante y hacia atrás
  (``activations``, ``init``, ``clipping``, ``rnn``, ``gru``, ``lstm``, ``layers``,
  ``attention``). No importa torch.
- ``torch_modules/``: los ``torch.nn.Module`` que entrenan los capítulos (``rnn``, ``gru``,
  ``lstm`` sobre la base ``recurrent``; ``attention``, ``multihead``, ``positional``,
  ``transformer``, ``prefix_lm``, ``decoder``, ``generation``, ``seq2seq``, ``training``,
  ``schedules``, ``tying``, ``batches``, ``ensemble``) e ``interop``, el único puente con el
  ala de numpy.
- ``tasks/``: las tareas que generan los datos y sus vocabularios (``corpus``, ``agreement``,
  ``agreement_check``, ``neighbours``, ``long_range``, ``dates``). No importan torch ni los
  modelos.
- Comunes, arriba: ``validation`` (validación de entradas), ``gradcheck`` (gradiente
  numérico), ``plotting`` (estilo de las figuras), ``claims`` (la tabla de afirmaciones
  sobre modelos entrenados), ``bench`` (tiempos frente a torch) y
  ``equations`` (genera ``README.md``).

Un archivo de numpy y su gemelo de torch llevan el mismo nombre: ``numpy_backprop/gru.py``
↔ ``torch_modules/gru.py``, ``numpy_backprop/attention.py`` ↔ ``torch_modules/attention.py``.
"""


from recurrent_lib.claims import ClaimsTable, parse_claims_table
from recurrent_lib.gradcheck import numerical_gradient, rel_error
from recurrent_lib.numpy_backprop import gru as _gru
from recurrent_lib.numpy_backprop import lstm as _lstm
from recurrent_lib.numpy_backprop.activations import (
    cross_entropy,
    cross_entropy_backward,
    log_softmax,
    one_hot,
    sigmoid,
    softmax,
)
from recurrent_lib.numpy_backprop.attention import (
    AttentionCache,
    attention_backward,
    attention_forward,
)
from recurrent_lib.numpy_backprop.clipping import clip_grad_norm, global_norm
from recurrent_lib.numpy_backprop.gru import (
    GRUCache,
    GRUStepCache,
    gru_backward,
    gru_forward,
    gru_step_backward,
    gru_step_forward,
)
from recurrent_lib.numpy_backprop.init import init_gru_params, init_lstm_params, init_rnn_params
from recurrent_lib.numpy_backprop.layers import (
    bidirectional_backward,
    bidirectional_forward,
    deep_backward,
    deep_forward,
)
from recurrent_lib.numpy_backprop.lstm import (
    LSTMCache,
    LSTMStepCache,
    lstm_backward,
    lstm_forward,
    lstm_step_backward,
    lstm_step_forward,
)
from recurrent_lib.numpy_backprop.ngram import WindowLM
from recurrent_lib.numpy_backprop.rnn import (
    RNNCache,
    RNNStepCache,
    rnn_backward,
    rnn_forward,
    rnn_step_backward,
    rnn_step_forward,
)
from recurrent_lib.plotting import set_style
from recurrent_lib.tasks import agreement as _agreement
from recurrent_lib.tasks import dates as _dates
from recurrent_lib.tasks.agreement import (
    AgreementExample,
    agreement_vocabulary,
    build_sentence,
    encode_agreement,
    generate_agreement,
    neutral_determiners,
    slides_example,
)
from recurrent_lib.tasks.agreement_check import AgreementCheck, check_agreement_sentence
from recurrent_lib.tasks.corpus import (
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
from recurrent_lib.tasks.dates import (
    HELDOUT_FORMATS,
    TRAIN_FORMATS,
    date_list_dataset,
    date_vocabularies,
    dates_dataset,
    decode_target,
    format_date,
    unseen_pairs,
)
from recurrent_lib.tasks.long_range import (
    ADDING_BASELINE_MSE,
    adding_problem,
    copy_task,
    copy_vocab_size,
)
from recurrent_lib.tasks.neighbours import (
    IGNORE_INDEX,
    accuracy_ceiling,
    neighbours_task,
    num_classes,
)
from recurrent_lib.torch_modules.attention import (
    AdditiveAttention,
    MultiplicativeAttention,
    additive_scores,
    causal_mask,
    masked_softmax,
    multiplicative_scores,
    padding_mask,
    scaled_dot_product_attention,
)
from recurrent_lib.torch_modules.batches import DateBatch, encode_dates
from recurrent_lib.torch_modules.decoder import TransformerDecoderBlock
from recurrent_lib.torch_modules.ensemble import BlockDiagonalGRU
from recurrent_lib.torch_modules.generation import generate, sample_next_token
from recurrent_lib.torch_modules.gru import GRU
from recurrent_lib.torch_modules.interop import params_from_torch, params_to_torch
from recurrent_lib.torch_modules.lstm import LSTM
from recurrent_lib.torch_modules.multihead import (
    KVCache,
    MultiHeadAttention,
    merge_heads,
    split_heads,
)
from recurrent_lib.torch_modules.positional import (
    PositionalEncoding,
    offset_rotation,
    positional_encoding,
    positional_frequencies,
)
from recurrent_lib.torch_modules.prefix_lm import PrefixLMTransformer, prefix_lm_mask
from recurrent_lib.torch_modules.rnn import RNN
from recurrent_lib.torch_modules.schedules import warmup_factor, warmup_scheduler
from recurrent_lib.torch_modules.seq2seq import Seq2Seq, masked_cross_entropy, sequence_accuracy
from recurrent_lib.torch_modules.training import train
from recurrent_lib.torch_modules.transformer import (
    TinyTransformer,
    TransformerEncoderBlock,
    feed_forward,
    layer_norm,
)
from recurrent_lib.torch_modules.tying import tie_output_embedding
from recurrent_lib.validation import PARAM_KEYS

# Módulos que los cuadernos nombran: rl.agreement.NOUNS y .VERBS (caps. 6 y 7),
# rl.dates.random_dates (cap. 8), y rl.gru y rl.lstm, el código que cita el apéndice
# (tests/test_layering.py comprueba que siguen funcionando).
gru, lstm, agreement, dates = _gru, _lstm, _agreement, _dates

__all__ = ["set_style", "ClaimsTable", "parse_claims_table"]
__all__ += ["sigmoid", "softmax", "log_softmax", "one_hot", "cross_entropy",
            "cross_entropy_backward", "numerical_gradient", "rel_error", "PARAM_KEYS",
            "init_rnn_params", "init_gru_params", "init_lstm_params",
            "rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
            "gru_step_forward", "gru_step_backward", "gru_forward", "gru_backward",
            "lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward",
            "RNNStepCache", "RNNCache", "GRUStepCache", "GRUCache", "LSTMStepCache", "LSTMCache",
            "params_from_torch", "params_to_torch", "RNN", "GRU", "LSTM", "train",
            "deep_forward", "deep_backward", "bidirectional_forward", "bidirectional_backward",
            "clip_grad_norm", "global_norm"]
__all__ += ["ADDING_BASELINE_MSE", "adding_problem", "copy_task", "copy_vocab_size"]
__all__ += ["IGNORE_INDEX", "accuracy_ceiling", "neighbours_task", "num_classes"]
__all__ += ["AgreementExample", "agreement_vocabulary", "build_sentence", "encode_agreement",
            "generate_agreement", "neutral_determiners", "slides_example"]
__all__ += ["Vocabulary", "char_tokenize", "is_number_words", "lm_pairs", "number_to_words",
            "number_words", "pad_sequences", "split_numbers", "word_tokenize", "words_to_number"]
__all__ += ["AdditiveAttention", "MultiplicativeAttention", "additive_scores", "causal_mask",
            "masked_softmax", "multiplicative_scores", "padding_mask",
            "scaled_dot_product_attention", "AttentionCache", "attention_backward",
            "attention_forward"]
__all__ += ["HELDOUT_FORMATS", "TRAIN_FORMATS", "DateBatch", "date_list_dataset",
            "date_vocabularies", "dates_dataset", "decode_target", "encode_dates", "format_date",
            "unseen_pairs"]
__all__ += ["Seq2Seq", "masked_cross_entropy", "sequence_accuracy"]
__all__ += ["PositionalEncoding", "offset_rotation", "positional_encoding",
            "positional_frequencies", "MultiHeadAttention", "merge_heads", "split_heads",
            "TinyTransformer", "TransformerEncoderBlock", "feed_forward", "layer_norm"]
__all__ += ["WindowLM"]
__all__ += ["PrefixLMTransformer", "prefix_lm_mask"]
__all__ += ["TransformerDecoderBlock"]
__all__ += ["KVCache", "generate", "sample_next_token"]
__all__ += ["AgreementCheck", "check_agreement_sentence"]
__all__ += ["warmup_factor", "warmup_scheduler"]
__all__ += ["BlockDiagonalGRU"]
__all__ += ["tie_output_embedding"]
