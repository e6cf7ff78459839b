"""Warnings about content that loads but deserves an author's attention (``validate`` prints them).

A warning never leaves anything out. Today there is one kind: a remote image. The app never
loads one (it shows the alt text instead), so an author should know the picture will not appear.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from .model import ContentError, Curriculum

_md = MarkdownIt("commonmark")


def is_remote(src: str) -> bool:
    """True for a URL the browser would fetch from another host.

    >>> [is_remote(u) for u in ("http://x.invalid/a.png", "//x.invalid/a.png", "HTTPS://x", "a.png", "data:,x")]
    [True, True, True, False, False]
    """
    src = src.strip()
    if src.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    try:
        parts = urlsplit(src)
    except ValueError:
        return True  # unparseable: treat as foreign
    return bool(parts.netloc) or parts.scheme.lower() not in ("", "data")


def remote_images(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """``(line, src)`` of every Markdown image (inline or by reference) pointing to another host.

    >>> list(remote_images("Intro\\n\\nSee ![chart](https://example.invalid/c.png).", 10))
    [(12, 'https://example.invalid/c.png')]
    """
    if "![" not in text:  # no image at all: skip the Markdown parse (most text)
        return
    lines = text.splitlines()
    for token in _md.parse(text):
        if token.type != "inline" or not token.children:
            continue
        start, end = token.map or (0, 1)
        for child in token.children:
            src = str(child.attrs.get("src", "")) if child.type == "image" else ""
            if src and is_remote(src):
                offset = next((i for i in range(start, end) if src in lines[i]), start)
                yield first_line + offset, src


def content_warnings(cur: Curriculum) -> list[ContentError]:
    """Remote images in every text field a reader sees, located ``path:line: field``."""
    out: list[ContentError] = []
    for c in cur.chapters:
        fields = [("title", c.title), ("summary", c.summary), ("context.label", c.context.label),
                  ("context.why", c.context.why)]
        for key, text in fields:
            for _, src in remote_images(text):
                out.append(ContentError(c.path, c.lines.get(key, 1), key, key="problem.image.remote",
                                        src=repr(src[:80])))
        for line, src in remote_images(c.body, c.lines.get("body", 1)):
            out.append(ContentError(c.path, line, "body", key="problem.image.remote", src=repr(src[:80])))
    return out
