"""The extension's words in the project's language: catalogs, plurals and dates.

The ``.po`` sources and the compiled ``.mo`` files are both committed (flit_core,
the build backend, runs no build step): these tests keep the template in step with
:mod:`sphinxcontrib_bpfnews.extension.labels`, every language complete, and every ``.mo``
the compiled form of its ``.po``. Then sites are built in each language.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import feedparser
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import sphinxcontrib_bpfnews
from sphinxcontrib_bpfnews.extension import labels

from .conftest import BASE_CONF, warnings_of
from .test_site import SITE_CONF, issue, page, site_files, texts

if TYPE_CHECKING:
    from collections.abc import Callable

    from babel.messages.catalog import Catalog
    from sphinx.testing.util import SphinxTestApp

LANGUAGES = ("de", "fr", "ja", "zh_CN")
#: Where the catalogs are: the package's locale folder.
LOCALE_DIR = Path(sphinxcontrib_bpfnews.__file__).parent / "locale"
TEMPLATE = LOCALE_DIR / f"{labels.MESSAGE_CATALOG}.pot"


def _catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_mo(file) if path.suffix == ".mo" else read_po(file, locale=language)


def _source(language: str, suffix: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{labels.MESSAGE_CATALOG}{suffix}"


def _plain(value: Any) -> Any:
    """A message's id or translation: text, or a tuple of the plural forms."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _messages(catalog: Catalog) -> dict[Any, Any]:
    """Each message's id (a pair for plurals) and its translation; not the header."""
    return {_plain(message.id): _plain(message.string) for message in catalog if message.id}


def test_template_holds_every_message_of_the_labels() -> None:
    """``make catalogs`` extracts :mod:`.labels`; the template committed is its output."""
    extracted = {
        _plain(message)
        for _, message, _, _ in extract_from_file(
            "python", labels.__file__, keywords=DEFAULT_KEYWORDS, comment_tags=("TRANSLATORS:",)
        )
    }
    assert set(_messages(_catalog(TEMPLATE))) == extracted
    assert len(extracted) >= 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_translates_every_message(language: str) -> None:
    catalog = _catalog(_source(language, ".po"), language)
    assert set(_messages(catalog)) == set(_messages(_catalog(TEMPLATE)))
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert forms and all(forms), (language, message.id)
        assert "fuzzy" not in message.flags, (language, message.id)
        # Babel's checks: the placeholders of the English, and one form per plural.
        assert list(message.check(catalog)) == [], (language, message.id)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_mo_is_its_po_compiled(language: str) -> None:
    """The ``.mo`` Sphinx reads says what the ``.po`` says (``make catalogs``)."""
    source = _catalog(_source(language, ".po"), language)
    compiled = _catalog(_source(language, ".mo"))
    assert _messages(compiled) == _messages(source)
    assert compiled.plural_forms == source.plural_forms


ISSUE = issue(
    "News Four",
    "2017-09-18",
    issue="4",
    tags="[bpf]",
    body=(
        "```{highlight}\n- A highlight.\n```\n\n"
        "```{talk} A talk\n:kind: slides\n:date: 2017-09-11\n```\n\n"
        "```{patch-series} [PATCH net 0/2] bpf: two\n:author: Ann\n\n"
        "- [PATCH net 1/2] bpf: one\n- [PATCH net 2/2] bpf: two\n```\n\n"
        "```{patch-series} [PATCH net 0/3] bpf: one listed\n:author: Ann\n\n"
        "- [PATCH net 1/3] bpf: one\n```\n\n"
        "```{patch-series} [PATCH net 0/3] bpf: two listed\n:author: Ann\n\n"
        "- [PATCH net 1/3] bpf: one\n- [PATCH net 2/3] bpf: two\n```\n\n"
        "```{patch-series} [PATCH net] bpf: archived\n"
        ":url: https://lists.example.org/pipermail/dev/2017-September/000001.html\n```\n"
    ),
)

#: What readers see in each language: the issue header, the talk's kind and date,
#: the highlights' title, the counts (2 patches; 1 and 2 of 3 listed), a link's
#: kind, the sidebar block, the archive's titles; then 1, 2 and 21 patches.
EXPECTED: dict[str, dict[str, Any]] = {
    "en": {
        "header": ["Issue 4", "18 September 2017"],
        "talk": ["Slides", "11 September 2017"],
        "highlights": "Highlights",
        "counts": ["2 patches", "1 of 3 listed", "2 of 3 listed"],
        "link": "archive",
        "recent": ["Recent issues", "18 September 2017", "Archive"],
        "archive": ["Archive", "Issues of 2017", "Issues tagged bpf", "Talks by speaker"],
        "plurals": ["1 patch", "2 patches", "21 patches"],
    },
    "de": {
        "header": ["Ausgabe 4", "18. September 2017"],
        "talk": ["Folien", "11. September 2017"],
        "highlights": "Highlights",
        "counts": ["2 Patches", "1 von 3 aufgeführt", "2 von 3 aufgeführt"],
        "link": "Archiv",
        "recent": ["Neueste Ausgaben", "18. September 2017", "Archiv"],
        "archive": [
            "Archiv",
            "Jahrgang 2017",
            "Ausgaben zum Schlagwort bpf",
            "Vorträge nach Vortragenden",
        ],
        "plurals": ["1 Patch", "2 Patches", "21 Patches"],
    },
    "fr": {
        "header": ["Numéro 4", "18 septembre 2017"],
        "talk": ["Diapos", "11 septembre 2017"],
        "highlights": "Temps forts",
        "counts": ["2 patchs", "1 sur 3 listé", "2 sur 3 listés"],
        "link": "archives",
        "recent": ["Derniers numéros", "18 septembre 2017", "Archives"],
        "archive": [
            "Archives",
            "Numéros de 2017",
            "Numéros avec l’étiquette bpf",
            "Conférences par intervenant",
        ],
        "plurals": ["1 patch", "2 patchs", "21 patchs"],
    },
    "ja": {
        "header": ["第4号", "2017年9月18日"],
        "talk": ["スライド", "2017年9月11日"],
        "highlights": "ハイライト",
        "counts": ["2件のパッチ", "全3件中1件を掲載", "全3件中2件を掲載"],
        "link": "アーカイブ",
        "recent": ["最近の号", "2017年9月18日", "アーカイブ"],
        "archive": ["アーカイブ", "2017年の号", "タグ「bpf」の号", "講演者別の講演"],
        "plurals": ["1件のパッチ", "2件のパッチ", "21件のパッチ"],
    },
    "zh_CN": {
        "header": ["第4期", "2017年9月18日"],
        "talk": ["幻灯片", "2017年9月11日"],
        "highlights": "亮点",
        "counts": ["2个补丁", "共3个，列出1个", "共3个，列出2个"],
        "link": "存档",
        "recent": ["最近几期", "2017年9月18日", "往期"],
        "archive": ["往期", "2017年各期", "标签“bpf”的各期", "演讲（按讲者）"],
        "plurals": ["1个补丁", "2个补丁", "21个补丁"],
    },
}


HEADER_PARTS = ", ".join(
    f".bpfnews-issue-header .bpfnews-issue-{part}" for part in ("number", "date")
)


def _seen(app: SphinxTestApp) -> dict[str, Any]:
    four = page(app, "issues/four.html")
    recent = four.select_one(".bpfnews-recent")
    assert recent is not None
    titles = [
        texts(page(app, f"{name}.html"), "h1")[0]
        for name in ("archive", "archive/2017", "archive/tags/bpf", "archive/speakers")
    ]
    return {
        "header": texts(four, HEADER_PARTS),
        "talk": [
            *(kind.strip("[] ") for kind in texts(four, ".bpfnews-talk .bpfnews-badge-kind")),
            *texts(four, ".bpfnews-date"),
        ],
        "highlights": texts(four, ".bpfnews-highlight-title")[0],
        "counts": texts(four, ".bpfnews-count"),
        "link": texts(four, ".bpfnews-badge-link")[0].strip("[] "),
        "recent": [
            texts(recent, ".bpfnews-recent-title")[0],
            texts(recent, ".bpfnews-issue-date")[0],
            texts(recent, ".bpfnews-recent-archive")[0],
        ],
        "archive": titles,
        "plurals": [labels.patch_count(n, n) for n in (1, 2, 21)],
    }


@pytest.mark.parametrize("language", list(EXPECTED))
def test_a_site_in_each_language(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, language: str
) -> None:
    """The extension's words, plurals and dates follow ``language`` as Sphinx's do;
    every date a reader sees has one format, the JSON export keeps ISO dates."""
    (tmp_path / "conf.py").write_text(
        BASE_CONF + SITE_CONF + f"language = {language!r}\n", encoding="utf-8"
    )
    for name, text in {**site_files(), "issues/four.md": ISSUE}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    try:
        app.build()
        # While the app is alive its catalog is the one registered: the plural forms
        # are read through it.
        seen = _seen(app)
    finally:
        app.cleanup()
    assert warnings_of(app) == ""
    assert seen == EXPECTED[language]
    export = json.loads((app.outdir / "bpfnews.json").read_text(encoding="utf-8"))
    (four,) = (entry for entry in export["issues"] if entry["docname"] == "issues/four")
    assert (four["date"], four["talks"][0]["date"]) == ("2017-09-18", "2017-09-11")
    # The feeds name the language as the pages do: a language tag.
    tag = language.replace("_", "-")
    assert page(app, "index.html").html["lang"] == tag
    for name, version in (("atom.xml", "atom10"), ("rss.xml", "rss20")):
        feed = feedparser.parse((app.outdir / name).read_bytes())
        assert (feed.version, feed.feed.language) == (version, tag), name
