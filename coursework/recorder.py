"""Registro de las comprobaciones, dentro del núcleo que corre una entrega (o la referencia).

El corrector arranca el núcleo con este archivo (``IPKernelApp.exec_files``, después de la
guardia). Define las funciones que llaman las celdas de pruebas transformadas por
``coursework.compare``:

- ``__cw_call(k, f, *args, **kw)``: anota los argumentos de ``np.allclose`` y parecidas y
  luego llama a ``f``;
- ``__cw_cmp(k, ops, *operandos)``: anota los operandos de una comparación (``==``, ``<``...)
  y la evalúa;
- ``__cw_cell(grade_id)`` y ``__cw_done(grade_id)``: marcan el principio y el final de una
  celda de pruebas; ``__cw_done`` también anota si alguna función de numpy, torch, math o
  builtins ya no es la que había al arrancar el núcleo;
- ``__cw_probe(grade_id, nombres)``: tras una celda de solución, de qué módulo viene cada
  nombre global que usa.

Todo va, una línea JSON por evento, a ``.registro.jsonl`` en la carpeta de la entrega. Nada
de esto es de fiar en una entrega: el código del estudiante puede cambiar lo que se anota.
Por eso el corrector no cree nada de lo que el núcleo *concluye*: vuelve a evaluar cada
comparación fuera, con el numpy del corrector, y compara los valores anotados con los de
la corrida de referencia (``coursework.compare``). Solo serializa datos simples: números,
cadenas, arreglos numéricos (en base64), listas, tuplas, conjuntos y diccionarios.
"""


def _coursework_install_recorder():
    import base64
    import builtins
    import json
    import math
    import operator
    import os

    import numpy

    try:
        import torch
    except ImportError:
        torch = None

    log = open(os.path.join(os.getcwd(), ".registro.jsonl"), "a", encoding="utf-8")  # noqa: SIM115
    ops = {"Eq": operator.eq, "NotEq": operator.ne, "Lt": operator.lt, "LtE": operator.le,
           "Gt": operator.gt, "GtE": operator.ge, "In": lambda a, b: a in b,
           "NotIn": lambda a, b: a not in b, "Is": operator.is_, "IsNot": operator.is_not}

    kernel_swaps = {"builtins.input", "builtins.raw_input"}  # ipykernel los cambia cada celda

    def watched():
        """Las funciones cuyo cambio delata un parche: módulo.nombre -> id."""
        found = {}
        for label, module in (("numpy", numpy), ("numpy.testing", numpy.testing),
                              ("math", math), ("builtins", builtins), ("torch", torch)):
            if module is None:
                continue
            for name, value in list(vars(module).items()):
                if callable(value) and not name.startswith("_") and (
                        f"{label}.{name}" not in kernel_swaps):
                    found[f"{label}.{name}"] = id(value)
        try:
            import recurrent_lib

            for name, value in list(vars(recurrent_lib).items()):
                if callable(value) and not name.startswith("_"):
                    found[f"recurrent_lib.{name}"] = id(value)
        except ImportError:
            pass
        return found

    start = watched()

    def ser(x, depth=0):
        if depth > 6:
            return {"obj": "profundo"}
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, int):
            return x if abs(x) < 2**53 else {"bigint": str(x)}
        if isinstance(x, float):
            return x if math.isfinite(x) else {"float": repr(x)}
        if torch is not None and isinstance(x, torch.Tensor):
            x = x.detach().cpu().numpy()
        if isinstance(x, (numpy.ndarray, numpy.generic)):
            a = numpy.asarray(x)
            if a.dtype.kind in "biufc" and a.size <= 1_000_000:
                a = numpy.ascontiguousarray(a).view(numpy.ndarray)
                return {"array": base64.b64encode(a.tobytes()).decode("ascii"),
                        "dtype": a.dtype.str, "shape": list(a.shape)}
            return {"obj": f"ndarray[{a.dtype}]"}
        if isinstance(x, (list, tuple)):
            return {type(x).__name__ if type(x) in (list, tuple) else "list":
                    [ser(v, depth + 1) for v in list(x)[:10_000]]}
        if isinstance(x, (set, frozenset)):
            return {"set": sorted((ser(v, depth + 1) for v in x), key=repr)}
        if isinstance(x, dict):
            return {"dict": sorted(([ser(k, depth + 1), ser(v, depth + 1)]
                                    for k, v in list(x.items())[:10_000]), key=repr)}
        return {"obj": f"{type(x).__module__}.{type(x).__qualname__}"}

    def emit(event):
        log.write(json.dumps(event) + "\n")
        log.flush()

    def cw_call(k, f, *args, **kw):
        emit({"k": k, "args": [ser(a) for a in args],
              "kw": {name: ser(v) for name, v in kw.items()}})
        return f(*args, **kw)

    def cw_cmp(k, names, *operands):
        identity = [operands[i] is operands[i + 1] for i in range(len(names))]
        emit({"k": k, "operands": [ser(v) for v in operands], "is": identity})
        result = True
        for i, name in enumerate(names):  # a < b < c: como Python, se corta en el primer falso
            result = ops[name](operands[i], operands[i + 1])
            if i + 1 < len(names) and not result:
                return result
        return result

    def cw_cell(grade_id):
        emit({"cell": grade_id})

    def cw_done(grade_id):
        now = watched()
        changed = sorted(name for name, ident in start.items() if now.get(name) != ident)
        emit({"done": grade_id, "patched": changed})

    def cw_probe(grade_id, names):
        import sys

        user = sys.modules["__main__"].__dict__
        found = {}
        for name in names:
            if name in user:
                value = user[name]
                module = (value.__name__ if type(value) is type(os)
                          else getattr(value, "__module__", None) or type(value).__module__)
                found[name] = str(module)
        emit({"probe": grade_id, "names": found})

    return {"__cw_call": cw_call, "__cw_cmp": cw_cmp, "__cw_cell": cw_cell,
            "__cw_done": cw_done, "__cw_probe": cw_probe}


globals().update(_coursework_install_recorder())
del _coursework_install_recorder
