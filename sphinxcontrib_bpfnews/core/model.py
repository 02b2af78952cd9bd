"""Plain data for what an issue contains: patch series, patches and talks.

Directives turn directive text into these objects and render them; later stages
(indexes, feeds, exports) read these, never node trees. They are frozen dataclasses
of strings and numbers so they pickle cheaply into the build environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinxcontrib_bpfnews.core.subjects import Subject

#: Accepted values of a talk's ``:kind:`` option, in the order the docs list them.
TALK_KINDS: tuple[str, ...] = ("slides", "video", "talk", "podcast", "article")
DEFAULT_TALK_KIND = "talk"


@dataclass(frozen=True)
class Patch:
    """One child patch of a series, as one line of the directive content."""

    subject: Subject
    url: str = ""
    #: An address refused as unsafe (``javascript:`` ...), shown as text only.
    refused_url: str = ""


#: The review trailers a series may carry, as the kernel writes them, in the order
#: shown: each is a ``patch-series`` option (``:reviewed-by:``) and a key of the
#: export's ``review`` object.
REVIEW_TRAILERS: tuple[str, ...] = ("reviewed-by", "acked-by", "tested-by")


def trailer_name(option: str) -> str:
    """A review trailer as mail writes it, ``Reviewed-by``, for its option's name."""
    return option.capitalize()


@dataclass(frozen=True)
class Series:
    """A patch series (or a single patch): its cover subject and child patches.

    An entry written as prose has no subject (``subject.raw == ""``): its text is
    its body, and ``prose_title`` the body's first sentence (:mod:`.sentences`).
    """

    subject: Subject
    author: str = ""
    url: str = ""
    patches: tuple[Patch, ...] = ()
    refused_url: str = ""
    #: Names for each of :data:`REVIEW_TRAILERS` that has any, in that order.
    review: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: An entry without a subject: the first sentence of its text.
    prose_title: str = ""
    #: The mailing list a lore address names, for an entry without a subject.
    url_list: str = ""
    #: b4's ``change-id:`` of the series, which its revisions share whatever their
    #: titles (``:change-id:``), or "".
    change_id: str = ""

    @property
    def is_prose(self) -> bool:
        return not self.subject.raw.strip()

    @property
    def title(self) -> str:
        """What the entry is called wherever a title is needed: the subject's title,
        else the subject as written, else (prose) its first sentence, else its address."""
        subject = self.subject
        return subject.title or subject.raw.strip() or self.prose_title or self.url

    @property
    def mailing_list(self) -> str:
        """The subject's list tag, else the list the address of a prose entry names."""
        return self.subject.list_tag or (self.url_list if self.is_prose else "")

    def reviewers(self, trailer: str) -> tuple[str, ...]:
        return dict(self.review).get(trailer, ())


@dataclass(frozen=True)
class Talk:
    """A talk, slide deck, video, podcast or article."""

    title: str
    kind: str = DEFAULT_TALK_KIND
    url: str = ""
    event: str = ""
    speakers: tuple[str, ...] = field(default=())
    date: str = ""
    refused_url: str = ""
    #: ``date`` as readers see it (``bpfnews_date_format``, in the project's
    #: language), made when the page is read; ``date`` stays the ISO value the
    #: export holds.
    shown_date: str = ""
