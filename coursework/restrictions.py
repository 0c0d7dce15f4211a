"""«Usa solo numpy»: qué puede nombrar la solución de cada ejercicio, comprobado con ``ast``.

``coursework/restricciones.yml`` dice, por ``grade_id`` de la celda de solución, qué puede
usar además de Python y numpy (``torch``, ``recurrent_lib.softmax``...). El corrector lee
el código de cada celda de solución de la entrega (``check_solution``) y busca:

- **biblioteca prohibida**: ``rl.gru_step_forward``, ``import torch``, ``from recurrent_lib
  import ...``, o un nombre global que en el núcleo resulta venir de ``recurrent_lib`` o
  ``torch`` (comprobación dinámica: ``__cw_probe`` anota de qué módulo es cada nombre libre
  de la celda después de correrla);
- **parches**: asignar o borrar atributos de numpy, torch, math, builtins o recurrent_lib
  (``np.allclose = ...``, ``setattr(np, ...)``), tocar ``__builtins__``;
- **código que el corrector no puede verificar**: ``__import__``, ``importlib``,
  ``globals()``, ``eval``/``exec``, ``sys``, ``inspect``, ``gc``, ``ctypes``,
  ``get_ipython``, el historial de IPython (``In``, ``_ih``) o las funciones del registro.

Cualquiera de las tres deja ese ejercicio en 0 y escribe el motivo en ``revisar``.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from pathlib import Path

import yaml

RULES = Path(__file__).resolve().with_name("restricciones.yml")
RESTRICTED = ("recurrent_lib", "torch")
# Los nombres con que los capítulos importan las bibliotecas.
ALIASES = {"np": "numpy", "numpy": "numpy", "rl": "recurrent_lib",
           "recurrent_lib": "recurrent_lib", "torch": "torch", "nn": "torch.nn",
           "F": "torch.nn.functional", "math": "math", "builtins": "builtins"}
PATCHABLE = ("numpy", "torch", "math", "builtins", "recurrent_lib", "operator")
UNVERIFIABLE = frozenset({
    "__import__", "importlib", "globals", "locals", "vars", "eval", "exec", "compile",
    "__builtins__", "builtins", "sys", "inspect", "gc", "ctypes", "get_ipython", "In", "Out",
    "_ih", "_oh", "_getframe", "__dict__", "__globals__", "__code__",
})


@dataclass
class Verdict:
    """Lo que encontró la revisión de una celda de solución."""

    reasons: list[str] = field(default_factory=list)
    free_names: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.reasons


def load_rules(path: Path = RULES) -> dict:
    """``{"por_omision": {...}, "ejercicios": {grade_id: {"usa": [...]}}}``."""
    rules = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rules.setdefault("por_omision", {"usa": ["numpy"]})
    rules.setdefault("ejercicios", {})
    return rules


def allowed_for(grade_id: str, rules: dict) -> list[str]:
    """Lo que la solución ``grade_id`` puede usar (lo de ``por_omision`` si no figura)."""
    entry = rules["ejercicios"].get(grade_id) or rules["por_omision"]
    return [str(x) for x in entry.get("usa", ["numpy"])]


def _dotted(node: ast.AST) -> tuple[str, list[str]] | None:
    """``rl.a.b`` -> ("rl", ["a", "b"]); ``None`` si la raíz no es un nombre."""
    attrs = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    if isinstance(node, ast.Subscript):
        return _dotted(node.value)
    return (node.id, attrs[::-1]) if isinstance(node, ast.Name) else None


def _forbidden(module: str, allowed: list[str]) -> bool:
    top = module.split(".")[0]
    if top not in RESTRICTED:
        return False
    return not any(module == a or module.startswith(a + ".") for a in allowed)


def _bound_names(tree: ast.AST) -> set[str]:
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound


def free_names(source: str) -> list[str]:
    """Nombres globales que la celda usa sin definirlos (ni son de Python)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    bound = _bound_names(tree)
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
              and isinstance(n.ctx, ast.Load)}
    return sorted(loaded - bound - set(dir(builtins)))


def check_solution(source: str, allowed: list[str], probe: dict[str, str] | None = None,
                   ) -> Verdict:
    """Revisa una celda de solución; ``probe``: módulo de cada nombre libre, según el núcleo."""
    verdict = Verdict()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return verdict  # no corre: sus pruebas ya fallan
    verdict.free_names = free_names(source)
    bound = _bound_names(tree)  # una variable local F no es torch.nn.functional
    modules = {k: v for k, v in ALIASES.items() if k not in bound}
    for name, module in (probe or {}).items():
        if name not in bound:
            modules.setdefault(name, module)
    reasons = []

    def resolve(node) -> str | None:
        found = _dotted(node)
        if found is None or found[0] not in modules:
            return None
        root, attrs = found
        return ".".join([modules[root], *attrs])

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules[(alias.asname or alias.name).split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0])
                if _forbidden(alias.name, allowed):
                    reasons.append(f"importa {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                modules[alias.asname or alias.name] = full
                if _forbidden(full, allowed):
                    reasons.append(f"importa {full}")
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in UNVERIFIABLE:
            reasons.append(f"usa {node.id} (código que el corrector no puede verificar)")
        elif isinstance(node, ast.Attribute) and node.attr in UNVERIFIABLE:
            reasons.append(f"usa .{node.attr} (código que el corrector no puede verificar)")
        if isinstance(node, (ast.Name, ast.Attribute)) and (
                getattr(node, "id", "") or getattr(node, "attr", "")).startswith(
                    ("__cw", "_coursework")):
            reasons.append("toca el registro del corrector")
        # Un uso de biblioteca: solo la cadena de atributos completa (rl.softmax, no rl).
        if (isinstance(node, (ast.Name, ast.Attribute)) and id(node) not in inner
                and isinstance(node.ctx, ast.Load)):
            module = resolve(node)
            if module and _forbidden(module, allowed):
                reasons.append(f"usa {module}")
        targets = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("setattr", "delattr") and node.args):
            targets = [ast.Attribute(node.args[0], "", ast.Store())]
        for target in targets:
            for t in (target.elts if isinstance(target, ast.Tuple) else [target]):
                if isinstance(t, (ast.Attribute, ast.Subscript)):
                    whole = isinstance(t, ast.Subscript) or not t.attr  # setattr(np, ...)
                    module = resolve(t.value if whole else t)
                    if module and module.split(".")[0] in PATCHABLE:
                        reasons.append(f"parchea {module}")
    verdict.reasons = list(dict.fromkeys(reasons))
    return verdict
