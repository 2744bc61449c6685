"""The HTML pages (`slax report`, `slax diff -f html`) are Jinja2 templates in ``app/templates/``.

Autoescaping is on for every template, so a letter's text, a file name or a playbook description can never
become markup; the Python side only prepares plain data. Every visible word comes from the message catalogue
(``app/locale/``): each template gets ``t`` and ``label`` bound to the page's language.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from extractor.app import i18n
from extractor.document.read_html import GENERATOR  # `slax extract` on a folder skips the pages slax wrote

TEMPLATES = Path(__file__).resolve().with_name("templates")
# The value of <html lang>: the page's own words are in this language (a letter's text is marked zh-CN).
HTML_LANG = {"en": "en", "zh": "zh-CN"}


def _shown(value: Any) -> Any:
    # None prints as nothing, like an absent value, never as the word "None".
    return "" if value is None else value


@functools.cache
def environment() -> Environment:
    # trim_blocks/lstrip_blocks: block tags on their own lines leave no whitespace in the page, which matters
    # inside <div class="text"> (white-space: pre-wrap shows every character).
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                       undefined=StrictUndefined, finalize=_shown, keep_trailing_newline=True)


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **fields)`` in ``lang``: the catalogue's message, fields filled in."""
    if lang not in i18n.LANGS:
        raise ValueError(f"unknown language {lang!r} (use one of: {', '.join(i18n.LANGS)})")
    return lambda key, **fields: i18n.t(key, lang, **fields)


def _globals(lang: str) -> dict[str, Any]:
    t = translator(lang)

    def label(area: str, value: Optional[str]) -> Optional[str]:
        return i18n.label(area, value, lang)

    return {"t": t, "label": label, "lang": lang, "html_lang": HTML_LANG[lang], "generator": Markup(GENERATOR)}


def render(name: str, lang: str, **context: Any) -> str:
    """The template ``name`` rendered in ``lang`` with ``context``."""
    return environment().get_template(name).render(**_globals(lang), **context)


def macro(template: str, name: str, lang: str = "en") -> Callable[..., str]:
    """One macro of a template, callable from Python (the tests render a highlighted text on its own)."""
    return getattr(environment().get_template(template).make_module(_globals(lang)), name)
