"""Kit de tareas del libro: copias para estudiantes y corrección automática con nbgrader.

Los mismos notebooks de ``chapters/`` producen el sitio (soluciones tras un botón), las
copias para estudiantes y la corrección. Módulos:

- ``exercises``: lee y valida el formato de los ejercicios (solo biblioteca estándar).
- ``course``: arma un curso de nbgrader temporal (configuración, núcleo con guardia).
- ``guard``: guardia que se ejecuta al arrancar el núcleo que corrige una entrega.
- ``student``: ``make student``, copias sin soluciones en ``_build/student/``.
- ``grade``: ``make grade SUBMISSIONS=carpeta/``, tabla estudiante × ejercicio.

``student`` y ``grade`` corren en el entorno ``.venv-grader`` (nbgrader y sus
dependencias no deben tocar las versiones fijadas del libro).
"""
