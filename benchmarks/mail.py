"""A synthetic week of a busy list as one mbox, for timing ``bpfnews series``.

Shaped like a week of the bpf and netdev lists: series of 1 to 12 patches (a third
with a cover letter), about one in five a new revision of an earlier series, sent
into the old thread or not, and about as many replies as patches, some with review
trailers and quoted text. Written with the standard library only.

    python benchmarks/mail.py /tmp/week.mbox --messages 5000
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

DIFF = """\
---
 kernel/bpf/verifier.c | 2 ++
 1 file changed, 2 insertions(+)

diff --git a/kernel/bpf/verifier.c b/kernel/bpf/verifier.c
index 0123456..89abcde 100644
--- a/kernel/bpf/verifier.c
+++ b/kernel/bpf/verifier.c
@@ -100,6 +100,8 @@ static int check_something(struct bpf_verifier_env *env)
 {
 \tint err;
+\tif (!env)
+\t\treturn -EINVAL;
 \terr = do_check(env);
 \treturn err;
 }
"""
TREES = ("bpf-next", "bpf-next", "bpf", "net-next", "net")
WORDS = [
    "map",
    "verifier",
    "helper",
    "arena",
    "ringbuf",
    "kfunc",
    "iterator",
    "trampoline",
    "btf",
    "lsm",
    "xdp",
    "sockmap",
]


def _message(frm: str, subject: str, date: datetime, msgid: str, parent: str, body: str) -> str:
    headers = [
        f"From {frm.split('<')[1].rstrip('>')} {date:%a %b %d %H:%M:%S %Y}",
        f"From: {frm}",
        "To: bpf@vger.kernel.org",
        f"Subject: {subject}",
        f"Date: {format_datetime(date)}",
        f"Message-ID: <{msgid}>",
        "List-Id: <bpf.vger.kernel.org>",
    ]
    if parent:
        headers += [f"In-Reply-To: <{parent}>", f"References: <{parent}>"]
    return "\n".join(headers) + "\n\n" + body.replace("\nFrom ", "\n>From ") + "\n"


def write_week(path: Path, messages: int, seed: int = 7) -> int:
    """Write about ``messages`` messages to ``path``; return how many were written."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 15, tzinfo=UTC)
    out: list[str] = []
    sent: list[tuple[str, str, int, str]] = []  # (title, tree, version, head msgid)
    number = 0
    while len(out) < messages:
        number += 1
        author = f"Dev{number % 400} Person <dev{number % 400}@example.org>"
        when = start + timedelta(seconds=rng.randrange(7 * 86400))
        if sent and rng.random() < 0.2:
            title, tree, version, old_head = rng.choice(sent)
            version += 1
            parent = old_head if rng.random() < 0.5 else ""
        else:
            title = f"bpf: {rng.choice(WORDS).title()} the {rng.choice(WORDS)} {number}"
            tree, version, parent = rng.choice(TREES), 1, ""
        total = rng.choice((1, 1, 1, 2, 3, 4, 5, 8, 12))
        cover = total > 1 and rng.random() < 0.6
        tag = f"PATCH {tree}" + (f" v{version}" if version > 1 else "")
        stamp = f"{when:%Y%m%d%H%M%S}.{number}"
        head = f"{stamp}-{0 if cover else 1}-dev@example.org"
        if cover:
            body = f"This series does {title}.\n\nChanges in v{version}:\n- things\n"
            out.append(_message(author, f"[{tag} 0/{total}] {title}", when, head, parent, body))
            parent = head
        for index in range(1, total + 1):
            msgid = f"{stamp}-{index}-dev@example.org"
            counter = f" {index}/{total}" if total > 1 else ""
            subject = f"[{tag}{counter}] bpf: Part {index} of {title}"
            body = f"Do part {index}.\n\nSigned-off-by: {author}\n{DIFF}"
            moment = when + timedelta(seconds=index)
            out.append(_message(author, subject, moment, msgid, parent or "", body))
            parent = parent or msgid
            if rng.random() < 0.8:
                reviewer = f"Reviewer{rng.randrange(50)} <rev@example.net>"
                trailer = rng.choice(("Acked-by", "Reviewed-by", "Tested-by", ""))
                reply = f"On a day you wrote:\n> Do part {index}.\n\nLooks fine.\n"
                if trailer:
                    reply += f"\n{trailer}: {reviewer}\n"
                later = moment + timedelta(hours=rng.randrange(1, 48))
                out.append(_message(reviewer, f"Re: {subject}", later, f"re.{msgid}", msgid, reply))
        sent.append((title, tree, version, head))
    path.write_text("".join(out), encoding="utf-8")
    return len(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args()
    print(write_week(args.path, args.messages), "messages")


if __name__ == "__main__":
    main()
