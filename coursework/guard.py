"""Guardia del núcleo que corrige una entrega: no deja leer, escribir ni borrar fuera de su carpeta.

El corrector arranca cada núcleo con este archivo (``IPKernelApp.exec_files``), antes de la
primera celda y con el directorio de trabajo en la carpeta de la entrega. Instala un
``sys.addaudithook`` (que no se puede quitar desde Python) que rechaza con
``PermissionError``:

- abrir para escribir, crear, borrar, renombrar o cambiar permisos de rutas fuera de la
  carpeta de la entrega (rutas absolutas, ``..``, enlaces simbólicos o ``dir_fd``);
- abrir para leer o listar (``os.listdir``, ``os.scandir``, ``glob``) rutas fuera de la
  carpeta y fuera de las que necesita Python (``COURSEWORK_READ_OK``: el entorno de
  Python, la biblioteca, ``/usr``...);
- lanzar procesos (``os.system``, ``subprocess``, ``os.exec*``, ``fork``), enviar señales
  (``os.kill``) y llamar funciones nativas con ``ctypes``;
- reescribir el código o los valores por omisión de la propia guardia.

Cada acceso rechazado queda anotado en ``.accesos.log`` (en la carpeta; el corrector lo
lleva a la columna ``revisar``). Si algo falla al instalarla, el núcleo termina: nunca se
corrige sin guardia. Es una barrera contra accidentes y trampas sencillas, no una jaula:
la jaula es bubblewrap (``coursework/sandbox.py``), y sin ella el corrector avisa.
"""


def _coursework_install_guard():
    import os
    import sys

    try:
        root = os.path.realpath(os.getcwd())
        grading_dir = os.environ.get("COURSEWORK_GRADING_DIR", "")
        grading_dir = os.path.realpath(grading_dir) if grading_dir else ""
        # Solo se corre dentro de la carpeta temporal del corrector, nunca en «/» o en $HOME.
        if not grading_dir or not root.startswith(grading_dir + os.sep):
            raise RuntimeError(f"directorio de trabajo inesperado: {root}")
        scratch = os.path.join(root, ".tmp")
        os.makedirs(scratch, exist_ok=True)
        import tempfile

        tempfile.tempdir = scratch
        os.environ["TMPDIR"] = scratch
        # Bibliotecas que cargan código nativo con ctypes al importarse: se importan antes.
        import ctypes  # noqa: F401

        for name in ("numpy", "torch", "matplotlib", "recurrent_lib"):
            try:
                __import__(name)
            except ImportError:
                pass
        read_ok = [os.path.realpath(p) for p in
                   os.environ.get("COURSEWORK_READ_OK", "").split(os.pathsep) if p]
        log = os.open(os.path.join(root, ".accesos.log"),
                      os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        sys.addaudithook(_coursework_make_hook(root, read_ok, log))  # noqa: F821 - abajo
    except BaseException as error:  # noqa: BLE001 - sin guardia no se corrige
        sys.stderr.write(f"guardia del corrector: no se pudo instalar ({error!r})\n")
        sys.stderr.flush()
        os._exit(70)


def _coursework_make_hook(root, read_ok, log):
    import os

    path_args = {  # evento -> (posiciones de rutas, posiciones de dir_fd)
        "open": ((0,), ()),
        "os.remove": ((0,), (1,)),
        "os.rmdir": ((0,), (1,)),
        "os.mkdir": ((0,), (2,)),
        "os.rename": ((0, 1), (2, 3)),
        "os.link": ((0, 1), (2, 3)),
        "os.symlink": ((1,), (2,)),
        "os.chmod": ((0,), (2,)),
        "os.chown": ((0,), (3,)),
        "os.utime": ((0,), (3,)),
        "os.truncate": ((0,), ()),
        "os.chflags": ((0,), ()),
        "os.lchflags": ((0,), ()),
        "os.setxattr": ((0,), ()),
        "os.removexattr": ((0,), ()),
        "shutil.rmtree": ((0,), (1,)),
        "shutil.copyfile": ((1,), ()),
        "shutil.copymode": ((1,), ()),
        "shutil.copystat": ((1,), ()),
        "shutil.copytree": ((1,), ()),
        "shutil.move": ((0, 1), ()),
        "shutil.chown": ((0,), ()),
    }
    forbidden = frozenset({
        "os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn",
        "os.fork", "os.forkpty", "os.kill", "os.killpg", "signal.pthread_kill",
        "os.startfile", "pty.spawn", "ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle",
        "ctypes.call_function", "ctypes.cdata", "ctypes.cdata/buffer", "sys.setprofile",
        "sys.settrace",
    })
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    allowed_files = frozenset({"/dev/null"})
    listing = {"os.listdir": 0, "os.scandir": 0, "glob.glob": 0, "glob.glob/2": 0}
    log_path = os.path.join(root, ".accesos.log")
    readable = tuple(p.rstrip(os.sep) + os.sep for p in read_ok) + (root + os.sep,)
    readable_exact = frozenset([*read_ok, root, "/proc", "/dev/null", "/dev/urandom"])

    # Todo lo que el gancho usa queda fijado en sus valores por omisión: reasignar
    # os.path.realpath después no lo afecta, y cambiar __defaults__ está prohibido.
    def _coursework_hook(event, args, _paths=path_args, _forbidden=forbidden, _root=root,
             _prefix=root + os.sep, _realpath=os.path.realpath, _join=os.path.join,
             _fsdecode=os.fsdecode, _readlink=os.readlink, _flags=write_flags,
             _allowed=allowed_files, _isinstance=isinstance, _str=str, _int=int,
             _len=len, _error=PermissionError, _getattr=getattr, _listing=listing,
             _readable=readable, _readable_exact=readable_exact, _log=log, _log_path=log_path,
             _write=os.write, _encode=str.encode,
             _file=_coursework_make_hook.__code__.co_filename):  # noqa: F821

        def deny(message):
            try:
                _write(_log, _encode(message.replace("\n", " ") + "\n", "utf-8", "replace"))
            except OSError:
                pass
            raise _error(message)

        def may_read(target):
            if target is None:
                target = "."
            if _isinstance(target, _int):
                return
            path = _fsdecode(target)
            resolved = _realpath(path)
            if resolved == _log_path:
                deny(f"corrector: «{event}» sobre el registro de la guardia")
            if resolved.startswith("/proc/") and resolved.endswith("/stat") and (
                    resolved.count("/") == 3):
                return  # estado de un proceso (psutil); en bubblewrap, solo los propios
            if resolved not in _readable_exact and not resolved.startswith(_readable):
                deny(f"corrector: «{event}» fuera de la carpeta de la entrega: {path}")

        if event in _forbidden:
            deny(f"corrector: «{event}» no está permitido al corregir")
        if event in _listing:
            if _len(args) > 0:
                may_read(args[0])
            return
        if event == "object.__setattr__" and _len(args) > 1 and args[1] in (
            "__code__", "__defaults__", "__kwdefaults__"
        ):
            code = _getattr(args[0], "__code__", None)
            if _getattr(code, "co_name", "") == "_coursework_hook" and code.co_filename == _file:
                deny("corrector: no se puede reescribir la guardia")
        spec = _paths.get(event)
        if spec is None:
            return
        if event == "open":
            mode, flags = args[1], args[2]
            writes = (
                any(c in mode for c in "wax+") if _isinstance(mode, _str)
                else _isinstance(flags, _int) and bool(flags & _flags)
            )
            if not writes:
                may_read(args[0])
                return
        positions, dir_fd_positions = spec
        base = None
        for k in dir_fd_positions:
            if k < _len(args) and args[k] is not None and args[k] != -1:  # -1: sin dir_fd
                try:
                    base = _readlink(f"/proc/self/fd/{_int(args[k])}")
                except (OSError, TypeError, ValueError):
                    deny("corrector: dir_fd no permitido")
        for k in positions:
            target = args[k] if k < _len(args) else None
            if target is None or _isinstance(target, _int):
                continue  # un descriptor ya abierto (y comprobado al abrirlo)
            path = _fsdecode(target)
            resolved = _realpath(_join(base, path) if base else path)
            if resolved == _log_path:
                deny(f"corrector: «{event}» sobre el registro de la guardia")
            if resolved != _root and not resolved.startswith(_prefix) and resolved not in _allowed:
                deny(f"corrector: «{event}» fuera de la carpeta de la entrega: {path}")

    return _coursework_hook


_coursework_install_guard()
del _coursework_install_guard, _coursework_make_hook
