"""Ala de numpy: cada ecuación a mano, hacia adelante y hacia atrás (no importa torch).

Módulos: ``activations`` (sigmoide, softmax, entropía cruzada), ``init`` (inicialización),
``clipping`` (recorte del gradiente), ``rnn``, ``gru``, ``lstm`` (las tres celdas con su
retropropagación), ``layers`` (capas apiladas y bidireccionales), ``attention`` (atención de
producto escalado), ``ngram`` (el modelo de ventana, contado en numpy). Sus gemelos
de torch tienen el mismo nombre en ``torch_modules/``.
Se usan a través de ``rl.*`` (``rl.gru_forward``, ``rl.lstm_backward``...).
"""
