"""What makes two entries revisions of one patch series.

A series is re-sent as v2, v3, ... under the same title after the tags, or, when
its author uses b4, with the same ``change-id:`` in the cover letter. The mail
reader groups messages by these keys (:mod:`.threads`), and the newsletter groups
entries of different issues by them, so both agree on what "the same series" is.
"""

from __future__ import annotations


def title_key(title: str) -> str:
    """The title as revisions share it: case and runs of spaces do not count
    (``bpf:  Add BPF ID`` and ``bpf: add BPF ID`` are one series)."""
    return " ".join(title.casefold().split())
