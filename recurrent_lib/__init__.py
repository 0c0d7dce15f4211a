"""recurrent_lib: la biblioteca del libro «Modelos secuenciales y mecanismos de atención».

Cada ecuación del libro tiene aquí su línea de código, con la etiqueta de la ecuación
encima. Se importa así::

    import recurrent_lib as rl

Módulos (uno por concepto):

- ``plotting``: estilo común de las figuras.
"""

from recurrent_lib.plotting import set_style

__all__ = ["set_style"]
