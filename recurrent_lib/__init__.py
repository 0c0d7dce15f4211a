"""recurrent_lib: la biblioteca del libro «Modelos secuenciales y mecanismos de atención».

Cada ecuación del libro tiene aquí su línea de código, con la etiqueta de la ecuación
encima. Se importa así::

    import recurrent_lib as rl

Módulos (uno por concepto):

- ``plotting``: estilo común de las figuras; ``claims``: la tabla de afirmaciones sobre
  modelos entrenados (cada una medida en varias semillas y frente a una referencia que la
  falla).
- ``activations``, ``gradcheck``, ``validation``, ``init``: piezas comunes (sigmoide y softmax
  estables, gradiente numérico, validación de entradas, inicialización).
- ``rnn``, ``gru``, ``lstm``: las tres celdas en numpy, con retropropagación a mano;
  ``torch_interop``: el puente con ``torch.nn``; ``modules``: las mismas celdas como
  ``torch.nn.Module``; ``training``: el bucle de entrenamiento; ``layers``: capas apiladas y
  bidireccionales; ``clipping``: recorte del gradiente; ``bench``: tiempos frente a torch.
- ``corpus``: números escritos en español, tokenizadores y vocabularios, capítulos 1 y 2.
- ``agreement``: oraciones con concordancia sujeto–verbo–adjetivo, capítulos 5 y 6;
  ``ensemble``: varias GRU de ``torch`` entrenadas a la vez como una diagonal por bloques, cap. 5.
- ``long_range``: tareas a larga distancia (suma, copia), capítulo 7.
- ``attention``, ``attention_numpy``: atención (aditiva, multiplicativa, producto escalado), cap. 8.
- ``dates``: fechas en español → ISO, el conjunto de datos del cap. 8.
- ``seq2seq``: codificador–decodificador GRU con y sin atención de Bahdanau, cap. 8.
- ``positional``, ``multihead``, ``transformer``: codificación posicional, atención de varias
  cabezas, bloque codificador del Transformer, cap. 9.
"""

from recurrent_lib.activations import (
    cross_entropy,
    cross_entropy_backward,
    log_softmax,
    one_hot,
    sigmoid,
    softmax,
)
from recurrent_lib.agreement import (
    AgreementExample,
    agreement_vocabulary,
    build_sentence,
    encode_agreement,
    generate_agreement,
    neutral_determiners,
    slides_example,
)
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
from recurrent_lib.bidirectional_tasks import (
    IGNORE_INDEX,
    accuracy_ceiling,
    neighbours_task,
    num_classes,
)
from recurrent_lib.claims import ClaimsTable, parse_claims_table
from recurrent_lib.clipping import clip_grad_norm, global_norm
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
from recurrent_lib.dates import (
    HELDOUT_FORMATS,
    TRAIN_FORMATS,
    DateBatch,
    date_list_dataset,
    date_vocabularies,
    dates_dataset,
    decode_target,
    encode_dates,
    format_date,
)
from recurrent_lib.ensemble import BlockDiagonalGRU
from recurrent_lib.gradcheck import numerical_gradient, rel_error
from recurrent_lib.gru import (
    GRUCache,
    GRUStepCache,
    gru_backward,
    gru_forward,
    gru_step_backward,
    gru_step_forward,
)
from recurrent_lib.init import init_gru_params, init_lstm_params, init_rnn_params
from recurrent_lib.layers import (
    bidirectional_backward,
    bidirectional_forward,
    deep_backward,
    deep_forward,
)
from recurrent_lib.long_range import ADDING_BASELINE_MSE, adding_problem, copy_task, copy_vocab_size
from recurrent_lib.lstm import (
    LSTMCache,
    LSTMStepCache,
    lstm_backward,
    lstm_forward,
    lstm_step_backward,
    lstm_step_forward,
)
from recurrent_lib.modules import GRU, LSTM, RNN
from recurrent_lib.multihead import MultiHeadAttention, merge_heads, split_heads
from recurrent_lib.plotting import set_style
from recurrent_lib.positional import (
    PositionalEncoding,
    offset_rotation,
    positional_encoding,
    positional_frequencies,
)
from recurrent_lib.rnn import (
    RNNCache,
    RNNStepCache,
    rnn_backward,
    rnn_forward,
    rnn_step_backward,
    rnn_step_forward,
)
from recurrent_lib.seq2seq import Seq2Seq, masked_cross_entropy, sequence_accuracy
from recurrent_lib.torch_interop import params_from_torch, params_to_torch
from recurrent_lib.training import train
from recurrent_lib.transformer import (
    TinyTransformer,
    TransformerEncoderBlock,
    feed_forward,
    layer_norm,
)
from recurrent_lib.validation import PARAM_KEYS

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
            "date_vocabularies", "dates_dataset", "decode_target", "encode_dates", "format_date"]
__all__ += ["BlockDiagonalGRU"]
__all__ += ["Seq2Seq", "masked_cross_entropy", "sequence_accuracy"]
__all__ += ["PositionalEncoding", "offset_rotation", "positional_encoding",
            "positional_frequencies", "MultiHeadAttention", "merge_heads", "split_heads",
            "TinyTransformer", "TransformerEncoderBlock", "feed_forward", "layer_norm"]
