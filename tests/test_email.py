"""``sphinx-build -b bpfnews-email``: each issue as a message, read back as a mail client reads it.

The example issues of the documentation are built for real, as email and as HTML;
each ``.eml`` is parsed with the standard library's :mod:`email`, and every fact of
the page (taken from the JSON export the HTML build writes, and from the web page's
links) is looked for in both parts. The browser's view of the HTML part (widths of
375 and 600 pixels, CSS removed) is checked in ``test_visual.py``.
"""

from __future__ import annotations

import email
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from email import policy
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING, Any, cast

import pytest
from bs4 import BeautifulSoup

from sphinxcontrib_bpfnews.core.email_message import (
    Headers,
    compose,
    message_date,
    message_id,
    unsubscribe_link,
)

from .commands import sphinx_build
from .conftest import DOCS, SNIPPETS
from .markup import MARKUPS, directive, file_name, page
from .pdf_tools import normalized
from .snippets import code_blocks

if TYPE_CHECKING:
    from email.message import EmailMessage
    from pathlib import Path

ISSUES = sorted(path.stem for path in (DOCS / "issues").glob("*.md"))
REFERENCE = "bpf-updates-11"
BASE = "https://bpf-updates.example.org/"
SENDER = "BPF Updates <editors@bpf-updates.example.org>"
UNSUBSCRIBE = "*|UNSUB|*"
CONF = f"""\
project = "BPF Updates"
extensions = ["myst_parser", "sphinxcontrib_bpfnews"]
myst_enable_extensions = ["colon_fence"]
html_baseurl = "{BASE}"
bpfnews_email_from = "{SENDER}"
bpfnews_email_to = "bpf-updates@lists.example.org"
bpfnews_email_reply_to = "editors@bpf-updates.example.org"
bpfnews_email_unsubscribe = "{UNSUBSCRIBE}"
bpfnews_email_subject = "[BPF] {{title}}"
# The 2017 issues link the list archives of their day, not lore (see docs/conf.py).
suppress_warnings = ["bpfnews.link"]
"""
#: Gmail clips a message whose HTML is longer.
GMAIL_CLIP = 102 * 1024


def write_project(root: Path, conf: str = CONF) -> Path:
    (root / "issues").mkdir(parents=True)
    for name in ISSUES:
        shutil.copy(DOCS / "issues" / f"{name}.md", root / "issues" / f"{name}.md")
    (root / "index.md").write_text("# BPF Updates\n\nA newsletter.\n", encoding="utf-8")
    (root / "conf.py").write_text(conf, encoding="utf-8")
    return root


def email_build(src: Path, out: Path, *args: str) -> tuple[str, str]:
    done = sphinx_build("-b", "bpfnews-email", *args, src, out)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout, done.stderr


def read_message(path: Path) -> EmailMessage:
    return cast("EmailMessage", email.message_from_bytes(path.read_bytes(), policy=policy.default))


def parts(message: EmailMessage) -> tuple[str, str]:
    """The text and HTML parts, decoded."""
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return cast("str", text.get_content()), cast("str", html.get_content())


def html_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ")


def hrefs(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    return {str(a["href"]) for a in soup.select("a[href]")}


def plain(text: str) -> str:
    """``text`` without code spans' backticks, as the email shows it."""
    return text.replace("`", "")


@dataclass
class Built:
    src: Path
    out: Path
    stdout: str
    export: dict[str, Any]
    html: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The example issues, built as email and (for the facts) as HTML."""
    root = tmp_path_factory.mktemp("email")
    src = write_project(root / "src")
    stdout, stderr = email_build(src, root / "email")
    assert stderr == ""
    done = sphinx_build("-q", "-b", "html", src, root / "html")
    assert done.returncode == 0, done.stderr
    export = json.loads((root / "html" / "bpfnews.json").read_text(encoding="utf-8"))
    return Built(src, root / "email", stdout, export, root / "html")


def issue_of(built: Built, name: str) -> dict[str, Any]:
    return next(i for i in built.export["issues"] if i["docname"] == f"issues/{name}")


def facts(issue: dict[str, Any]) -> tuple[list[str], set[str]]:
    """What a reader must find in each part: every series' and patch's title and
    author, every talk's title, speakers and event; and every address."""
    words: list[str] = []
    addresses: set[str] = set()
    for series in issue["series"]:
        words += [plain(series["title"]), series["author"]]
        addresses.add(series["url"])
        for patch in series["patches"]:
            words.append(plain(patch["parsed"]["title"] or patch["subject"]))
            addresses.add(patch["url"])
    for talk in issue["talks"]:
        words += [plain(talk["title"]), *talk["speakers"], talk["event"]]
        addresses.add(talk["url"])
    return [w for w in words if w], {a for a in addresses if a}


def page_links(built: Built, name: str) -> set[str]:
    """The external addresses of the issue's web page, in its content."""
    soup = BeautifulSoup(
        (built.html / "issues" / f"{name}.html").read_text(encoding="utf-8"), "html.parser"
    )
    article = soup.select_one("article[role=main]") or soup.select_one("div[role=main]") or soup
    return {str(a["href"]) for a in article.select("a.reference.external[href]")}


@pytest.mark.parametrize("name", ISSUES)
def test_each_issue_is_a_message_with_its_headers(built: Built, name: str) -> None:
    issue = issue_of(built, name)
    message = read_message(built.out / "issues" / f"{name}.eml")
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == f"[BPF] {issue['title']}"
    assert message["From"] == SENDER
    assert message["To"] == "bpf-updates@lists.example.org"
    assert message["Reply-To"] == "editors@bpf-updates.example.org"
    assert message["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert parsedate_to_datetime(message["Date"]).date().isoformat() == issue["date"]
    number = issue["number"]
    assert message["Message-ID"] == f"<issues.{name}.{number}@bpf-updates.example.org>"
    kinds = [(p.get_content_type(), p.get_content_charset()) for p in message.iter_parts()]
    assert kinds == [("text/plain", "utf-8"), ("text/html", "utf-8")]
    text, html = parts(message)
    # The parts beside the message, for pasting into a mailing service.
    assert (built.out / "issues" / f"{name}.txt").read_text(encoding="utf-8") == text
    assert (built.out / "issues" / f"{name}.html").read_text(encoding="utf-8") == html
    # The footer: the issue on the web, and how to unsubscribe.
    web = f"{BASE}issues/{name}.html"
    assert web in text and web in hrefs(html)
    assert UNSUBSCRIBE in text and UNSUBSCRIBE in hrefs(html)


def test_the_date_is_the_issues_own(built: Built) -> None:
    message = read_message(built.out / "issues" / f"{REFERENCE}.eml")
    # The front matter's time: 2017-09-18T18:30:41.000Z.
    assert message["Date"] == "Mon, 18 Sep 2017 18:30:41 +0000"
    assert format_datetime(parsedate_to_datetime(message["Date"])) == message["Date"]


@pytest.mark.parametrize("name", ISSUES)
def test_every_fact_of_the_page_is_in_both_parts(built: Built, name: str) -> None:
    issue = issue_of(built, name)
    words, addresses = facts(issue)
    addresses |= page_links(built, name)
    assert words and addresses
    text, html = parts(read_message(built.out / "issues" / f"{name}.eml"))
    # The text sets code in quotes, as Sphinx's text writer does; both parts show
    # apostrophes as typographic ones (Sphinx's smart quotes), the export as typed.
    in_text = normalized(text.replace('"', "").replace("\u2019", "'"))
    in_html = normalized(html_text(html).replace("\u2019", "'"))
    words = [word.replace("\u2019", "'") for word in words]
    assert [w for w in words if normalized(w.replace('"', "")) not in in_text] == []
    assert [w for w in words if normalized(w) not in in_html] == []
    # Every address whole, on a line of its own in the text.
    lines = {line.strip().split("] ", 1)[-1] for line in text.splitlines()}
    assert sorted(addresses - lines) == []
    assert sorted(addresses - hrefs(html)) == []
    for highlight in issue["highlights"]:
        shown = normalized(plain(highlight).replace("\u2019", "'"))
        assert shown in in_text and shown in in_html


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("name", ISSUES)
def test_the_text_reads_like_a_mailing_list_post(built: Built, name: str) -> None:
    issue = issue_of(built, name)
    text = (built.out / "issues" / f"{name}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    # Wrapped at 72 columns; only an address, which cannot be broken, is longer.
    long = [
        line
        for line in lines
        if columns(line) > 72 and not re.fullmatch(r"\s*(\[\d+\] )?\S+://\S+", line)
    ]
    assert long == []
    # No markup of the source.
    assert "`" not in text
    assert "](" not in text
    assert not re.search(r"\*\*\w|^#+ ", text, flags=re.MULTILINE)
    # The title underlined.
    assert lines[:2] == [issue["title"], "=" * len(issue["title"])]
    # Each series as the list wrote it: the subject, the author, the address on a
    # line of its own, then each child indented with its own address.
    for series in issue["series"]:
        if series["parsed"]["title"] is None:
            continue
        subject = " ".join(plain(series["subject"]).split())
        at = next(
            i for i, line in enumerate(lines) if line.strip() and subject.startswith(line.strip())
        )
        # The entry runs to the first blank line.
        entry = lines[at : lines.index("", at)]
        joined = "\n".join(entry)
        assert subject in " ".join(joined.split())
        assert series["author"] in entry
        assert series["url"] in entry
        for patch in series["patches"]:
            child = " ".join(plain(patch["subject"]).split())
            assert child in " ".join(joined.split())
            assert f"  {patch['url']}" in entry
    # Each talk: its kind, title, speakers and event.
    for talk in issue["talks"]:
        assert f"[{talk['kind'].capitalize()}]" in text
        for speaker in talk["speakers"]:
            assert speaker in text


def test_highlights_are_a_bulleted_list(built: Built) -> None:
    text = (built.out / "issues" / f"{REFERENCE}.txt").read_text(encoding="utf-8")
    for highlight in issue_of(built, REFERENCE)["highlights"]:
        first = plain(highlight).split()[:3]
        assert re.search(r"^\* " + r"\s+".join(map(re.escape, first)), text, re.MULTILINE)


@pytest.mark.parametrize("name", ISSUES)
def test_the_html_part_is_the_content_alone(built: Built, name: str) -> None:
    issue = issue_of(built, name)
    html = (built.out / "issues" / f"{name}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find("link") is None
    assert soup.find("form") is None and soup.find("nav") is None
    assert "var(" not in html and "color-mix(" not in html
    # Every address absolute (a mailing service's placeholder aside).
    addresses = [str(a["href"]) for a in soup.select("[href]")]
    addresses += [str(i["src"]) for i in soup.select("[src]")]
    assert [a for a in addresses if not re.match(r"(https?|mailto):", a) and a != UNSUBSCRIBE] == []
    # Styles inlined; the dark mode in a style block, beside them.
    (style,) = soup.find_all("style")
    assert "prefers-color-scheme: dark" in style.get_text()
    container = soup.select_one(".bpfnews-email")
    assert container is not None and "max-width:640px" in str(container["style"])
    assert soup.select_one("h1") is not None and soup.select_one("h1").get_text() == issue["title"]
    # The preheader: the summary, hidden.
    preheader = soup.select_one("body > div")
    assert preheader is not None and "display:none" in str(preheader["style"])
    assert preheader.get_text().startswith(plain(issue["summary"])[:40])
    # Semantic: headings, lists, links, without any style.
    assert soup.find_all("h2") and soup.find_all("ul") and soup.find_all("li")


def test_the_components_keep_the_stylesheets_look(built: Built) -> None:
    """The stylesheet's variables resolved as the web page resolves them on a theme
    without its own: the accent's rule beside each series, a badge's kind in its
    border; and the brackets of badges shown, since mail clients cannot hide them."""
    soup = BeautifulSoup(
        (built.out / "issues" / f"{REFERENCE}.html").read_text(encoding="utf-8"), "html.parser"
    )
    series = soup.select_one("article.bpfnews-series")
    assert series is not None and "border-left:3px solid #1c5a96" in str(series["style"])
    version = next(span for span in soup.find_all("span") if span.get_text() == "[v3]")
    assert "border-color:#2e8b57" in str(version["style"])
    # Outlook for Windows holds the message at 640 pixels with a table of its own.
    assert '<!--[if mso]><table role="presentation" width="640"' in str(soup)


def test_the_reference_issue_fits_before_gmail_clips_it(built: Built) -> None:
    html = (built.out / "issues" / f"{REFERENCE}.html").read_bytes()
    assert len(html) <= GMAIL_CLIP
    # As it travels too, quoted-printable.
    message = (built.out / "issues" / f"{REFERENCE}.eml").read_bytes()
    encoded = message.split(b"Content-Type: text/html", 1)[1]
    assert len(encoded) <= GMAIL_CLIP
    # The build log says how large each message is.
    for name in ISSUES:
        size = (built.out / "issues" / f"{name}.html").stat().st_size
        assert f"issues/{name}.eml: " in built.stdout
        assert f"HTML part {size / 1024:.1f} KB" in built.stdout


def test_a_rebuild_writes_the_same_messages(built: Built, tmp_path: Path) -> None:
    """The same Message-ID (a second sending is recognisable) and the same bytes."""
    email_build(built.src, tmp_path / "again", "-E")
    for name in ISSUES:
        first = (built.out / "issues" / f"{name}.eml").read_bytes()
        assert (tmp_path / "again" / "issues" / f"{name}.eml").read_bytes() == first


def test_some_issues_only(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "out"
    email_build(built.src, out)
    assert len(list(out.rglob("*.eml"))) == len(ISSUES)
    # By number; then the files of the others are gone from the same folder.
    email_build(built.src, out, "-D", "bpfnews_email_issues=12")
    assert sorted(p.name for p in out.rglob("*.*") if ".doctrees" not in p.parts) == [
        "bpf-updates-12.eml",
        "bpf-updates-12.html",
        "bpf-updates-12.txt",
    ]
    # By number and page name, as a list.
    email_build(built.src, out, "-D", "bpfnews_email_issues=11,issues/bpf-updates-13")
    assert sorted(p.stem for p in out.rglob("*.eml")) == ["bpf-updates-11", "bpf-updates-13"]


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "WARNING" in line]


def test_what_a_message_needs_is_named(tmp_path: Path) -> None:
    no_base = CONF.replace(f'html_baseurl = "{BASE}"\n', "")
    src = write_project(tmp_path / "a", no_base)
    _, stderr = email_build(src, tmp_path / "a-out")
    (warning,) = _warnings(stderr)
    assert f"{src / 'conf.py'}:1: WARNING" in warning
    assert "set html_baseurl" in warning and "[bpfnews.email]" in warning
    assert list((tmp_path / "a-out").rglob("*.eml")) == []

    no_sender = CONF.replace(f'bpfnews_email_from = "{SENDER}"\n', "")
    src = write_project(tmp_path / "b", no_sender)
    _, stderr = email_build(src, tmp_path / "b-out")
    (warning,) = _warnings(stderr)
    assert "set bpfnews_email_from" in warning and "[bpfnews.email]" in warning
    assert f"{src / 'conf.py'}:1: WARNING" in warning
    assert list((tmp_path / "b-out").rglob("*.eml")) == []
    assert len(list((tmp_path / "b-out").rglob("*.txt"))) == len(ISSUES)

    src = write_project(tmp_path / "c")
    _, stderr = email_build(src, tmp_path / "c-out", "-D", "bpfnews_email_issues=99")
    (warning,) = _warnings(stderr)
    assert "'99'" in warning and "[bpfnews.email]" in warning
    # Where the setting is (here -D, so the top of conf.py).
    assert f"{src / 'conf.py'}:" in warning


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("bpfnews_email_from", '"not an address"'),
        ("bpfnews_email_to", "42"),
        ("bpfnews_email_subject", '"{titel}"'),
        ("bpfnews_email_issues", "[1.5]"),
    ],
)
def test_a_bad_setting_is_reported_and_its_default_used(
    tmp_path: Path, setting: str, value: str
) -> None:
    src = write_project(tmp_path / "src", CONF + f"{setting} = {value}\n")
    done = sphinx_build("-b", "bpfnews-email", src, tmp_path / "out")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    warnings = [w for w in _warnings(done.stderr) if "[bpfnews.config]" in w]
    assert len(warnings) == 1 and setting in warnings[0]


SERIES = (
    "[PATCH v3 bpf-next 0/2] bpf: add `bpf_loop` helper",
    [
        ("author", "Joanne Koong"),
        ("url", "https://lore.kernel.org/bpf/20211129223725.2770730-1-joannekoong@fb.com/"),
    ],
    "- [PATCH v3 bpf-next 1/2] bpf: Add bpf_loop helper "
    "<https://lore.kernel.org/bpf/20211129223725.2770730-2-joannekoong@fb.com/>\n"
    "- [PATCH v3 bpf-next 2/2] selftests/bpf: Add bpf_loop test "
    "<https://lore.kernel.org/bpf/20211129223725.2770730-3-joannekoong@fb.com/>",
)


def twin_page(markup: str) -> str:
    link = (
        "`the list <https://lore.kernel.org/bpf/>`_"
        if markup == "rst"
        else "[the list](https://lore.kernel.org/bpf/)"
    )
    return page(
        markup,
        "News Seven",
        directive(markup, "highlight", body="- Loops without unrolling."),
        f"Read {link} for more.\n",
        directive(markup, "patch-series", SERIES[0], SERIES[1], SERIES[2], fence="~~~"),
        directive(
            markup,
            "talk",
            "Verifier internals",
            [
                ("kind", "video"),
                ("url", "https://lpc.events/event/11/contributions/1/"),
                ("speakers", "Alexei Starovoitov, Andrii Nakryiko"),
                ("event", "LPC 2021"),
            ],
        ),
    )


def test_both_markups_make_the_same_message(tmp_path: Path) -> None:
    messages = {}
    for markup in MARKUPS:
        src = tmp_path / markup
        (src / "issues").mkdir(parents=True)
        (src / "conf.py").write_text(CONF, encoding="utf-8")
        (src / "index.rst").write_text("Home\n====\n", encoding="utf-8")
        front = "---\ndate: '2021-11-30'\n---\n\n" if markup == "myst" else ":date: 2021-11-30\n\n"
        (src / "issues" / file_name(markup, "seven")).write_text(
            front + twin_page(markup), encoding="utf-8"
        )
        _, stderr = email_build(src, tmp_path / f"{markup}-out", "-W")
        assert stderr == ""
        messages[markup] = (tmp_path / f"{markup}-out" / "issues" / "seven.eml").read_bytes()
    assert messages["myst"] == messages["rst"]
    text, html = parts(email.message_from_bytes(messages["rst"], policy=policy.default))  # type: ignore[arg-type]
    for fact in (
        "[PATCH v3 bpf-next 0/2] bpf: add bpf_loop helper",
        "Joanne Koong",
        "  https://lore.kernel.org/bpf/20211129223725.2770730-3-joannekoong@fb.com/",
        "[Video] Verifier internals",
        "Alexei Starovoitov, Andrii Nakryiko",
        "LPC 2021",
        "* Loops without unrolling.",
        "Read the list [1] for more.",
        "[1] https://lore.kernel.org/bpf/",
    ):
        assert fact in text
    in_html = normalized(html_text(html))
    for fact in ("bpf: add bpf_loop helper", "Joanne Koong", "Verifier internals", "LPC 2021"):
        assert normalized(fact) in in_html
    assert "https://lore.kernel.org/bpf/" in hrefs(html)


#: The site of the sending example (docs/sending.md and tests/test_send.py send it).
SEND_CONF = """\
project = "BPF Updates"
extensions = ["myst_parser", "sphinxcontrib_bpfnews"]
myst_enable_extensions = ["colon_fence"]
html_baseurl = "https://newsletter.example.org/"
bpfnews_email_from = "BPF Updates <editors@newsletter.example.org>"
bpfnews_email_to = "bpf-updates@lists.example.org"
bpfnews_email_reply_to = "editors@newsletter.example.org"
bpfnews_email_unsubscribe = "bpf-updates+unsubscribe@lists.example.org"
# The 2017 issues link the list archives of their day, not lore (see docs/conf.py).
suppress_warnings = ["bpfnews.link"]
"""
SEND_EXAMPLE = SNIPPETS / "send" / "bpf-updates-12.eml"


@pytest.fixture(scope="module")
def send_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example issues built with the settings ``docs/sending.md`` shows; the
    output folder and the build's log."""
    root = tmp_path_factory.mktemp("send")
    src = write_project(root / "src", SEND_CONF)
    stdout, stderr = email_build(src, root / "out")
    assert stderr == ""
    return root / "out", stdout


def test_the_sending_example_is_a_built_message(send_built: tuple[Path, str]) -> None:
    """The message ``docs/sending.md`` sends is the one this builder makes of issue 12
    (to remake it, copy the built file over it)."""
    built = send_built[0] / "issues" / "bpf-updates-12.eml"
    assert built.read_bytes() == SEND_EXAMPLE.read_bytes()
    message = read_message(SEND_EXAMPLE)
    assert message["Message-ID"] == "<issues.bpf-updates-12.12@newsletter.example.org>"
    assert message["List-Unsubscribe"] == "<mailto:bpf-updates+unsubscribe@lists.example.org>"


def _sending_blocks(start: str) -> str:
    (block,) = [
        b
        for b in code_blocks([DOCS / "sending.md"])
        if b.language == "text" and b.text.startswith(start)
    ]
    return block.text


def test_the_sending_page_shows_what_the_build_writes(send_built: tuple[Path, str]) -> None:
    """The log line and the series of ``docs/sending.md`` are those of the example,
    built with the page's settings."""
    out, stdout = send_built
    log = _sending_blocks(f"issues/{REFERENCE}.eml: ").strip()
    assert log in stdout.splitlines()
    series = _sending_blocks("[PATCH v3 net-next 0/7]").rstrip("\n")
    text = (out / "issues" / f"{REFERENCE}.txt").read_text(encoding="utf-8")
    assert series in text


def test_revision_links_lead_to_the_web_site(built: Built) -> None:
    """Issue 12's series carried on in issue 14: its line in both parts, with the
    later entry's address on the site (a mail has no pages of its own to link to)."""
    issue_14 = issue_of(built, "bpf-updates-14")
    later = next(s for s in issue_14["series"] if s["revisions"])
    address = f"{BASE}issues/bpf-updates-14.html#{later['anchor']}"
    text, html = parts(read_message(built.out / "issues" / "bpf-updates-12.eml"))
    assert "Later: v7 in BPF Updates 14" in text and address in text
    assert normalized("Later: v7 in BPF Updates 14") in normalized(html_text(html))
    assert address in hrefs(html)


def test_the_footer_speaks_the_projects_language(tmp_path: Path) -> None:
    src = write_project(tmp_path / "src", CONF + 'language = "de"\n')
    email_build(src, tmp_path / "email", "-D", "bpfnews_email_issues=11")
    text, html = parts(read_message(tmp_path / "email" / "issues" / f"{REFERENCE}.eml"))
    page = f"{BASE}issues/{REFERENCE}.html"
    assert text.endswith(f"\n-- \nIm Web lesen:\n{page}\n\nAbbestellen:\n{UNSUBSCRIBE}\n")
    footer = html_text(html)
    assert "Im Web lesen:" in footer and "Abbestellen" in footer
    assert "Read it on the web" not in text + footer


def test_message_ids_are_ascii_and_stable() -> None:
    base = "https://news.example.org/weekly/"
    assert (
        message_id(base, "issues/bpf-updates-11", 11)
        == "<issues.bpf-updates-11.11@news.example.org>"
    )
    assert message_id(base, "index", None) == "<index@news.example.org>"
    # Characters a Message-ID cannot hold are percent-encoded, dots too.
    assert message_id(base, "issues/v1.2 ü", 3) == "<issues.v1%2E2%20%C3%BC.3@news.example.org>"


def test_dates_and_unsubscribe_addresses() -> None:
    assert message_date("2017-09-18T18:30:41.000Z", "2017-09-18") == (
        "Mon, 18 Sep 2017 18:30:41 +0000"
    )
    assert message_date("2017-09-18", "2017-09-18") == "Mon, 18 Sep 2017 00:00:00 +0000"
    assert message_date("next week", "") == ""
    assert unsubscribe_link("leave@lists.example.org") == "mailto:leave@lists.example.org"
    assert unsubscribe_link("https://news.example.org/leave") == "https://news.example.org/leave"
    assert unsubscribe_link("*|UNSUB|*") == "*|UNSUB|*"
    assert unsubscribe_link("{{ UnsubscribeURL }}") == "{{ UnsubscribeURL }}"


def test_a_header_is_one_line_whatever_the_title() -> None:
    raw = compose(
        Headers(subject="Two\nBcc: someone@example.org", sender="Björn <b@example.org>"),
        "text",
        "<p>html</p>",
    )
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == "Two Bcc: someone@example.org"
    assert message["Bcc"] is None
    assert message["From"] == "Björn <b@example.org>"


def test_a_message_gmail_would_clip_is_reported(tmp_path: Path) -> None:
    """An issue whose HTML part passes 102 KB gets a warning at its page; settings
    left empty leave their headers and the footer's unsubscribe link out."""
    talks = "".join(
        directive(
            "myst",
            "talk",
            f"Talk number {n} on the verifier",
            [("kind", "video"), ("url", f"https://talks.example.org/{n}")],
            body="A description of the talk, long enough to weigh something.",
        )
        + "\n"
        for n in range(400)
    )
    src = tmp_path / "src"
    (src / "issues").mkdir(parents=True)
    (src / "index.md").write_text("# Home\n", encoding="utf-8")
    # The sender and the site's address, nothing else.
    (src / "conf.py").write_text(CONF.split("bpfnews_email_to")[0], encoding="utf-8")
    (src / "issues" / "big.md").write_text(
        "---\ndate: '2021-11-30'\n---\n\n" + page("myst", "Big", talks), encoding="utf-8"
    )
    stdout, stderr = email_build(src, tmp_path / "out")
    (warning,) = _warnings(stderr)
    assert f"{src / 'issues' / 'big.md'}: WARNING: the HTML part is " in warning
    assert "[bpfnews.email]" in warning
    size = (tmp_path / "out" / "issues" / "big.html").stat().st_size
    assert size > GMAIL_CLIP
    assert f"HTML part {size / 1024:.1f} KB" in stdout
    message = read_message(tmp_path / "out" / "issues" / "big.eml")
    for header in ("To", "Reply-To", "List-Unsubscribe"):
        assert message[header] is None
    text, html = parts(message)
    assert "Unsubscribe" not in text and "Unsubscribe" not in html_text(html)


def test_a_badge_kind_declared_last_colours_only_its_own_badges() -> None:
    """A badge kind's colour is a custom property its own rule sets; in the mail it
    becomes that rule's border colour, and a badge of no kind keeps the fallback, as
    in a browser, whichever kind the stylesheet happens to name last."""
    from sphinxcontrib_bpfnews.email.html_part import mail_css
    from sphinxcontrib_bpfnews.extension.assets import STYLESHEET

    sheet = STYLESHEET.read_text(encoding="utf-8")
    later = sheet + "\n.bpfnews-badge-zzz { --bpfnews-badge: #123456; }\n"

    def rule(css: str, selector: str) -> str:
        return next(line for line in css.splitlines() if line.startswith(selector + " {"))

    assert rule(mail_css(later), ".bpfnews-badge") == rule(mail_css(sheet), ".bpfnews-badge")
    assert "#123456" not in rule(mail_css(later), ".bpfnews-badge")
    assert "border-color: #123456" in rule(mail_css(later), ".bpfnews-badge-zzz")
    assert "border-color: #1c5a96" in rule(mail_css(sheet), ".bpfnews-badge-topic")
