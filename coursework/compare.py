"""Pruebas que una entrega no puede torcer: comparación fuera del proceso.

Una prueba oculta dentro del núcleo del estudiante no es de fiar: la entrega puede cambiar
``np.allclose`` por ``lambda *a, **k: True`` o la función de la biblioteca con la que se
compara. Por eso el corrector no cree lo que el núcleo concluye, solo lo que *anota*:

1. **Una transformación** (``transform``, con ``ast``) reescribe el código de cada celda de
   pruebas: cada llamada a ``allclose``/``isclose``/``array_equal``/``np.testing.assert_*``
   (de numpy, torch o math) y cada comparación (``==``, ``<``, ``in``...) pasan por
   ``__cw_call``/``__cw_cmp`` (``coursework/recorder.py``), que anotan sus operandos en un
   archivo y después hacen lo mismo que antes. La celda sigue fallando como antes, así que
   el estudiante ve sus errores.
2. **La referencia**: el cuaderno del docente (con soluciones y pruebas ocultas) se corre
   una vez por capítulo, igual, en su propio núcleo: sus operandos son los valores
   correctos.
3. **La entrega** se corre igual, en su propio núcleo y en su zona aislada.
4. **El corrector** (este proceso, con su numpy intacto) toma cada comparación de la
   entrega y de la referencia, en el mismo orden, y exige (``check_cell``):

   - que la celda llegara al final (sin error ni tiempo agotado);
   - que hubiera las mismas comparaciones, en el mismo orden;
   - que el resultado de cada una, **recalculado aquí** con los operandos anotados y las
     tolerancias de la referencia, sea el de la referencia;
   - que cada operando sea el de la referencia (con esas tolerancias, o ``rtol=1e-5``,
     ``atol=1e-8`` en una comparación ``==``/``<``...): devolver ceros y parchear la
     función de la biblioteca con la que se compara ya no sirve.

Parchear algo en el núcleo solo cambia lo que la entrega anota; nunca la referencia ni la
comparación. Lo que queda fuera: una entrega que conoce este mecanismo podría reescribir
``__cw_call`` para anotar valores falsos (tendría que conocer los valores correctos, y su
código lo delata: ``coursework.restrictions`` lo marca en ``revisar``).
"""

from __future__ import annotations

import ast
import base64
import json
import math
import operator
from dataclasses import dataclass

import numpy as np

CLOSE = frozenset({
    "allclose", "isclose", "array_equal", "array_equiv", "assert_allclose",
    "assert_array_equal", "assert_equal", "assert_almost_equal", "assert_array_almost_equal",
    "assert_array_less",
})
DEFAULT_TOL = {"rtol": 1e-5, "atol": 1e-8}
OPS = {"Eq": operator.eq, "NotEq": operator.ne, "Lt": operator.lt, "LtE": operator.le,
       "Gt": operator.gt, "GtE": operator.ge, "In": lambda a, b: a in b,
       "NotIn": lambda a, b: a not in b}


@dataclass(frozen=True)
class Site:
    """Un punto de comparación del código de una celda: ``call`` o ``cmp``."""

    kind: str
    text: str  # la función (``np.allclose``) o los operadores (``Lt Lt``)


class _Transform(ast.NodeTransformer):
    def __init__(self):
        self.sites: list[Site] = []

    def _site(self, kind: str, text: str) -> ast.Constant:
        self.sites.append(Site(kind, text))
        return ast.Constant(len(self.sites) - 1)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in CLOSE:
            return node
        k = self._site("call", ast.unparse(func))
        return ast.Call(ast.Name("__cw_call", ast.Load()), [k, func, *node.args], node.keywords)

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        names = [type(op).__name__ for op in node.ops]
        k = self._site("cmp", " ".join(names))
        ops = ast.Tuple([ast.Constant(n) for n in names], ast.Load())
        return ast.Call(ast.Name("__cw_cmp", ast.Load()), [k, ops, node.left, *node.comparators],
                        [])


def transform(source: str, grade_id: str) -> tuple[str, list[Site]]:
    """El código de una celda de pruebas, con cada comparación anotada, y sus puntos."""
    tree = ast.parse(source)
    t = _Transform()
    tree = t.visit(tree)
    ast.fix_missing_locations(tree)
    code = (f"__cw_cell({grade_id!r})\n" + ast.unparse(tree) + f"\n__cw_done({grade_id!r})\n")
    return code, t.sites


# --- lo que anotó el núcleo, leído sin confiar en él --------------------------------------

class Opaque:
    """Un objeto que el núcleo no serializa: solo se conoce su tipo."""

    def __init__(self, name: str):
        self.name = str(name)

    def __eq__(self, other):
        return isinstance(other, Opaque) and other.name == self.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"<{self.name}>"


def decode(x):
    """Un valor anotado, de JSON a Python/numpy (solo tipos simples; nada se ejecuta)."""
    if x is None or isinstance(x, (bool, int, float, str)):
        return x
    if isinstance(x, list):  # no lo produce el registro; por si acaso
        return [decode(v) for v in x]
    if not isinstance(x, dict) or len(x) not in (1, 3):
        return Opaque("desconocido")
    if "array" in x:
        dtype = np.dtype(str(x["dtype"]))
        shape = tuple(int(n) for n in x["shape"])
        raw = base64.b64decode(str(x["array"]))
        if dtype.kind not in "biufc" or len(raw) != dtype.itemsize * math.prod(shape):
            return Opaque("arreglo inválido")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    (key, value), = x.items()
    if key == "list":
        return [decode(v) for v in value]
    if key == "tuple":
        return tuple(decode(v) for v in value)
    if key == "set":
        items = [decode(v) for v in value]
        try:
            return frozenset(items)
        except TypeError:
            return Opaque("conjunto")
    if key == "dict":
        try:
            return {decode(k): decode(v) for k, v in value}
        except (TypeError, ValueError):
            return Opaque("diccionario")
    if key == "float":
        return float(value) if value in ("nan", "inf", "-inf") else Opaque("float")
    if key == "bigint":
        return int(value)
    return Opaque(str(value))


def read_log(path, limit: int = 200_000_000) -> tuple[dict[str, dict], str]:
    """Lee ``.registro.jsonl``: por celda, sus eventos, si terminó, parches y nombres.

    Devuelve también un aviso si el archivo estaba mal formado (entrega que lo tocó).
    """
    cells: dict[str, dict] = {}
    current, problem = None, ""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read(limit)
    except OSError:
        return {}, "sin registro de pruebas"
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            problem = "registro de pruebas mal formado"
            continue
        if not isinstance(event, dict):
            problem = "registro de pruebas mal formado"
        elif "cell" in event:
            current = cells.setdefault(str(event["cell"]), {"events": [], "done": False,
                                                            "patched": [], "probe": {}})
            current["events"], current["done"] = [], False
        elif "done" in event and current is not None:
            current["done"] = True
            current["patched"] = [str(p) for p in event.get("patched", [])][:50]
            current = None
        elif "probe" in event:
            entry = cells.setdefault(str(event["probe"]), {"events": [], "done": False,
                                                           "patched": [], "probe": {}})
            entry["probe"] = {str(k): str(v) for k, v in dict(event.get("names", {})).items()}
        elif "k" in event and current is not None:
            current["events"].append(event)
    return cells, problem


# --- la comparación, con el numpy del corrector --------------------------------------------

def _numeric(x) -> bool:
    return (isinstance(x, (int, float, np.ndarray, np.generic)) and not isinstance(x, bool)
            and np.asarray(x).dtype.kind in "iufcb")


def same(a, b, rtol: float, atol: float) -> bool:
    """¿El valor ``a`` (entrega) es el valor ``b`` (referencia)?"""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b or (
            _numeric(a) and _numeric(b) and np.shape(a) == np.shape(b)
            and bool(np.all(np.asarray(a) == np.asarray(b))))
    if _numeric(a) and _numeric(b):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if a.dtype.kind == "b" or b.dtype.kind == "b":
            return bool(np.array_equal(a, b))
        return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
    if isinstance(a, (list, tuple)) and type(a) is type(b):
        return len(a) == len(b) and all(same(x, y, rtol, atol) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return (set(map(repr, a)) == set(map(repr, b))
                and all(same(a[k], b[k], rtol, atol) for k in b if k in a))
    return type(a) is type(b) and a == b


def _pristine(text: str):
    """La función de comparación de verdad, según el nombre que se usó en la celda."""
    root, _, name = text.rpartition(".")
    if root.split(".")[0] == "math" and name == "isclose":
        return math.isclose
    if name.startswith("assert_"):
        return getattr(np.testing, name)
    return getattr(np, name)


def _outcome(value):
    """El resultado de una comparación, en una forma que se puede comparar con ``==``."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        value = np.asarray(value)
        return ("arreglo", value.shape, value.tolist())
    try:
        return ("valor", bool(value))
    except (TypeError, ValueError):
        return ("indefinido",)


def _evaluate(site: Site, event: dict, ref_event: dict):
    """Recalcula una comparación con los operandos de ``event`` y la tolerancia de la referencia."""
    try:
        if site.kind == "call":
            args = [decode(a) for a in event.get("args", [])]
            kw = {str(k): decode(v) for k, v in dict(ref_event.get("kw", {})).items()}
            func = _pristine(site.text)
            if site.text.startswith("torch."):
                args = [np.asarray(a) for a in args]
                kw = {k: v for k, v in kw.items() if k in ("rtol", "atol", "equal_nan")}
            if func.__name__.startswith("assert_"):
                func(*args, **kw)
                return ("valor", True)
            return _outcome(func(*args, **kw))
        names = site.text.split()
        operands = [decode(v) for v in event.get("operands", [])]
        identity = list(event.get("is", []))
        result = True
        for i, name in enumerate(names):
            if name in ("Is", "IsNot"):
                result = bool(identity[i]) == (name == "Is")
            else:
                result = OPS[name](operands[i], operands[i + 1])
            if i + 1 < len(names) and not result:
                break
        return _outcome(result)
    except AssertionError:
        return ("valor", False)
    except Exception as error:  # noqa: BLE001 - cualquier fallo es un resultado más
        return ("error", type(error).__name__)


def _operands(site: Site, event: dict) -> list:
    key = "args" if site.kind == "call" else "operands"
    return [decode(v) for v in event.get(key, [])]


def _tolerance(site: Site, ref_event: dict) -> tuple[float, float]:
    kw = {str(k): decode(v) for k, v in dict(ref_event.get("kw", {})).items()}
    if site.text.endswith("isclose") and site.text.startswith("math"):
        return float(kw.get("rel_tol", 1e-9)), float(kw.get("abs_tol", 0.0))
    rtol, atol = kw.get("rtol", DEFAULT_TOL["rtol"]), kw.get("atol", DEFAULT_TOL["atol"])
    return float(rtol), float(atol)


def check_cell(sites: list[Site], student: dict | None, reference: dict) -> tuple[bool, str]:
    """¿La celda de pruebas de la entrega pasa, frente a la de la referencia? Y por qué no."""
    if not reference or not reference.get("done"):
        return False, "la referencia no pasó esta celda (revise el cuaderno del docente)"
    if not student or not student.get("done"):
        return False, "la celda de pruebas no terminó (error o tiempo agotado)"
    mine, ref = student["events"], reference["events"]
    if len(mine) != len(ref):
        return False, f"{len(mine)} comparaciones en vez de {len(ref)}"
    for n, (event, ref_event) in enumerate(zip(mine, ref, strict=True)):
        k = ref_event.get("k")
        if event.get("k") != k or not isinstance(k, int) or not 0 <= k < len(sites):
            return False, f"comparación {n}: fuera de orden"
        site = sites[k]
        if _evaluate(site, event, ref_event) != _evaluate(site, ref_event, ref_event):
            return False, f"comparación {n} ({site.text}): resultado distinto del esperado"
        rtol, atol = _tolerance(site, ref_event)
        got, want = _operands(site, event), _operands(site, ref_event)
        if len(got) != len(want) or not all(same(a, b, rtol, atol)
                                            for a, b in zip(got, want, strict=True)):
            return False, f"comparación {n} ({site.text}): valores distintos de los esperados"
    return True, ""
