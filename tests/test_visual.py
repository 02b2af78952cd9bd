"""The components as readers see them: real builds on each theme, in headless Chromium.

Run by the ``visual`` tox environment (it installs the themes); the other
environments leave this file out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image, ImageStat

from .conftest import IN_CI
from .pdf_tools import html_facts, normalized, pdf_text
from .visual import (
    DARK_THEMES,
    EMAIL_MEASURED,
    EMAIL_UNSTYLED,
    EMAIL_VIEWS,
    NO_SCRIPTS,
    PAGES,
    THEMES,
    VIEWS,
    View,
    build_email,
    build_pdf,
    build_site,
    chromium_binary,
    measure,
    pdf_pages,
    print_to_pdf,
    screenshot,
    served,
    write_project,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: WCAG 2 AA for normal text: the components' text is small (badges, meta lines).
AA_CONTRAST = 4.5
COMPONENTS = (".bpfnews-highlight", ".bpfnews-talk", ".bpfnews-series", ".bpfnews-issue-header")


@pytest.fixture(scope="module")
def chromium() -> None:
    if chromium_binary() is None:
        reason = "needs Chromium: apt-get install chromium"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


@dataclass(frozen=True)
class Site:
    theme: str
    base: str
    root: Path


@pytest.fixture(scope="module", params=list(THEMES))
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The example newsletter built on one theme, served over HTTP."""
    theme = request.param
    html = build_site(write_project(tmp_path_factory.mktemp(theme), theme))
    with served(html) as base:
        yield Site(theme, base, html)


def _views() -> Iterator[Any]:
    for view in VIEWS:
        yield pytest.param(view, id=view.name)


@pytest.mark.parametrize("view", list(_views()))
def test_issue_page_lays_out(chromium: None, site: Site, view: View) -> None:
    figures = measure(site.base, PAGES[0], view)
    assert figures["dark"] is view.dark
    if view.dark and site.theme in DARK_THEMES:
        assert sum(figures["background"]) / 3 < 80, "the theme's dark scheme is not on"
    width = figures["viewport"]
    assert width == view.width
    assert figures["overflowing"] == [], "components stick out past the window's edge"
    for selector in COMPONENTS:
        boxes = figures["boxes"][selector]
        assert boxes, f"no {selector} on the page"
        for box in boxes:
            assert box["width"] >= min(250, 0.6 * width), (selector, box)
            assert box["height"] >= 16, (selector, box)
            assert box["left"] >= 0 and box["right"] <= width, (selector, box)
    assert any(box["patches"] >= 2 for box in figures["boxes"][".bpfnews-series"])
    for badge in figures["boxes"][".bpfnews-badge"]:
        # A badge is a short label on one line, whatever the width.
        assert 8 <= badge["width"] <= 260 and 10 <= badge["height"] <= 32, badge
    assert figures["texts"], "no component text measured"
    worst = min(figures["texts"], key=lambda text: text["contrast"])
    assert worst["contrast"] >= AA_CONTRAST, worst


@pytest.mark.parametrize("page", PAGES[1:])
def test_site_pages_fit_a_phone(chromium: None, site: Site, page: str) -> None:
    for view in VIEWS[2:]:
        figures = measure(site.base, page, view)
        assert figures["overflowing"] == [], (page, view.name)
        boxes = [box for boxes in figures["boxes"].values() for box in boxes]
        assert boxes, f"{page}: no component on the page"
        assert all(box["right"] <= figures["viewport"] for box in boxes), page
        worst = min(figures["texts"], key=lambda text: text["contrast"], default=None)
        assert worst is None or worst["contrast"] >= AA_CONTRAST, (page, view.name, worst)


def test_screenshots_show_the_page(chromium: None, site: Site, tmp_path: Path) -> None:
    brightness = {}
    for view in VIEWS:
        picture = screenshot(site.base, PAGES[0], view, tmp_path / f"{view.name}.png")
        with Image.open(picture) as image:
            assert image.size == (view.width, view.height)
            colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
            assert colours is None or len(colours) > 50, "the page looks blank"
            brightness[view.name] = ImageStat.Stat(image.convert("L")).mean[0]
    assert brightness["desktop-light"] > 150
    if site.theme in DARK_THEMES:
        assert brightness["desktop-dark"] < 100
        assert brightness["phone-dark"] < 100


def test_issue_prints_whole_without_javascript(chromium: None, site: Site, tmp_path: Path) -> None:
    """Printed from the browser with scripts off, the issue keeps every label, name
    and title of its components, and the address of every link (paper cannot follow
    them), as the PDF does."""
    with pytest.raises(RuntimeError, match="no measurements"):
        # Scripts are really off: the measuring script does not run.
        measure(site.base, PAGES[0] + NO_SCRIPTS, VIEWS[0])
    printed = print_to_pdf(site.base, PAGES[0], tmp_path / "issue.pdf")
    # In any case: the stylesheet sets some labels in capitals.
    text = normalized(pdf_text(printed, raw=True)).casefold()
    facts = html_facts(site.root / PAGES[0])
    assert len(facts) > 400
    assert [fact for fact in facts if normalized(fact).casefold() not in text] == []


def test_pdf_pages_render(tex: None, tmp_path: Path) -> None:
    pdf = build_pdf(write_project(tmp_path / "pdf", "alabaster"))
    pictures = pdf_pages(pdf, 1, 40, tmp_path / "png" / "page")
    assert len(pictures) >= 4
    shown = []
    for picture in pictures:
        with Image.open(picture) as image:
            colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
            shown.append(colours is None or len(colours) > 20)
    # A manual's title page is followed by a blank verso; the issues are not blank.
    assert sum(shown) >= len(pictures) - 2, shown


@pytest.fixture(scope="module")
def email_part(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example issue's email built, its HTML part served (with the measured copies
    :func:`.visual.build_email` makes)."""
    email = build_email(write_project(tmp_path_factory.mktemp("email"), "alabaster"))
    with served(email) as base:
        yield base


def _rgb(css: str) -> list[float]:
    return [float(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]


@pytest.mark.parametrize("page", [EMAIL_MEASURED, EMAIL_UNSTYLED], ids=["styled", "unstyled"])
@pytest.mark.parametrize("width", [375, 600])
def test_the_email_fits_the_window(chromium: None, email_part: str, page: str, width: int) -> None:
    """At a phone's width and a mail client's reading pane, with its styles and with
    none: nothing is wider than the window, and headings, lists and links remain."""
    figures = measure(email_part, page, View(f"{width}", width, 900, dark=False))
    assert figures["viewport"] == width
    assert figures["scrollWidth"] <= width
    assert figures["widest"] <= width
    assert figures["headings"] >= 4 and figures["items"] >= 20 and figures["links"] >= 60
    assert figures["text"] > 5000


@pytest.mark.parametrize("view", EMAIL_VIEWS, ids=[view.name for view in EMAIL_VIEWS])
def test_the_email_follows_the_readers_colour_scheme(
    chromium: None, email_part: str, view: View
) -> None:
    figures = measure(email_part, EMAIL_MEASURED, view)
    assert figures["dark"] is view.dark
    background, colour = sum(_rgb(figures["background"])) / 3, sum(_rgb(figures["color"])) / 3
    if view.dark:
        assert background < 60 and colour > 180
    else:
        assert background > 200 and colour < 80
    # Never wider than the message's 640 pixels plus its margins.
    assert figures["widest"] <= min(view.width, 800)
