"""Ala de las tareas: generan los datos de los capítulos y sus vocabularios (numpy y texto).

No importan torch ni los modelos. Módulos: ``corpus`` (números en español, tokenizadores,
vocabularios; caps. 1 y 2), ``agreement`` (concordancia sujeto–verbo; caps. 5 a 7) y su
comprobador ``agreement_check`` (cap. 10), ``neighbours`` (la tarea de los vecinos, cap. 4),
``long_range`` (suma y copia, cap. 7), ``dates`` (fechas en español → ISO, caps. 8 y 9). Se
usan a través de ``rl.*``.
"""
