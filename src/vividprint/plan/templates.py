"""The layout's Jinja templates, and the plain data a slot's template is handed.

Templates are the designers' markup: every decision that needs a test is made here, or in the modules
this one calls, and reaches the template as data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..disk import machine_cache, private_folder
from ..errors import Problems, VividError
from ..inputs.layout import FlowSpec, GridSpec, Layout
from ..inputs.model import Article, Image, Issue
from ..text.display import block_as_set, drop_cap, headline, item_heading, rubric
from ..text.hyphenation import dictionary_language
from ..text.markdown import Body, render_inline
from .editorial import Contents, cover_context
from .flatplan import Placement
from .images import PreparedImage
from .placing import pictures_for_items, place_in_flow, sparse_shorts, starts_with_number
from .words import layout_words, long_date, month_year

#: A landscape picture at least this much wider than high is a panorama: the CSS sets it wider.
PANORAMA = 2.2


def template_environment(layout: Layout) -> jinja2.Environment:
    cache = machine_cache() / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layout.root / "templates"),
        # Compiling the templates costs more than rendering a slot's HTML; Jinja keeps the compiled code
        # per machine and recompiles when a template's source changes. Compiled code runs when loaded:
        # it is kept only in a folder no other user may write to.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if private_folder(cache) else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
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
    except Exception as exc:  # Python run by the template's expressions: the template's mistake, not ours
        file, line = _template_place(exc, path)
        problems.add(
            layout.rel(file),
            line,
            f"the template failed with {type(exc).__name__}: {exc} (while rendering {context['slot']['key']}); "
            "correct the expression on that line",
        )
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
        "wide": image.width_px >= PANORAMA * image.height_px,
    }


def figure_lines(width_px: int, height_px: int, columns: int, grid: GridSpec) -> int:
    """How many grid lines a picture in a column takes: its height at the column's width, to the nearest
    line (the CSS crops it around its focus to that), at least one line and at most the grid's limit,
    so that a portrait does not fill a column."""
    if width_px <= 0 or height_px <= 0:
        return 1
    natural = grid.column_pt(columns) * height_px / width_px
    return max(1, min(grid.figure_max_lines, round(natural / grid.line)))


def slot_context(
    placement: Placement,
    issue: Issue,
    layout: Layout,
    language: str,
    article: dict[str, Any] | None,
    cover_image: dict[str, Any] | None,
    contents: Contents,
) -> dict[str, Any]:
    slot = placement.slot
    return {
        "issue": {
            "magazine": issue.magazine,
            "number": issue.number,
            "date": issue.date,
            "month_year": month_year(issue.date, language),
            "long_date": long_date(issue.date, language),
            "language": issue.language,
            "title": issue.title,
            "key_topic": contents.key_topic,
            "stories": contents.stories,
            "cover_lines": contents.cover_lines,
            "regulars": contents.regulars,
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
        "cover": cover_context(slot.headline or issue.title, contents.key_topic, issue.language),
        "contents": contents.entries,
        "words": layout_words(layout.words, language),
        "settings": layout.settings,
        # The tag WeasyPrint picks its dictionary by: "de" would get the Austrian one, "en" the British.
        "lang": dictionary_language(language),
    }


def article_context(
    article: Article, body: Body, images: list[dict[str, Any]], flow: FlowSpec, grid: GridSpec | None = None
) -> dict[str, Any]:
    """The article as its page type's template takes it: the body's blocks with what goes after each
    (by `flow`, the page type's text estimates), the items of a shorts page with their pictures, and
    each picture's height in lines of `grid` should it stand in a column."""
    language = article.language
    grid = grid or GridSpec()
    images = [{**im, "lines": figure_lines(im["width_px"], im["height_px"], flow.columns, grid)} for im in images]
    hero = images[0] if images and images[0]["role"] in ("hero", "full-bleed") else None
    inline_images = [im for im in images if im["role"] == "inline"]
    page_images = [im for im in images if im["role"] != "inline" and im is not hero]
    first = flow.first
    if hero is not None and hero["role"] == "full-bleed" and flow.first_full_bleed is not None:
        first = flow.first_full_bleed  # the opening picture has the first page to itself
    after = place_in_flow(
        body.blocks,
        [im["landscape"] for im in inline_images],
        article.quote or False,
        len(page_images),
        first=first,
        page=flow.page,
        line=flow.line,
    )
    blocks = [
        {
            "html": block_as_set(block),
            "drop": drop_cap(block, flow.leadin),
            "figures": [inline_images[f] for f in a.figures],
            "quote": a.quote,
            "pictures": [page_images[p] for p in a.pictures],
        }
        for block, a in zip(body.blocks, after, strict=True)
    ]
    titles = [item.title for item in body.items]
    pictures = pictures_for_items(titles, [im["caption"] for im in images])
    items = [
        {
            "title": Markup(item.title),
            "heading": item_heading(item.title),
            "number": starts_with_number(item.title),
            "html": Markup(item.html),
            "images": [images[p] for p in pictures.get(i, ())],
        }
        for i, item in enumerate(body.items)
    ]
    title = inline(article.title, language)
    return {
        "src": article.src,
        "title": title,
        "headline": headline(title),
        "rubric": rubric(article.kicker, title),
        "kicker": article.kicker,
        "lead": inline(article.lead, language),
        "author": article.author,
        "photos": article.photos,
        "quote": inline(article.quote, language),
        "language": language,
        "body": Markup(body.html),
        "columns": flow.columns,
        "blocks": blocks,
        "items": items,
        "sparse": sparse_shorts(body.html, len(images), titles),
        "images": images,
        "hero": hero,
        "inline_images": inline_images,
        "page_images": page_images,
    }


def _template_place(exc: BaseException, path: Path) -> tuple[Path, str]:
    """The template file and line where `exc` was raised (an included one, perhaps), else `path`."""
    tb, found = exc.__traceback__, (path, "")
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (Path(name), f"line {tb.tb_lineno}")
        tb = tb.tb_next
    return found


def _template_line(exc: BaseException) -> str:
    tb = exc.__traceback__
    line = ""
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = f"line {tb.tb_lineno}"
        tb = tb.tb_next
    return line
