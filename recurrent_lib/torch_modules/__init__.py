"""Ala de torch: los ``torch.nn.Module`` que entrenan los capítulos (autograd hace el gradiente).

Módulos: ``recurrent`` (base común), ``rnn``, ``gru``, ``lstm`` (las celdas con los nombres
del libro), ``attention``, ``multihead``, ``positional``, ``transformer``, ``decoder``,
``generation``, ``seq2seq``, ``training`` (el bucle de entrenamiento), ``schedules`` (la tasa
de aprendizaje), ``tying`` (pesos atados), ``batches`` (los datos de ``tasks/`` como
tensores) e ``interop`` (pesos entre ``torch.nn`` y los dict de numpy: el único módulo de
esta ala que puede usar ``numpy_backprop``). Se usan a través de ``rl.*`` (``rl.GRU``,
``rl.Seq2Seq``...).
"""
