# Modelos secuenciales y mecanismos de atención — tareas del proyecto.
#   make book   construye el sitio en _build/html (estricto: cero avisos)
#   make test   toda la batería: unidades, nbval, libro estricto, navegador, tareas
# Ambas crean .venv desde requirements.txt la primera vez.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.instalado
export TQDM_DISABLE := 1
export PYTHONHASHSEED := 0

.PHONY: help venv book book-html test test-unit test-notebooks test-book test-browser \
        test-coursework test-portable test-lab lab pdf test-pdf bench serve student student-book \
        grade nbgrader-source lint run-notebook clean

help:
	@echo "make book | test | bench | serve | student | student-book | grade SUBMISSIONS=carpeta/ [JOBS=N] | nbgrader-source | lint | clean"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Se necesita Python 3.11 o posterior"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

# Construcción limpia y estricta: -W convierte cada aviso en error, -n revisa cada referencia.
book: $(STAMP)
	rm -rf _build/html _build/.doctrees _build/jupyter_execute
	$(VENV)/bin/jupyter-book build . -W -n --keep-going

test: lint test-unit test-notebooks test-book test-browser test-coursework test-lab test-pdf
	@echo "make test: todo en verde."

test-unit: $(STAMP)
	$(PY) -m pytest tests -m "not browser and not coursework and not lab and not pdf" -q

# nbval vuelve a ejecutar cada notebook de chapters/ y compara con las salidas guardadas,
# NBVAL_JOBS cuadernos a la vez (las celdas de un cuaderno, siempre en el mismo proceso).
NBVAL_JOBS ?= 2
NBVAL := $(PY) -m pytest --nbval chapters --nbval-current-env -n $(NBVAL_JOBS) --dist loadscope \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 300 -q -p no:cacheprovider
test-notebooks: $(STAMP)
	$(NBVAL)

# Otra máquina, simulada: núcleos genéricos de torch y OpenBLAS eligiendo su propio núcleo.
test-portable: $(STAMP)
	ATEN_CPU_CAPABILITY=default env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(NBVAL)

test-book: book

# El libro entero en PDF (LaTeX de Jupyter Book con xelatex y polyglossia en español).
# Necesita TeX Live (Debian: texlive-xetex texlive-lang-spanish texlive-latex-extra
# texlive-fonts-recommended fonts-freefont-otf latexmk; .ci/run los instala si faltan).
pdf: $(STAMP)
	rm -rf _build/latex
	$(VENV)/bin/jupyter-book build . --builder pdflatex
	mkdir -p _build/pdf
	cp _build/latex/libro.pdf _build/pdf/libro.pdf
	@echo "PDF: _build/pdf/libro.pdf"

test-pdf: $(STAMP)
	@test -f _build/pdf/libro.pdf || $(MAKE) pdf
	$(PY) -m pytest tests -m pdf -q

# axe-core (accesibilidad), fijado en package.json / package-lock.json.
NODE_STAMP := node_modules/.instalado
$(NODE_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $(NODE_STAMP)

test-browser: $(STAMP) $(NODE_STAMP)
	@test -f _build/html/index.html || $(MAKE) book
	@test -f _build/student-html/index.html || $(MAKE) student-book
	$(PY) -m pytest tests -m browser -q
	BOOK_SITE=_build/student-html $(PY) -m pytest tests -m browser -q

test-coursework: $(STAMP)
	$(PY) -m pytest tests -m coursework -q

bench: $(STAMP)
	$(PY) -m recurrent_lib.bench

serve: $(STAMP)
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Sirviendo el libro en http://127.0.0.1:8000 (Ctrl+C para terminar)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

lint: $(STAMP)
	$(VENV)/bin/ruff check recurrent_lib tests tools coursework _ext

# JupyterLab sobre chapters/ con el kernel del libro (.venv): make lab [LAB_ARGS="--port=8890"]
# (como root, p. ej. en un contenedor, añade --allow-root).
LAB_STAMP := $(VENV)/.lab-instalado
$(LAB_STAMP): $(STAMP) requirements-lab.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	touch $(LAB_STAMP)

lab: $(LAB_STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=chapters $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

test-lab: $(LAB_STAMP)
	$(PY) -m pytest tests -m lab -q

# Ejecuta un notebook de arriba abajo en un kernel nuevo y guarda sus salidas:
#   make run-notebook NB=chapters/02_rnn.ipynb
run-notebook: $(STAMP)
	$(PY) tools/run_notebook.py $(NB)

clean:
	rm -rf _build .pytest_cache .hypothesis

# --- Kit de tareas (nbgrader y nbclient en su propio entorno, .venv-grader) -----------------
#   make student                       copias para estudiantes en _build/student/<capítulo>/
#   make student-book                  sitio de la clase en _build/student-html/ (sin
#                                      soluciones ni pruebas ocultas)
#   make grade SUBMISSIONS=carpeta/    corrige carpeta/<estudiante>/<capítulo>/<capítulo>.ipynb,
#                                      JOBS entregas a la vez (por omisión, los núcleos), cada
#                                      una en su zona aislada (bubblewrap); escribe
#                                      carpeta/grades.csv (CELL_TIMEOUT=60 s por celda)
#   make nbgrader-source               _build/nbgrader/source/<capítulo>/<capítulo>.ipynb
GRADER_VENV  := .venv-grader
GRADER_PY    := $(GRADER_VENV)/bin/python
GRADER_STAMP := $(GRADER_VENV)/.instalado
CELL_TIMEOUT ?= 60
JOBS         ?= 0

$(GRADER_STAMP): requirements-grader.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Se necesita Python 3.11 o posterior"'
	$(PYTHON) -m venv $(GRADER_VENV)
	$(GRADER_PY) -m pip install --quiet --disable-pip-version-check -r requirements-grader.txt
	$(GRADER_PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(GRADER_STAMP)

student: $(GRADER_STAMP)
	$(GRADER_PY) -m coursework.student --out _build/student

# El mismo libro, leído sin soluciones ni pruebas ocultas (_ext/sitio_tareas.py), estricto.
student-book: $(STAMP)
	rm -rf _build/student-site _build/student-html
	COURSEWORK_SITE=clase $(VENV)/bin/jupyter-book build . -W -n --keep-going \
	    --path-output _build/student-site
	mv _build/student-site/_build/html _build/student-html
	rm -rf _build/student-site

grade: $(GRADER_STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "Uso: make grade SUBMISSIONS=carpeta/ [JOBS=N] [CELL_TIMEOUT=60]"; exit 2; }
	$(GRADER_PY) -m coursework.grade "$(SUBMISSIONS)" --timeout $(CELL_TIMEOUT) --jobs $(JOBS)

nbgrader-source: $(GRADER_STAMP)
	$(GRADER_PY) -m coursework.nbgrader_source --out _build/nbgrader

# Las pruebas del kit usan el entorno de nbgrader.
test-coursework: $(GRADER_STAMP)
