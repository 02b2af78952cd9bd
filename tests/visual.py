"""Pictures of real builds: the example newsletter on each popular theme, in Chromium.

Builds the example issues (the documentation's ``docs/issues``) once per theme,
opens pages in headless Chromium at desktop and phone widths, light and dark, and
saves screenshots; does the same with the HTML part of the example issue's email;
renders pages of the PDF with pdftoppm. Each page also reports
how the browser laid it out (``data/visual/measure.js``): the components' boxes,
the page's width against the viewport, and the contrast of every line the
extension styles. ``tests/test_visual.py`` checks those figures; run as a script,
it writes the gallery of the documentation::

    python -m tests.visual docs/images/gallery
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from PIL import Image

from sphinxcontrib_bpfnews.site.navigation import FURO_SIDEBARS

from .commands import sphinx_build
from .pdf_tools import pdf_text, undefined_references

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).parent.parent
ISSUES = ROOT / "docs" / "issues"
MEASURE_JS = Path(__file__).parent / "data" / "visual" / "measure.js"
#: Chromium's windows are at least 500 pixels wide, so narrower views show the page
#: in a frame of the view's size, inside this page (served with the site).
FRAME_PAGE = "_bpfnews_frame.html"
FRAME_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>frame</title></head>
<body style="margin:0">
<script>
const params = new URLSearchParams(location.search);
const frame = document.createElement("iframe");
frame.style.cssText = `border:0;display:block;width:${params.get("width")}px;` +
  `height:${params.get("height")}px`;
frame.addEventListener("load", () => {
  const copy = () => {
    const figures = frame.contentDocument.documentElement.dataset.bpfnewsMeasure;
    if (figures) document.documentElement.dataset.bpfnewsMeasure = figures;
    else setTimeout(copy, 50);
  };
  copy();
});
frame.src = params.get("page");
document.body.appendChild(frame);
</script>
</body></html>
"""
#: The narrowest window Chromium opens.
MIN_WINDOW = 500

#: Each theme with the sidebar that shows the recent-issues block, where the theme
#: has one (sphinx-rtd-theme does not take ``html_sidebars``).
THEMES: dict[str, list[str] | None] = {
    "alabaster": ["about.html", "navigation.html", "bpfnews/recent.html", "searchbox.html"],
    "furo": FURO_SIDEBARS,
    "sphinx_rtd_theme": None,
    "pydata_sphinx_theme": ["sidebar-nav-bs.html", "bpfnews/recent.html"],
    "sphinx_book_theme": [
        "navbar-logo.html",
        "search-button-field.html",
        "sbt-sidebar-nav.html",
        "bpfnews/recent.html",
    ],
}
#: Themes with a dark scheme that follows the reader's preference.
DARK_THEMES = frozenset({"furo", "pydata_sphinx_theme", "sphinx_book_theme"})
#: The pages shown: an issue with every component, the archive, an index.
PAGES = ("issues/bpf-updates-11.html", "archive.html", "archive/authors.html")


@dataclass(frozen=True)
class View:
    """A browser window: its width and height in CSS pixels and colour scheme."""

    name: str
    width: int
    height: int
    dark: bool


VIEWS = (
    View("desktop-light", 1280, 1600, dark=False),
    View("desktop-dark", 1280, 1600, dark=True),
    View("phone-light", 360, 1400, dark=False),
    View("phone-dark", 360, 1400, dark=True),
)


def write_project(srcdir: Path, theme: str) -> Path:
    """The example newsletter as a project on ``theme``; its source folder."""
    (srcdir / "issues").mkdir(parents=True, exist_ok=True)
    (srcdir / "_static").mkdir(exist_ok=True)
    for issue in ISSUES.glob("*.md"):
        shutil.copy(issue, srcdir / "issues" / issue.name)
    shutil.copy(MEASURE_JS, srcdir / "_static" / MEASURE_JS.name)
    conf = [
        'project = "BPF Updates"',
        'extensions = ["myst_parser", "sphinxcontrib_bpfnews"]',
        'myst_enable_extensions = ["colon_fence"]',
        f'html_theme = "{theme}"',
        'html_static_path = ["_static"]',
        f'html_js_files = ["{MEASURE_JS.name}"]',
        'html_baseurl = "https://bpf-updates.example.org/"',
        # The 2017 issues link the list archives of their day, not lore (docs/conf.py).
        'suppress_warnings = ["bpfnews.link"]',
    ]
    if THEMES[theme] is not None:
        conf.append(f"html_sidebars = {{'**': {THEMES[theme]!r}}}")
    (srcdir / "conf.py").write_text("\n".join(conf) + "\n", encoding="utf-8")
    (srcdir / "index.md").write_text(
        "# BPF Updates\n\nA weekly newsletter on BPF and XDP development.\n\n"
        "```{toctree}\n:glob:\n:reversed:\n\nissues/*\n```\n",
        encoding="utf-8",
    )
    return srcdir


def build_site(srcdir: Path, builder: str = "html") -> Path:
    """Build with ``sphinx-build`` in its own process; the output folder."""
    outdir = srcdir / "_build" / builder
    done = sphinx_build("-q", "-b", builder, srcdir, outdir)
    if done.returncode != 0 or done.stderr.strip():
        raise RuntimeError(f"sphinx-build -b {builder} {srcdir} failed:\n{done.stderr}")
    return outdir


#: What the email build needs besides the site's address.
EMAIL_CONF = 'bpfnews_email_from = "BPF Updates <editors@bpf-updates.example.org>"\n'
#: The example issue's HTML part in the email build's output.
EMAIL_PAGE = "issues/bpf-updates-11.html"
#: The email's pictures: a desktop window wider than the message, and a phone's.
EMAIL_VIEWS = (
    View("desktop-light", 800, 1000, dark=False),
    View("desktop-dark", 800, 1000, dark=True),
    View("phone-light", 375, 800, dark=False),
    View("phone-dark", 375, 800, dark=True),
)
#: Added to copies of the HTML part that are measured (the part itself has no
#: script): how wide the document is against the window, what colours the body has,
#: and how many headings, list items and links it has.
EMAIL_MEASURE = """<script>
addEventListener("load", () => {
  const root = document.documentElement;
  let widest = 0;
  for (const element of document.body.querySelectorAll("*")) {
    widest = Math.max(widest, element.getBoundingClientRect().right);
  }
  const body = getComputedStyle(document.body);
  root.dataset.bpfnewsMeasure = JSON.stringify({
    viewport: window.innerWidth,
    scrollWidth: root.scrollWidth,
    widest: widest,
    background: body.backgroundColor,
    color: body.color,
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    headings: document.querySelectorAll("h1, h2, h3").length,
    items: document.querySelectorAll("li").length,
    links: document.querySelectorAll("a[href]").length,
    text: document.body.innerText.length,
  });
});
</script>
"""
#: The measured copies: as built, and with every style removed.
EMAIL_MEASURED = "issues/bpf-updates-11.measured.html"
EMAIL_UNSTYLED = "issues/bpf-updates-11.unstyled.html"


def build_email(srcdir: Path) -> Path:
    """The example issues as email (``-b bpfnews-email``); the output folder, with
    measured copies of the example issue's HTML part beside it: as built and with
    its CSS removed (every ``style`` attribute and block), as a client that shows
    no style at all reads it."""
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(EMAIL_CONF)
    outdir = build_site(srcdir, "bpfnews-email")
    part = (outdir / EMAIL_PAGE).read_text(encoding="utf-8")
    (outdir / EMAIL_MEASURED).write_text(
        part.replace("</body>", EMAIL_MEASURE + "</body>"), encoding="utf-8"
    )
    unstyled = re.sub(r"<style>.*?</style>", "", part, flags=re.DOTALL)
    unstyled = re.sub(r'\sstyle="[^"]*"', "", unstyled)
    (outdir / EMAIL_UNSTYLED).write_text(
        unstyled.replace("</body>", EMAIL_MEASURE + "</body>"), encoding="utf-8"
    )
    return outdir


def build_pdf(srcdir: Path) -> Path:
    """Build the PDF (``sphinx-build -M latexpdf``, xelatex with the CJK font)."""
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            'latex_engine = "xelatex"\n'
            "latex_use_xindy = False\n"
            "latex_elements = {'preamble': r'\\usepackage{xeCJK}"
            "\\setCJKmainfont{Noto Serif CJK JP}'}\n"
        )
    builddir = srcdir / "_build"
    done = sphinx_build("-M", "latexpdf", srcdir, builddir, "-q")
    pdfs = list((builddir / "latex").glob("*.pdf"))
    if done.returncode != 0 or not pdfs:
        raise RuntimeError(
            f"sphinx-build -M latexpdf {srcdir} failed:\n{done.stdout[-3000:]}{done.stderr}"
        )
    for pdf in pdfs:
        if undefined := undefined_references(pdf.with_suffix(".log")):
            raise RuntimeError(f"{pdf} has links that lead nowhere: {', '.join(undefined)}")
    # The project's own PDF: the one that is no edition (see site/pdf_editions.py).
    manifest = builddir / "latex" / ".bpfnews-editions.json"
    editions = set(json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else [])
    (own,) = [pdf for pdf in pdfs if pdf.stem not in editions]
    return own


#: Added to a page's address to serve it with scripts forbidden (a Content Security
#: Policy the browser enforces), as for a reader who turned JavaScript off.
NO_SCRIPTS = "?scripts=off"


class _QuietHandler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        if self.path.endswith(NO_SCRIPTS):
            self.send_header("Content-Security-Policy", "script-src 'none'")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(root: Path) -> Iterator[str]:
    """The built site over HTTP on a free local port (pages and frames share an
    origin, which ``file://`` pages do not); its address."""
    (root / FRAME_PAGE).write_text(FRAME_HTML, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_binary() -> str | None:
    """Debian's ``chromium`` (or another Chromium on PATH)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def _address(base: str, page: str, view: View) -> str:
    if view.width >= MIN_WINDOW:
        return base + page
    query = urlencode({"page": page, "width": view.width, "height": view.height})
    return f"{base}{FRAME_PAGE}?{query}"


def _chromium(url: str, view: View, *extra: str) -> str:
    binary = chromium_binary()
    if binary is None:
        raise RuntimeError("Chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="bpfnews-chromium-") as profile:
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--window-size={max(view.width, MIN_WINDOW)},{view.height}",
            # The preference pages' `prefers-color-scheme` media queries see.
            f"--blink-settings=preferredColorScheme={0 if view.dark else 1}",
            *extra,
            url,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


class _MeasureReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html" and self.found is None:
            self.found = dict(attrs).get("data-bpfnews-measure")


def measure(base: str, page: str, view: View) -> dict[str, Any]:
    """How Chromium lays out ``page`` of the site served at ``base`` in ``view``
    (see ``measure.js``)."""
    dom = _chromium(_address(base, page, view), view, "--dump-dom", "--virtual-time-budget=5000")
    reader = _MeasureReader()
    reader.feed(dom)
    if not reader.found:
        raise RuntimeError(f"{page} ({view.name}): the page reported no measurements")
    figures: dict[str, Any] = json.loads(reader.found)
    return figures


def screenshot(base: str, page: str, view: View, target: Path) -> Path:
    """A PNG of the top of ``page`` in ``view``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    url = _address(base, page, view)
    _chromium(url, view, f"--screenshot={target}", "--virtual-time-budget=5000")
    if not target.exists():
        raise RuntimeError(f"Chromium wrote no screenshot of {page}")
    if view.width < MIN_WINDOW:
        with Image.open(target) as image:
            framed = image.crop((0, 0, view.width, view.height))
        framed.save(target)
    return target


def print_to_pdf(base: str, page: str, target: Path, *, scripts: bool = False) -> Path:
    """``page`` as Chromium prints it (its print stylesheet, A4 or Letter by the
    locale, no header or footer), by default with JavaScript off: what a reader
    gets on paper, and proof that nothing needs a script to be read."""
    target.parent.mkdir(parents=True, exist_ok=True)
    url = base + page + ("" if scripts else NO_SCRIPTS)
    _chromium(url, VIEWS[0], f"--print-to-pdf={target}", "--no-pdf-header-footer")
    if not target.exists():
        raise RuntimeError(f"Chromium printed no PDF of {page}")
    return target


def pdf_pages(pdf: Path, first: int, last: int, prefix: Path, resolution: int = 80) -> list[Path]:
    """PNGs of the PDF's pages ``first`` to ``last`` (pdftoppm)."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), "-f", str(first), "-l", str(last), pdf, prefix],
        check=True,
    )
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


#: What the documentation's gallery shows: each theme in each view, at most this
#: wide and tall (desktop views are halved), and the first pages of the PDF.
GALLERY_SIZE = (640, 800)


def _shrink(picture: Path) -> None:
    with Image.open(picture) as image:
        if image.width > GALLERY_SIZE[0]:
            image = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
        image = image.crop((0, 0, image.width, min(image.height, GALLERY_SIZE[1])))
        # A palette of 128 colours keeps text crisp at a third of the size.
        image.convert("RGB").quantize(colors=128).save(picture, optimize=True)


def series_screenshot(base: str, page: str, view: View, target: Path) -> Path:
    """A picture of ``view``'s size starting just above the page's first series with
    child patches (screenshots show a page's top, and series come late)."""
    boxes = measure(base, page, view)["boxes"][".bpfnews-series"]
    top = int(next(box["top"] for box in boxes if box["patches"] >= 2)) - 16
    tall = View(view.name, view.width, top + view.height, view.dark)
    screenshot(base, page, tall, target)
    with Image.open(target) as image:
        framed = image.crop((0, top, view.width, top + view.height))
    framed.save(target)
    return target


#: The theme whose printout the gallery shows.
PRINTED_THEME = "furo"


def _printed_page(base: str, work: Path, output: Path) -> Path:
    """The page of the browser's printout (scripts off) where the series begin."""
    printed = print_to_pdf(base, PAGES[0], work / "printed.pdf")
    text = pdf_text(printed, raw=True)
    number = next(i for i, page in enumerate(text.split("\f"), 1) if "Fixes for XDP/BPF" in page)
    picture = pdf_pages(printed, number, number, output / "printed", resolution=70)[0]
    return picture.rename(output / "printed.png")


def write_email_pictures(output: Path, work: Path) -> list[Path]:
    """Pictures of the example issue's email (its HTML part) in each of
    :data:`EMAIL_VIEWS`, into ``output``; ``work`` is a scratch folder."""
    pictures = []
    email = build_email(write_project(work / "email", "alabaster"))
    with served(email) as base:
        for view in EMAIL_VIEWS:
            picture = screenshot(base, EMAIL_PAGE, view, output / f"email-{view.name}.png")
            _shrink(picture)
            pictures.append(picture)
    return pictures


#: The PDF editions of the example newsletter the gallery shows: the example
#: issue's own PDF and the year's.
EDITIONS_CONF = 'bpfnews_pdf_editions = ["issue", "year"]\n'
EDITION_ISSUE = "bpf-updates-11.pdf"
EDITION_YEAR = "bpf-updates-2017.pdf"


def write_edition_pictures(output: Path, work: Path) -> list[Path]:
    """Pictures of the PDF editions, made from a real build: the first page of the
    example issue's PDF (its title block), and the cover and contents of the year's."""
    srcdir = write_project(work / "editions", "alabaster")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(EDITIONS_CONF)
    build_pdf(srcdir)
    latex = srcdir / "_build" / "latex"
    issue, year = latex / EDITION_ISSUE, latex / EDITION_YEAR
    if "Issue 11" not in pdf_text(issue).split("\f")[0]:
        raise RuntimeError(f"{issue} does not open with the example issue's title block")
    year_pages = pdf_text(year).split("\f")
    contents = next(i for i, page in enumerate(year_pages, 1) if "CONTENTS" in page.upper())
    pictures = []
    for pdf, number, name in (
        (issue, 1, "pdf-edition-issue"),
        (year, 1, "pdf-edition-year-cover"),
        (year, contents, "pdf-edition-year-contents"),
    ):
        picture = pdf_pages(pdf, number, number, output / name, resolution=70)[0]
        pictures.append(picture.rename(output / f"{name}.png"))
    return pictures


def write_gallery(output: Path, themes: list[str]) -> list[Path]:
    """Pictures of the example issue on ``themes``, as an email and in the PDF, into
    ``output``."""
    pictures = []
    with tempfile.TemporaryDirectory(prefix="bpfnews-gallery-") as work:
        for theme in themes:
            html = build_site(write_project(Path(work) / theme, theme))
            with served(html) as base:
                for view in VIEWS:
                    if view.dark and theme not in DARK_THEMES:
                        continue  # the same picture as the light one
                    picture = screenshot(base, PAGES[0], view, output / f"{theme}-{view.name}.png")
                    _shrink(picture)
                    pictures.append(picture)
                for view in (VIEWS[0], VIEWS[3] if theme in DARK_THEMES else VIEWS[2]):
                    name = f"{theme}-series-{view.name}.png"
                    picture = series_screenshot(base, PAGES[0], view, output / name)
                    _shrink(picture)
                    pictures.append(picture)
                if theme == PRINTED_THEME:
                    pictures.append(_printed_page(base, Path(work), output))
        pictures += write_email_pictures(output, Path(work))
        pictures += write_edition_pictures(output, Path(work))
        pdf = build_pdf(write_project(Path(work) / "pdf", "alabaster"))
        text = pdf_text(pdf)
        # The pages where the example issue's highlights and first series are.
        pages = text.split("\f")
        first = next(i for i, page in enumerate(pages, 1) if "Highlights" in page)
        series = next(i for i, page in enumerate(pages, 1) if "Fixes for XDP/BPF" in page)
        for number, name in ((first, "pdf-highlights"), (series, "pdf-series")):
            picture = pdf_pages(pdf, number, number, output / name, resolution=70)[0]
            pictures.append(picture.rename(output / f"{name}.png"))
    return pictures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="folder for the pictures")
    parser.add_argument("--themes", nargs="+", default=list(THEMES), choices=list(THEMES))
    parser.add_argument("--email-only", action="store_true", help="only the pictures of the email")
    parser.add_argument(
        "--editions-only", action="store_true", help="only the pictures of the PDF editions"
    )
    args = parser.parse_args()
    if args.email_only:
        with tempfile.TemporaryDirectory(prefix="bpfnews-gallery-") as work:
            pictures = write_email_pictures(args.output, Path(work))
    elif args.editions_only:
        with tempfile.TemporaryDirectory(prefix="bpfnews-gallery-") as work:
            pictures = write_edition_pictures(args.output, Path(work))
    else:
        pictures = write_gallery(args.output, args.themes)
    for picture in pictures:
        print(picture)


if __name__ == "__main__":
    main()
