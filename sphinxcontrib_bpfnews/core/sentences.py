"""The first sentence of an entry written as prose: its title wherever one is needed.

Newsletters write a change as a paragraph ("Support for frobnicating maps landed,
so programs can frob in place. It needs ..."), and the indexes, feeds, export and
links need a title for it. The title is the first sentence of the first paragraph,
read from its text with code spans in backticks (as subjects are written), so:

- a sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by white space, or at
  the CJK full stops ``。！？``, which need none, once a word has come before it;
  closing quotes and brackets after the mark stay with the sentence;
- nothing inside a code span ends a sentence (```foo. Bar``` stays whole);
- a full stop does not end a sentence after a known abbreviation (``e.g.``,
  ``i.e.``, ``etc.``, ``vs.`` ...), after an initial (``A. Developer``) or a word
  with dots inside (``U.S.``), or when a lower-case letter follows;
- the title keeps a final ``!`` or ``?`` and drops a final ``.`` (but not an
  abbreviation's) or ``。``;
- a paragraph with no end of sentence is its own title.

A rule of thumb, not a language model: it never cuts inside code or after an
abbreviation it knows, and at worst takes a longer title than the author meant.
"""

from __future__ import annotations

import re

#: Abbreviations a full stop does not end a sentence after, lower case.
ABBREVIATIONS = frozenset(
    {
        "e.g.",
        "i.e.",
        "etc.",
        "vs.",
        "cf.",
        "al.",
        "approx.",
        "incl.",
        "resp.",
        "no.",
        "nr.",
        "vol.",
        "fig.",
        "sec.",
        "ch.",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "prof.",
        "st.",
        "jr.",
        "sr.",
        "ca.",
        "a.k.a.",
    }
)
_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)", re.DOTALL)
#: An end mark, the closing quotes and brackets that belong to it, and what follows.
_END = re.compile(r"([.!?…]+)[\"'”’»)\]]*(\s+)|([。！？])")
_DOTTED = re.compile(r"(?:\w{1,3}\.){2,}")
_WORD = re.compile(r"\w")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (one paragraph, code spans in backticks)."""
    text = " ".join(text.split())
    position = 0
    for code in [*_CODE_SPAN.finditer(text), None]:
        stop = code.start() if code else len(text)
        end = _sentence_end(text, position, stop)
        if end is not None:
            return _trimmed(text[:end])
        position = code.end() if code else stop
    return _trimmed(text)


def _sentence_end(text: str, start: int, stop: int) -> int | None:
    """Where the first sentence ending between ``start`` and ``stop`` ends, if any."""
    for match in _END.finditer(text, start, stop):
        end = match.end(3) if match.group(3) else match.start(2)
        if not _WORD.search(text, 0, end):
            continue  # marks before any word end nothing
        if match.group(3):  # a CJK full stop
            return end
        if text[match.end() : match.end() + 1].islower():
            continue
        if match.group(1) == "." and _is_abbreviation(text[: match.start(1) + 1]):
            continue
        return end
    return None


def _is_abbreviation(text: str) -> bool:
    """True when ``text`` (up to a full stop) ends in an abbreviation or an initial."""
    # ``text`` ends with the full stop, so it has a last word.
    token = text.split()[-1].lstrip("(\"'“‘«[").lower()
    bare = token[:-1]
    return (
        token in ABBREVIATIONS
        or (len(bare) == 1 and bare.isalpha())
        or bool(_DOTTED.fullmatch(token))
    )


def _trimmed(sentence: str) -> str:
    """The sentence without the space around it and without a final full stop."""
    sentence = sentence.strip()
    if sentence.endswith(".") and not sentence.endswith("..") and not _is_abbreviation(sentence):
        sentence = sentence[:-1].rstrip()
    if sentence.endswith("。"):
        sentence = sentence[:-1]
    return sentence
