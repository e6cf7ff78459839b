"""Colour arithmetic for readable text: WCAG 2 contrast and text shades derived from a theme colour.

Theme colours are chosen to tell themes apart, not to be read as text; :func:`text_shade`
darkens (or lightens) one until it reaches a contrast ratio against a background.
"""

from __future__ import annotations

import re

HEX_RE = re.compile(r"\A#[0-9a-fA-F]{6}\Z")
RGB = tuple[int, int, int]


def parse_hex(color: str) -> RGB:
    """``'#rrggbb'`` as an ``(r, g, b)`` tuple; anything else is a ``ValueError``.

    >>> parse_hex("#4E79a7")
    (78, 121, 167)
    >>> parse_hex("red")
    Traceback (most recent call last):
    ...
    ValueError: not a '#rrggbb' colour: 'red'
    """
    if not isinstance(color, str) or not HEX_RE.match(color):
        raise ValueError(f"not a '#rrggbb' colour: {color!r}")
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    """An ``(r, g, b)`` tuple (rounded, clamped to 0-255) as ``'#rrggbb'``.

    >>> to_hex((78, 121, 167.4))
    '#4e79a7'
    """
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(color: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white).

    >>> luminance("#000000"), luminance("#ffffff")
    (0.0, 1.0)
    """

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in parse_hex(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours, 1 to 21.

    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    >>> round(contrast("#ff9da7", "#ffffff"), 2)  # a theme colour as text on white: unreadable
    1.98
    """
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, t: float) -> str:
    """``a`` moved a fraction ``t`` of the way towards ``b`` (in sRGB).

    >>> mix("#000000", "#ffffff", 0.5)
    '#808080'
    """
    ra, rb = parse_hex(a), parse_hex(b)
    return to_hex((ra[0] + (rb[0] - ra[0]) * t, ra[1] + (rb[1] - ra[1]) * t, ra[2] + (rb[2] - ra[2]) * t))


def text_shade(color: str, background: str, ratio: float = 4.5) -> str:
    """The shade of ``color`` closest to it that reads at ``ratio``:1 on ``background``.

    It is mixed towards black on a light background and towards white on a dark one, in
    small steps, so the hue stays recognisable.

    >>> shade = text_shade("#ff9da7", "#ffffff")
    >>> contrast(shade, "#ffffff") >= 4.5, shade
    (True, '#a3646b')
    >>> contrast(text_shade("#4e79a7", "#0e1117"), "#0e1117") >= 4.5
    True
    >>> text_shade("#000000", "#ffffff")  # already readable: unchanged
    '#000000'
    """
    target = "#000000" if luminance(background) > 0.18 else "#ffffff"
    for step in range(0, 101):
        shade = mix(color, target, step / 100)
        if contrast(shade, background) >= ratio:
            return shade
    return target
