"""The HTML part: the issue's content alone, styled for mail clients.

The content is what the HTML builder's translator writes for the page, with the
extension's own visitors (:mod:`sphinxcontrib_bpfnews.writers.html`): one renderer
for the web and the mail. What differs is around it and in its styles:

- no theme: no sidebar, search, script or external stylesheet, only the issue, a
  hidden preheader (the summary, which inboxes show beside the subject) and a
  footer;
- the extension's stylesheet (``static/bpfnews.css``) made fit for mail
  (:func:`mail_css`): its CSS variables resolved to values, since mail clients
  (and ``css-inline``) do not evaluate ``var()``; ``color-mix()`` dropped for the
  plain colours declared before it; rules no mail client applies (print, hover)
  left out; then inlined into ``style`` attributes with ``css-inline``, because
  Gmail and Outlook drop ``<style>`` blocks or parts of them;
- dark mode as a ``prefers-color-scheme`` block kept in ``<style>``, for the clients
  that honour it; the inlined colours read on light and dark backgrounds alike, so
  clients that invert colours themselves keep them readable;
- every address absolute, from ``html_baseurl``.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any
from urllib.parse import urljoin

import css_inline

from sphinxcontrib_bpfnews.extension.assets import STYLESHEET
from sphinxcontrib_bpfnews.writers.html import BADGE_CLOSE, BADGE_OPEN

#: Where mail needs another value than the stylesheet's: accent-coloured text is a
#: ``color-mix()`` of the accent and the text colour, which mail clients do not
#: know; the accent alone reads on white at more than 7:1, and the dark-mode block
#: gives a lighter one.
MAIL_VALUES = {"--bpfnews-accent-text": "#1c5a96"}
#: Custom properties a rule sets for its own element, and the property they stand
#: for there: a badge's kind colours its border.
OWN_PROPERTIES = {"--bpfnews-badge": "border-color"}
#: Rules left out of the mail: badge brackets are hidden on the web with positioning
#: and clipping that mail clients drop, so mail shows them (``[net-next]``), as
#: plain text does.
LEFT_OUT = frozenset({".bpfnews-bracket"})
#: Properties left out of the mail, where every byte counts (Gmail clips a message
#: whose HTML passes 102 KB, and styles are repeated on every element): fine
#: typography most clients ignore, and what the message's container already
#: gives every element (``overflow-wrap``).
MAIL_DROPPED = frozenset(
    {
        "font-variant-numeric",
        "vertical-align",
        "text-decoration-thickness",
        "text-underline-offset",
        "overflow-wrap",
        "line-height",
    }
)

#: The page around the issue, inlined with the components' styles.
EMAIL_CSS = """
body { margin: 0; padding: 0; background: #ffffff; color: #1f2328;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial,
  sans-serif; font-size: 16px; line-height: 1.5; }
.bpfnews-email { max-width: 640px; margin: 0 auto; padding: 16px; overflow-wrap: anywhere;
  word-wrap: break-word; }
.bpfnews-preheader { display: none; max-height: 0; overflow: hidden; opacity: 0;
  font-size: 1px; line-height: 1px; }
h1 { font-size: 1.6em; line-height: 1.25; margin: 0 0 0.3em 0; }
h2 { font-size: 1.3em; line-height: 1.3; margin: 1.4em 0 0.4em 0; }
h3 { font-size: 1.1em; line-height: 1.3; margin: 1.2em 0 0.3em 0; }
p { margin: 0.6em 0; }
a { color: #1c5a96; }
code, pre, kbd { font-family: SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.9em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: rgba(128, 128, 128, 0.1);
  padding: 8px; border-radius: 4px; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; max-width: 100%; }
blockquote { margin: 0.6em 0; padding-left: 0.8em;
  border-left: 3px solid rgba(128, 128, 128, 0.4); }
hr { border: 0; border-top: 1px solid rgba(128, 128, 128, 0.4); margin: 1.5em 0; }
.bpfnews-footer { font-size: 0.9em; }
"""

#: Kept as a ``<style>`` block: what clients with a dark mode that honours the
#: reader's choice apply over the inlined (light) colours.
DARK_CSS = """
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  body, .bpfnews-email { background: #16181d !important; color: #e6e6e6 !important; }
  a { color: #8ab4f8 !important; }
  a.bpfnews-title { color: inherit !important; }
  .bpfnews-subsystem, .bpfnews-highlight-title { color: #8ab4f8 !important; }
  article.bpfnews-series, .bpfnews-highlight, .bpfnews-badge-tree, .bpfnews-badge-kind,
  .bpfnews-badge-topic, .bpfnews-badge-branch { border-color: #5b8fd1 !important; }
}
"""


def _rules(css: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of ``css``'s top-level rules; at-rule blocks
    (``@media print``) are left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules: list[tuple[str, str]] = []
    depth, start, selectors = 0, 0, ""
    for at, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selectors = css[start:at].strip()
                start = at + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                if not selectors.startswith("@"):
                    rules.append((selectors, css[start:at]))
                start = at + 1
    return rules


def _declarations(block: str) -> list[tuple[str, str]]:
    found = []
    for declaration in block.split(";"):
        name, colon, value = declaration.partition(":")
        if colon and name.strip():
            found.append((name.strip(), value.strip()))
    return found


def _resolve(value: str, known: dict[str, str]) -> str | None:
    """``value`` with each ``var(--name, fallback)`` replaced by the value ``known``
    gives the name, else by its fallback; None when neither exists."""
    while (at := value.find("var(")) != -1:
        depth, end, comma = 0, -1, -1
        for index in range(at + 4, len(value)):
            char = value[index]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    end = index
                    break
                depth -= 1
            elif char == "," and depth == 0 and comma == -1:
                comma = index
        if end == -1:
            return None
        name = value[at + 4 : comma if comma != -1 else end].strip()
        fallback = value[comma + 1 : end].strip() if comma != -1 else None
        replacement = known.get(name)
        if replacement is None and fallback is not None:
            replacement = _resolve(fallback, known)
        if replacement is None:
            return None
        value = value[:at] + replacement + value[end + 1 :]
    return value


@cache
def mail_css(stylesheet: str | None = None) -> str:
    """The extension's stylesheet (or ``stylesheet``) as mail clients take it,
    followed by the page's own (:data:`EMAIL_CSS`)."""
    rules = _rules(STYLESHEET.read_text(encoding="utf-8") if stylesheet is None else stylesheet)
    # Each variable's value: its last declaration that mail clients understand. A
    # property a rule sets for its own element (a badge kind's colour) has no value
    # for the page as a whole: where no kind sets it, the rule using it falls back as
    # in a browser, instead of taking whichever kind the stylesheet names last.
    declared: dict[str, str] = {}
    for _, block in rules:
        for name, value in _declarations(block):
            if name.startswith("--") and name not in OWN_PROPERTIES and "color-mix(" not in value:
                declared[name] = value
    known: dict[str, str] = {}
    for name, value in {**declared, **MAIL_VALUES}.items():
        if (resolved := _resolve(value, {})) is not None:
            known[name] = resolved
    for name in list(known):
        known[name] = _resolve(known[name], known) or known[name]
    out = []
    for selectors, block in rules:
        kept = [
            s.strip()
            for s in selectors.split(",")
            if s.strip() not in LEFT_OUT and ":" not in s  # pseudo-classes cannot be inlined
        ]
        if not kept:
            continue
        body = []
        for name, value in _declarations(block):
            if name.startswith("--"):
                if name not in OWN_PROPERTIES:
                    continue
                name = OWN_PROPERTIES[name]
            resolved = _resolve(value, known)
            if resolved is None or "color-mix(" in resolved or name in MAIL_DROPPED:
                continue
            body.append(f"{name}: {resolved}")
        if body:
            out.append(f"{', '.join(kept)} {{ {'; '.join(body)} }}")
    return "\n".join(out) + "\n" + EMAIL_CSS


def _inliner() -> Any:
    return css_inline.CSSInliner(
        inline_style_tags=False,
        keep_style_tags=True,
        load_remote_stylesheets=False,
        extra_css=mail_css(),
    )


_STYLE = re.compile(r'\bstyle="([^"]*)"')
_CLASS = re.compile(r'\sclass="([^"]*)"')
_BARE_SPAN = re.compile(r"<span>([^<]*)</span>")
#: The classes the ``<style>`` block still needs once every other style is inlined.
KEPT_CLASSES = frozenset(re.findall(r"\.([\w-]+)", DARK_CSS))


def _kept_classes(match: re.Match[str]) -> str:
    kept = [name for name in match.group(1).split() if name in KEPT_CLASSES]
    return f' class="{" ".join(kept)}"' if kept else ""


_NUMBER = re.compile(r"(?<![\w.])0\.(\d)")


def _compact_style(match: re.Match[str]) -> str:
    """A ``style`` attribute without the spaces ``css-inline`` writes: ``a:b;c:d``."""
    declarations = []
    for declaration in match.group(1).split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            value = _NUMBER.sub(r".\1", re.sub(r"\s+", " ", value.strip()))
            value = re.sub(r",\s+", ",", value)
            declarations.append(f"{name.strip()}:{value}")
    return f'style="{";".join(declarations)}"'


#: ``href`` and ``src`` attributes, as Sphinx writes them (double quotes).
_ADDRESS = re.compile(r'\b(href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def absolute_addresses(markup: str, page_url: str) -> str:
    """Every ``href`` and ``src`` of ``markup`` absolute, relative to ``page_url``:
    in-page anchors and links to other pages lead to the site."""

    def replace(match: re.Match[str]) -> str:
        address = html.unescape(match.group(2))
        if _SCHEME.match(address):
            return match.group(0)
        return f'{match.group(1)}="{html.escape(urljoin(page_url, address))}"'

    return _ADDRESS.sub(replace, markup)


def html_document(
    body: str,
    *,
    title: str,
    language: str,
    preheader: str,
    footer: list[tuple[str, str, str]],
    page_url: str,
) -> str:
    """The HTML part: ``body`` (the page's content, its addresses made absolute from
    ``page_url``) in a page of its own, with the ``preheader`` and a ``footer`` of
    (text before, link text, address) lines, given as they are (an unsubscribe
    placeholder stays one); styles inlined. The preheader is padded so that inboxes
    do not run the message's first words into it."""
    footer_html = "".join(
        f'<p>{html.escape(before)}<a href="{html.escape(address)}">{html.escape(text)}</a></p>\n'
        for before, text, address in footer
    )
    padding = "&#847;&zwnj;&nbsp;" * 40
    document = (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="supported-color-schemes" content="light dark">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{DARK_CSS}</style>\n"
        "</head>\n<body>\n"
        f'<div class="bpfnews-preheader">{html.escape(preheader)}{padding}</div>\n'
        # Outlook for Windows lays mail out with Word, which ignores max-width: a
        # table of the same width, which only it reads, holds the message there.
        '<!--[if mso]><table role="presentation" width="640" align="center"><tr><td>'
        "<![endif]-->\n"
        f'<div class="bpfnews-email">\n{absolute_addresses(body, page_url)}\n'
        f'<div class="bpfnews-footer">\n<hr>\n{footer_html}</div>\n'
        "</div>\n<!--[if mso]></td></tr></table><![endif]-->\n</body>\n</html>\n"
    )
    # Brackets show in mail (:data:`LEFT_OUT`): as text, without their elements.
    document = document.replace(BADGE_OPEN, "[").replace(BADGE_CLOSE, "]")
    inlined: str = _inliner().inline(document)
    # Once inlined, classes only weigh (a message's every byte counts): those the
    # dark-mode block needs stay, and spans left with no attribute go.
    inlined = _BARE_SPAN.sub(r"\1", _CLASS.sub(_kept_classes, inlined))
    return _STYLE.sub(_compact_style, inlined).rstrip("\n") + "\n"
