"""Content text on its way into Streamlit's Markdown: plain fields made literal, remote images blocked.

Streamlit renders Markdown with extras on top of CommonMark (GFM autolinks, ``$math$``,
``:material/icon:``, ``:red[colour]`` directives, ``:emoji:`` short codes). A plain text
field (a title, a summary, a URL value) must show as typed, so :func:`literal` turns every
ASCII punctuation character into a numeric character reference (which no Markdown
extension treats as syntax) and breaks the patterns of GFM's autolink literals, which are
found in the text *after* parsing, with an invisible word joiner.

The chapter body is Markdown on purpose; :func:`block_remote_images` replaces images that
would be fetched from another host (nothing may leave the machine because of content)
with their alt text and a note. Images are found with markdown-it-py's own parser, not a
regular expression, so code spans, code blocks and escaped brackets are left alone.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

WORD_JOINER = "\u2060"  # invisible, and keeps the words together
_PUNCTUATION = frozenset(string.punctuation)
# GFM autolink literals: ``http(s)://``, ``www.`` and e-mail addresses (``x@y.z``).
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)")
_SCHEME = re.compile(r"\A[a-zA-Z][a-zA-Z0-9+.-]*:")
BLOCKED_NOTE = "(remote image blocked)"


def literal(text: str, limit: int | None = None) -> str:
    """Markdown source that Streamlit renders as exactly ``text`` (line breaks become spaces).

    ``limit`` cuts the text to that many characters, ending with an ellipsis.

    >>> literal("*Redis* [1]")
    '&#42;Redis&#42; &#91;1&#93;'
    >>> literal(":red[x] $y$")
    '&#58;red&#91;x&#93; &#36;y&#36;'
    >>> literal("see https://example.com") == "see https&#58;\u2060&#47;&#47;example&#46;com"
    True
    >>> literal("a\\n\\n# b")
    'a  &#35; b'
    >>> literal("abcdef", limit=4)
    'abc…'
    """
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _AUTOLINK.sub(WORD_JOINER, text)
    out = []
    for ch in text:
        if ch in _PUNCTUATION:
            out.append(f"&#{ord(ch)};")
        elif ch in "\r\n\t\v\f":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def is_remote(src: str) -> bool:
    """True when a browser would fetch ``src`` from somewhere other than the page's own server.

    Browsers drop tabs and line breaks in URLs and read backslashes as slashes, so this does too.

    >>> [is_remote(u) for u in ("https://x.org/a.png", "//x.org/a.png", "\\\\\\\\x.org/a", "HTTP:x", "a.png")]
    [True, True, True, True, False]
    >>> is_remote("/static/a.png"), is_remote("data:image/png;base64,AAAA")
    (False, False)
    """
    url = "".join(ch for ch in src if ch > " ").replace("\\", "/")
    if url.startswith("//"):
        return True
    scheme = _SCHEME.match(url)
    return scheme is not None and scheme.group(0).lower() != "data:"


@dataclass(frozen=True)
class _Image:
    """One remote image: where its Markdown sits in an inline token's source, and its alt text."""

    source: str
    start: int
    end: int
    src: str
    alt: str

    @property
    def raw(self) -> str:
        return self.source[self.start:self.end]


def _parser(found: list[_Image]) -> MarkdownIt:
    """CommonMark + GFM tables, with an image rule that records each remote image it parses."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every image the browser would
    original: Callable[[StateInline, bool], bool] = md.inline.ruler.__rules__[
        md.inline.ruler.__find__("image")].fn

    def image(state: StateInline, silent: bool) -> bool:
        start = state.pos
        ok = original(state, silent)
        if ok and not silent:
            token = state.tokens[-1]
            src = str(token.attrs.get("src", ""))
            if is_remote(src):
                alt = "".join(child.content for child in token.children or [])
                found.append(_Image(state.src, start, state.pos, src, alt))
        return ok

    md.inline.ruler.at("image", image)
    return md


def _scan(body: str) -> list[tuple[list[int] | None, str, list[_Image]]]:
    """For each inline token holding remote images: its line range, its source and the images."""
    found: list[_Image] = []
    tokens = _parser(found).parse(body)
    out = []
    for token in tokens:
        if token.type == "inline":
            mine = [img for img in found if img.source is token.content]
            if mine:
                out.append((token.map, token.content, mine))
    return out


def remote_images(body: str) -> list[tuple[int, str]]:
    """``(line, src)`` of every image in ``body`` that would be fetched from another host.

    >>> remote_images("Text\\n\\n![chart](https://x.org/c.png) and `![no](http://y)`\\n")
    [(3, 'https://x.org/c.png')]
    >>> remote_images("```\\n![code](http://x/y.png)\\n```\\n![local](a.png)\\n")
    []
    """
    return [((lines[0] + 1) if lines else 1, img.src) for lines, _src, imgs in _scan(body) for img in imgs]


def _note(img: _Image) -> str:
    return f"*{literal(img.alt or 'image')}* {literal(BLOCKED_NOTE)}"


def block_remote_images(body: str) -> str:
    """``body`` with every remote image replaced by its alt text and a note.

    >>> block_remote_images("# T\\n\\nSee ![the chart](https://x.org/c.png \\"t\\").\\n")
    '# T\\n\\nSee *the chart* &#40;remote image blocked&#41;.\\n'
    >>> block_remote_images("[![logo][l]](/x)\\n\\n[l]: //cdn.example/l.svg\\n")
    '[*logo* &#40;remote image blocked&#41;](/x)\\n\\n[l]: //cdn.example/l.svg\\n'
    >>> block_remote_images("Safe ![a](a.png)") == "Safe ![a](a.png)"
    True
    """
    scanned = _scan(body)
    if not scanned:
        return body
    lines = body.splitlines(keepends=True)
    for span, source, images in reversed(scanned):  # later blocks first: earlier line numbers stay valid
        first, last = (span[0], span[1]) if span else (0, len(lines))
        segment = "".join(lines[first:last])
        pos, parts, intact = 0, [], True
        for img in images:
            at = segment.find(img.raw, pos)
            if at < 0:  # the block's source differs from its lines (e.g. indentation): rebuild the block
                intact = False
                break
            parts += [segment[pos:at], _note(img)]
            pos = at + len(img.raw)
        if intact:
            new = "".join(parts) + segment[pos:]
        else:
            text, cut = [], 0
            for img in images:
                text += [literal(source[cut:img.start]), _note(img)]
                cut = img.end
            new = "".join(text) + literal(source[cut:]) + "\n\n"
        lines[first:last] = [new]
    return "".join(lines)


def demote_h1(body: str) -> str:
    """``body`` with its level-1 headings made level 2: the page's one ``<h1>`` is the chapter title.

    >>> demote_h1("# Top\\n\\nText\\n\\nSetext\\n======\\n\\n```\\n# code\\n```\\n")
    '## Top\\n\\nText\\n\\nSetext\\n------\\n\\n```\\n# code\\n```\\n'
    """
    lines = body.splitlines(keepends=True)
    changed = False
    for token in MarkdownIt("commonmark").parse(body):
        if token.type != "heading_open" or token.tag != "h1" or not token.map:
            continue
        if token.markup == "#":
            line = token.map[0]
            lines[line] = lines[line].replace("#", "##", 1)
        else:  # setext: the underline of '=' becomes '-'
            line = token.map[1] - 1
            lines[line] = lines[line].replace("=", "-")
        changed = True
    return "".join(lines) if changed else body


_UNSAFE_SCHEMES = ("data:", "javascript:", "vbscript:", "file:")


def _unsafe_href(href: str) -> bool:
    # Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
    squeezed = "".join(ch for ch in href if ord(ch) > 32).lower()
    return squeezed.startswith(_UNSAFE_SCHEMES)


def block_unsafe_links(body: str) -> str:
    """``body`` with every block that holds a ``data:``, ``javascript:``, ``vbscript:`` or ``file:``
    link (inline, reference or autolink, entity-encoded or not) shown as plain text instead.

    Link targets are found with markdown-it-py (every destination accepted, so nothing hides
    from the check), and the whole block is made literal: its text still reads, nothing clicks.

    >>> block_unsafe_links("Fine [a](/x).\\n\\nBad [d](&#100;ata:text/html,x) here.\\n")
    'Fine [a](/x).\\n\\nBad &#91;d&#93;&#40;&#38;&#35;100&#59;ata&#58;text&#47;html&#44;x&#41; here&#46;\\n\\n'
    >>> block_unsafe_links("[x][r]\\n\\n[r]: JavaScript:alert(1)\\n").startswith("&#91;x&#93;")
    True
    >>> block_unsafe_links("`[d](data:x)` in code is fine\\n")
    '`[d](data:x)` in code is fine\\n'
    """
    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    spans: list[tuple[int, int]] = []
    for token in md.parse(body):
        if token.type != "inline" or token.map is None:
            continue
        if any(child.type == "link_open" and _unsafe_href(str(child.attrGet("href") or ""))
               for child in token.children or ()):
            spans.append((token.map[0], token.map[1]))
    if not spans:
        return body
    lines = body.splitlines(keepends=True)
    for first, last in reversed(spans):
        lines[first:last] = [literal("".join(lines[first:last]).strip()) + "\n\n"]
    return "".join(lines)
