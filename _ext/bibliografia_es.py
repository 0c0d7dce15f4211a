"""Bibliografía y citas en español para sphinxcontrib-bibtex.

El estilo ``plain`` de pybtex une los autores con «and» y presenta las actas con «In»; las
citas autor–año escriben «Williams and Zipser, 1989». Aquí se registran dos estilos:

- ``es`` (``bibtex_default_style``): la lista de referencias, con «y» y «En»;
- ``author_year_es`` (``bibtex_reference_style``): las citas en el texto, con «y».
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import pages
from pybtex.style.template import names, optional, optional_field, sentence, words
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


class SpanishStyle(PlainStyle):
    """``plain`` con las conjunciones y preposiciones en español."""

    def format_names(self, role, as_sentence=True):
        formatted_names = names(role, sep=", ", sep2=" y ", last_sep=" y ")
        return sentence[formatted_names] if as_sentence else formatted_names

    def get_inproceedings_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            words[
                "En",
                sentence[
                    optional[self.format_editor(e, as_sentence=False)],
                    self.format_btitle(e, "booktitle", as_sentence=False),
                    self.format_volume_and_series(e, as_sentence=False),
                    optional[pages],
                ],
                self.format_address_organization_publisher_date(e),
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def spanish_person_style() -> PersonStyle:
    """Autores de una cita: «Williams y Zipser», «Cho et al.»."""
    return PersonStyle(sep2=" y ", last_sep=" y ")


@dataclass
class SpanishAuthorYearStyle(AuthorYearReferenceStyle):
    """Citas autor–año con los autores unidos por «y»."""

    person: PersonStyle = field(default_factory=spanish_person_style)


def setup(app):
    register_plugin("pybtex.style.formatting", "es", SpanishStyle)
    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_es",
                           SpanishAuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
