"""The first sentence of a prose entry's text: its title wherever one is needed."""

from __future__ import annotations

import pytest

from sphinxcontrib_bpfnews.core.sentences import first_sentence


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("One thing landed. Another did too.", "One thing landed"),
        ("Maps, e.g. hash maps, can be frobbed. Next.", "Maps, e.g. hash maps, can be frobbed"),
        (
            "Use i.e. the new flag; see etc. for more. Next",
            "Use i.e. the new flag; see etc. for more",
        ),
        ("A. Developer added it. Next", "A. Developer added it"),
        ("The U.S. Government likes it. Next", "The U.S. Government likes it"),
        ("Fixed (e.g. Maps) too. Next", "Fixed (e.g. Maps) too"),
        ("Fixed. iOS works. Next", "Fixed. iOS works"),
        ("It works . Next", "It works"),
        ("… And more. Next", "… And more"),
        ("I! Next", "I!"),
        ("It landed. —", "It landed"),
        ('Use "e.g." Then more. Next', 'Use "e.g." Then more'),
        ("Use Xe. Next", "Use Xe"),
        ("Done.", "Done"),
        ("Done. `code` after", "Done"),
        ("Use x.`y`. Next", "Use x.`y`"),
        ("A `b`, cd. Next", "A `b`, cd"),
        ("Call `obj.method. Really` now. Next", "Call `obj.method. Really` now"),
        ("Call ``a ` b. C`` now. Next", "Call ``a ` b. C`` now"),
        ("It works! Next", "It works!"),
        ("Does it work? Yes.", "Does it work?"),
        ('He said "it landed." Then more', 'He said "it landed."'),
        ("(It landed.) Then more", "(It landed.)"),
        ("Version 1.2 of it works. Next", "Version 1.2 of it works"),
        ("It is fixed. so lower case goes on. Next", "It is fixed. so lower case goes on"),
        ("No end of sentence here", "No end of sentence here"),
        ("Fixes, cleanups etc.", "Fixes, cleanups etc."),
        ("BPF の新機能が入った。次の文", "BPF の新機能が入った"),
        ("新功能！下一句", "新功能！"),
        ("A line\nbroken  here. Next", "A line broken here"),
        ("Wait... What", "Wait..."),
        ("Unclosed ` tick. Next", "Unclosed ` tick"),
        ("", ""),
    ],
)
def test_first_sentence(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence
