"""Ids, page names and sort keys made from text in any script.

Anchors, index group ids and tag page names are made from titles and names, so a
link to a talk keeps working when another talk is added before it. The usual
recipe (Sphinx's ``make_id``, an ASCII slug) keeps only ASCII letters and digits:
a title written in Japanese, Cyrillic or Greek comes out empty, every such title
gets the same id or a counter, and every jump goes to the first. Here Latin letters
are spelled in ASCII (accents dropped, ``ß``, ``ø``, ``ł`` spelled out) and text
with anything beyond that gets a short hash of itself: unique for each text, the
same on every build, and free of percent-encoding in addresses. Names sort, and
group, ignoring case and accents (:func:`sort_key`), as a reader expects.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

#: Latin letters that Unicode does not decompose into a base letter and an accent.
_LATIN = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "ŧ": "t",
        "Ŧ": "T",
        "ŋ": "n",
        "Ŋ": "N",
        "ĸ": "k",
        "ſ": "s",
    }
)
#: Hexadecimal digits of the hash: 32 bits, so two names of one newsletter sharing
#: one is unlikely, and the callers still make ids unique on a page when they do.
HASH_LENGTH = 8
#: What a slug joins its words with: anything but lower-case ASCII letters and digits.
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def latin_ascii(text: str) -> str:
    """``text`` with its Latin letters in ASCII (``Mickaël Łukasz`` -> ``Mickael
    Lukasz``); letters of other scripts are left as they are."""
    if text.isascii():  # most names and titles: nothing to spell
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def needs_hash(text: str) -> bool:
    """True when an ASCII id of ``text`` would lose what tells it apart: a letter or
    digit with no ASCII spelling, or nothing in ASCII at all (``🚀``)."""
    ascii_form = latin_ascii(text)
    if ascii_form.isascii():  # most names and titles: every letter kept
        return bool(text.strip()) and not any(c.isalnum() for c in ascii_form)
    if any(c.isalnum() and not c.isascii() for c in ascii_form):
        return True
    return bool(text.strip()) and not any(c.isalnum() and c.isascii() for c in ascii_form)


def short_hash(text: str) -> str:
    """A few hexadecimal digits made from ``text`` alone (NFC, so the same text typed
    in composed or decomposed form gives the same digits)."""
    data = unicodedata.normalize("NFC", text).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def id_text(text: str) -> str:
    """What to make an id of for ``text``: its ASCII spelling, followed by its short
    hash when that spelling loses letters (``bpf: 何か`` -> ``bpf: <hash>``)."""
    text = text.strip()
    ascii_form = latin_ascii(text)
    return f"{ascii_form} {short_hash(text)}" if needs_hash(text) else ascii_form


def slug(text: str) -> str:
    """A page-name-safe form of a tag or a name: ``Mickaël Salaün`` -> ``mickael-salaun``.

    Names that differ only in case or accents share it, as they share an index
    group or a tag page. A name the ASCII spelling loses letters of (``山田太郎``,
    ``bpf: 性能``) gets a short hash of its folded form, so two such names never
    share a page or an anchor, and neither depends on which was written first.
    """
    folded = sort_key(text.strip())[0]
    ascii_text = latin_ascii(folded).encode("ascii", "ignore").decode()
    base = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if needs_hash(folded):
        base = f"{base}-{short_hash(folded)}".lstrip("-")
    return base or "x"


def unique_slugs(prefix: str, names: Iterable[str]) -> list[str]:
    """An id ``PREFIX-SLUG`` for each name, unique among them: names that slug alike
    (``selftests/bpf``, ``selftests: bpf``) get ``-2``, ``-3`` ... in the order given,
    so the first keeps its id whatever comes after it."""
    ids: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = candidate = f"{prefix}-{slug(name)}"
        count = 1
        while candidate in taken:
            count += 1
            candidate = f"{base}-{count}"
        taken.add(candidate)
        ids.append(candidate)
    return ids


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores case and accents, then the text itself for ties."""
    if text.isascii():  # no accents to drop: the same key, without decomposing
        return text.lower(), text
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)), text
