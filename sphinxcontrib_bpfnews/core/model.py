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


@dataclass(frozen=True)
class Series:
    """A patch series (or a single patch): its cover subject and child patches."""

    subject: Subject
    author: str = ""
    url: str = ""
    patches: tuple[Patch, ...] = ()
    refused_url: str = ""


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
