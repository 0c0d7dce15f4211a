"""Kit de tareas del libro: copias para estudiantes y corrección automática a prueba de trampas.

Los mismos notebooks de ``chapters/`` producen el sitio (soluciones tras un botón, sin
pruebas ocultas: ``_ext/sitio_tareas.py``), el sitio de la clase, las copias para
estudiantes y la corrección. Módulos:

- ``exercises``: lee y valida el formato de los ejercicios (solo biblioteca estándar).
- ``course``: arma un curso de nbgrader temporal (``make student``, prueba de nbgrader).
- ``student``: ``make student``, copias sin soluciones en ``_build/student/``.
- ``nbgrader_source``: ``make nbgrader-source``, las fuentes para un curso de nbgrader.
- ``grade``: ``make grade SUBMISSIONS=carpeta/ JOBS=N``, tabla estudiante × ejercicio.
- ``compare``: la transformación de las celdas de pruebas y la comparación fuera del núcleo.
- ``restrictions`` y ``restricciones.yml``: qué puede usar cada solución («solo numpy»).
- ``sandbox`` y ``run_one``: cada entrega en su carpeta y su núcleo, dentro de bubblewrap.
- ``guard`` y ``recorder``: lo que corre en el núcleo antes de la primera celda (la guardia
  de archivos y procesos, y el registro de comparaciones).

Todo corre en el entorno ``.venv-grader`` (nbgrader y sus dependencias no deben tocar las
versiones fijadas del libro).
"""
