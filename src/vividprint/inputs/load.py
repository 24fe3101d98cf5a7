"""Stage 1, load: issue.toml, articles, images and supplied PDFs into a validated Issue.

Every problem of an issue is collected before anything is raised, so a designer sees all of them in
one run rather than one per run.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import Problem, Problems, VividError
from .articles import body_image_refs, front_language, parse_yaml, split_front_matter
from .files import World
from .layout import Layout, load_layout
from .media import image_size, pdf_pages
from .model import (
    COVER_ORDER,
    Article,
    FrontMatter,
    Image,
    ImageLimits,
    Issue,
    Manifest,
    PageSource,
    Slot,
    SlotSpec,
    SuppliedPdf,
    localized,
)
from .rules import check_covers, check_key_topic
from .validation import describe_validation_error, salvage, salvage_images

MANIFEST = "issue.toml"


def load(world: World, edition: str | None = None, fallback: bool = False) -> tuple[Issue, Layout]:
    """Read and validate an issue folder and its layout, in one edition (the main language unless
    `edition` names another). Raises VividError listing every problem.

    In another edition, each article `name.md` is read from `name.<tag>.md` or `name.<language>.md`
    beside it (`interview.de-DE.md`, `interview.de.md`); with `fallback`, a missing translation is
    replaced by the main file and reported as a warning instead of an error.
    """
    problems = Problems()
    root = world.issue_root
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        problems.add(str(root), "", f"no {MANIFEST} here; is this an issue folder?")
        problems.raise_if_any()
    try:
        raw = tomllib.loads(world.read_text(manifest_path))
    except tomllib.TOMLDecodeError as exc:
        problems.add(MANIFEST, "", f"is not valid TOML: {exc}")
        problems.raise_if_any()
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        problems.extend(describe_validation_error(MANIFEST, exc, model=Manifest))
        # The rest of the issue is still read, so that one run names the articles' mistakes too.
        manifest = salvage(raw)

    # A manifest that names no layout has been told so; its articles are still read.
    layout_root = world.layout_root(manifest.issue.layout, problems) if manifest.issue.layout else None
    layout = load_layout(world, layout_root, problems) if layout_root is not None else None

    editions = tuple(manifest.issue.editions or ())
    main_language = manifest.issue.language
    if edition is not None and edition != main_language and edition not in editions:
        known = ", ".join(editions) if editions else main_language
        problems.add(MANIFEST, "issue.editions", f"the issue has no edition {edition!r} (it has: {known})")
        problems.raise_if_any()
    language = edition or main_language
    # With editions, every edition (the main one too) prefers an article's own file for its language.
    translate = bool(editions) or language != main_language
    loader = _Loader(world, language, layout, problems, translate=translate, fallback=fallback, main=main_language)
    covers = tuple(
        slot
        for name, label in COVER_ORDER
        if (source := getattr(manifest.covers, name.replace("-", "_"))) is not None
        and (slot := loader.slot(source, f"covers.{name}", label)) is not None
    )
    flatplan = tuple(
        slot
        for i, spec in enumerate(manifest.flatplan, start=1)
        if spec is not None and (slot := loader.slot(spec, f"flatplan[{i}]", None)) is not None
    )
    check_key_topic(manifest, problems)
    check_covers(raw.get("covers"), problems)
    problems.raise_if_any()
    assert layout is not None
    fmt = manifest.format
    issue = Issue(
        root=root,
        magazine=manifest.issue.magazine,
        number=manifest.issue.number,
        date=manifest.issue.date,
        language=language,
        editions=editions,
        layout=manifest.issue.layout,
        title=localized(manifest.issue.title, language, main_language),
        trim_mm=fmt.trim,
        bleed_mm=fmt.bleed,
        binding=fmt.binding,
        first_page=fmt.first_page,
        covers=covers,
        flatplan=flatplan,
        notes=tuple(loader.notes),
    )
    return issue, layout


class _Loader:
    """Resolves the files a manifest names, caching articles used by more than one slot."""

    def __init__(
        self,
        world: World,
        language: str,
        layout: Layout | None,
        problems: Problems,
        translate: bool = False,
        fallback: bool = False,
        main: str | None = None,
    ) -> None:
        self.world = world
        self.root = world.issue_root
        self.language = language
        self.layout = layout
        self.problems = problems
        self.translate = translate
        self.fallback = fallback
        self.main = main or language
        self.notes: list[Problem] = []
        self._articles: dict[str, Article | None] = {}

    def slot(self, spec: PageSource, key: str, cover_label: str | None) -> Slot | None:
        ok = True
        template = spec.template
        if spec.article and not template:
            template = "feature"
        if template and self.layout is not None and (why := self.layout.refuses(template, cover_label)):
            self.problems.add(MANIFEST, f"{key}.template", why)
            ok = False
        article = None
        if spec.article:
            article = self.article(spec.article, f"{key}.article")
            ok = ok and article is not None
        image = None
        if spec.image:
            image = self.image(spec.image, MANIFEST, f"{key}.image", caption=None, credit=None)
            ok = ok and image is not None
        pdf = None
        pdf_pages: tuple[int, ...] = ()
        pages = spec.pages if isinstance(spec, SlotSpec) else None
        if spec.pdf:
            pdf = self.pdf(spec.pdf, f"{key}.pdf")
            if pdf is None:
                return None
            if spec.page is not None:
                if spec.page > pdf.page_count:
                    self.problems.add(
                        MANIFEST,
                        f"{key}.page",
                        f"{spec.pdf} has {pdf.page_count} page(s); there is no page {spec.page}",
                    )
                    return None
                pdf_pages = (spec.page - 1,)
            elif cover_label is not None:
                pdf_pages = (0,)
            else:
                pdf_pages = tuple(range(pdf.page_count))
            if pages is not None and pages != len(pdf_pages):
                self.problems.add(
                    MANIFEST,
                    f"{key}.pages",
                    f"{spec.pdf} supplies {len(pdf_pages)} page(s) but {pages} are allotted; change `pages` or the PDF",
                )
                ok = False
            pages = len(pdf_pages)
        if cover_label is not None:
            pages = 1
        if not ok:
            return None
        return Slot(
            key=key,
            template=template,
            article=article,
            pdf=pdf,
            pdf_pages=pdf_pages,
            image=image,
            headline=localized(spec.headline, self.language, self.main),
            pages=pages or 1,
            cover_label=cover_label,
            key_topic=isinstance(spec, SlotSpec) and spec.key_topic,
        )

    def path(self, rel: str, file: str, place: str, what: str) -> Path | None:
        """Resolve a path written in the issue; it must exist and stay inside the issue folder."""
        return self.world.issue_path(rel, file, place, what, self.problems)

    def article(self, rel: str, place: str) -> Article | None:
        if rel in self._articles:
            return self._articles[rel]
        self._articles[rel] = None
        path = self.path(rel, MANIFEST, place, "article")
        if path is None:
            return None
        if self.translate:
            path, rel = self._translation(path, rel, place)
            if path is None:
                return None
        article = self._read_article(path, rel)
        self._articles[rel] = article
        return article

    def _translation(self, path: Path, rel: str, place: str) -> tuple[Path | None, str]:
        """The edition's file for an article, or the main file when that is already in the edition's
        language (or, with --fallback, when there is no translation)."""
        primary = self.language.split("-")[0]
        for tag in dict.fromkeys((self.language, primary)):
            candidate = path.with_name(f"{path.name.removesuffix('.md')}.{tag}.md")
            if candidate.is_file():
                return candidate, candidate.relative_to(self.root).as_posix()
        if (front_language(self.world, path) or self.main) in (self.language, primary):
            return path, rel
        name = f"{Path(rel).stem}.{self.language}.md"
        if self.fallback:
            self.notes.append(
                Problem(rel, place, f"no {self.language} edition ({name}); the main language is used instead")
            )
            return path, rel
        self.problems.add(
            rel,
            f"edition {self.language}",
            f"no translation: write {name} beside it, or build with --fallback to use the main language",
        )
        return None, rel

    def _read_article(self, path: Path, rel: str) -> Article | None:
        try:
            text = self.world.read_text(path)
        except VividError as exc:
            self.problems.extend(exc.problems)
            return None
        split = split_front_matter(text)
        if split is None:
            self.problems.add(rel, "line 1", "must start with a front-matter block between two `---` lines")
            return None
        yaml_text, body = split
        try:
            data = parse_yaml(yaml_text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"line {mark.line + 2}" if mark is not None else "front matter"
            problem = getattr(exc, "problem", None) or str(exc) or "invalid YAML"
            if "mapping values are not allowed" in problem:
                # `title: Startups: the new wave`: the second colon reads as a key of its own.
                problem += '; a value holding a colon goes in quotes: title: "Startups: the new wave"'
            self.problems.add(rel, line, f"front matter is not valid YAML: {problem}")
            return None
        if not isinstance(data, dict):
            self.problems.add(rel, "front matter", "must be a set of `key: value` lines")
            return None
        try:
            front = FrontMatter.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(describe_validation_error(rel, exc, model=FrontMatter))
            # The images are still looked for: a typo in one key must not hide a missing picture.
            for i, ref in enumerate(salvage_images(data), start=1):
                self.image(ref.src, rel, f"images[{i}].src", None, None)
            return None
        images = []
        for i, ref in enumerate(front.images, start=1):
            image = self.image(
                ref.src, rel, f"images[{i}].src", ref.caption, ref.credit or front.photos, ref.role, ref.focus
            )
            if image is not None:
                images.append(image)
        body_images = self._body_images(body, rel, yaml_text.count("\n") + 3)
        if len(images) != len(front.images) or body_images is None:
            return None
        return Article(
            src=rel,
            title=front.title,
            kicker=front.kicker,
            lead=front.lead,
            author=front.author,
            photos=front.photos,
            language=front.language or self.language,
            quote=front.quote,
            images=tuple(images),
            body=body,
            body_images=body_images,
        )

    def _body_images(self, body: str, rel: str, first_line: int) -> tuple[Image, ...] | None:
        """Images written into the Markdown body (`![caption](images/x.jpg)`), resolved like front-matter
        images: inside the issue folder or refused, with the line they are on."""
        found: dict[str, Image] = {}
        ok = True
        for src, line in body_image_refs(body):
            if src in found:
                continue
            image = self.image(src, rel, f"line {first_line + line}", caption=None, credit=None, role="inline")
            if image is None:
                ok = False
            else:
                found[src] = image
        return tuple(found.values()) if ok else None

    def image(
        self,
        rel: str,
        file: str,
        place: str,
        caption: str | None,
        credit: str | None,
        role: str = "hero",
        focus: tuple[float, float] = (0.5, 0.5),
    ) -> Image | None:
        path = self.path(rel, file, place, "image")
        if path is None:
            return None
        limits = self.layout.images if self.layout is not None else ImageLimits()
        size = image_size(self.world, path, rel, file, place, self.problems, limits)
        if size is None:
            return None
        width, height = size
        return Image(
            path=path,
            src=rel,
            caption=caption,
            credit=credit,
            role=role,  # type: ignore[arg-type]
            focus=focus,
            width_px=width,
            height_px=height,
        )

    def pdf(self, rel: str, place: str) -> SuppliedPdf | None:
        path = self.path(rel, MANIFEST, place, "supplied PDF")
        if path is None:
            return None
        pages = pdf_pages(self.world, path, rel, place, self.problems)
        if pages is None:
            return None
        sizes, bleeds = pages
        return SuppliedPdf(path=path, src=rel, page_count=len(sizes), page_sizes_mm=sizes, page_bleeds_mm=bleeds)
