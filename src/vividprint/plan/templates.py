"""The layout's Jinja templates, and the plain data a slot's template is handed.

Templates are the designers' markup: every decision that needs a test is made here, or in the modules
this one calls, and reaches the template as data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..disk import machine_cache
from ..errors import Problems, VividError
from ..inputs.layout import Layout
from ..inputs.model import Article, Image, Issue
from ..text.hyphenation import dictionary_language
from ..text.markdown import Body, render_inline, spread
from .flatplan import Placement
from .images import PreparedImage


def template_environment(layout: Layout) -> jinja2.Environment:
    cache = machine_cache() / "templates"
    cache.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layout.root / "templates"),
        # Compiling the templates costs more than rendering a slot's HTML; Jinja keeps the compiled code
        # per machine and recompiles when a template's source changes.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["spread"] = spread
    return env


def render_template(
    env: jinja2.Environment, layout: Layout, template: str, context: dict[str, Any], problems: Problems
) -> str | None:
    """The slot's HTML; a mistake in a template is the designer's, named with file and line."""
    path = layout.templates[template]
    try:
        return env.get_template(path.name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise VividError.one(
            layout.rel(Path(exc.filename or path)), f"line {exc.lineno}", f"template error: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        problems.add(layout.rel(path), _template_line(exc), f"{exc} (while rendering {context['slot']['key']})")
        return None


def inline(text: str | None, language: str) -> Markup | None:
    return Markup(render_inline(text, language)) if text else None


def image_context(image: Image, prepared: PreparedImage, language: str) -> dict[str, Any]:
    x, y = image.focus
    return {
        "src": image.src,
        "url": prepared.url,
        "caption": inline(image.caption, language),
        "credit": image.credit,
        "role": image.role,
        "position": f"{x * 100:.0f}% {y * 100:.0f}%",
        "width_px": image.width_px,
        "height_px": image.height_px,
        "landscape": image.width_px >= image.height_px,
    }


def contents_entries(placements: list[Placement]) -> list[dict[str, Any]]:
    """Every article slot inside the issue, for the contents page and the cover."""
    return [
        {
            "page": p.first_folio,
            "title": inline(p.slot.article.title, p.slot.article.language),
            "kicker": p.slot.article.kicker,
            "lead": inline(p.slot.article.lead, p.slot.article.language),
            "author": p.slot.article.author,
            "template": p.slot.template,
        }
        for p in placements
        if p.slot.article is not None and p.first_folio is not None
    ]


def slot_context(
    placement: Placement,
    issue: Issue,
    layout: Layout,
    language: str,
    article: dict[str, Any] | None,
    cover_image: dict[str, Any] | None,
    contents: list[dict[str, Any]],
) -> dict[str, Any]:
    slot = placement.slot
    return {
        "issue": {
            "magazine": issue.magazine,
            "number": issue.number,
            "date": issue.date,
            "language": issue.language,
            "title": issue.title,
        },
        "slot": {
            "key": slot.key,
            "template": slot.template,
            "first_page": placement.first_folio,
            "pages": slot.pages,
            "side": placement.side,
            "label": slot.cover_label,
        },
        "article": article,
        "image": cover_image,
        "headline": inline(slot.headline, issue.language),
        "contents": contents,
        "settings": layout.settings,
        # The tag WeasyPrint picks its dictionary by: "de" would get the Austrian one, "en" the British.
        "lang": dictionary_language(language),
    }


def article_context(article: Article, body: Body, images: list[dict[str, Any]]) -> dict[str, Any]:
    language = article.language
    hero = images[0] if images and images[0]["role"] in ("hero", "full-bleed") else None
    return {
        "src": article.src,
        "title": inline(article.title, language),
        "kicker": article.kicker,
        "lead": inline(article.lead, language),
        "author": article.author,
        "photos": article.photos,
        "quote": inline(article.quote, language),
        "language": language,
        "body": Markup(body.html),
        "blocks": [Markup(b) for b in body.blocks],
        "items": [{"title": Markup(i.title), "html": Markup(i.html)} for i in body.items],
        "images": images,
        "hero": hero,
        "inline_images": [im for im in images if im["role"] == "inline"],
        "page_images": [im for im in images if im["role"] != "inline" and im is not hero],
    }


def _template_line(exc: BaseException) -> str:
    tb = exc.__traceback__
    line = ""
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = f"line {tb.tb_lineno}"
        tb = tb.tb_next
    return line
