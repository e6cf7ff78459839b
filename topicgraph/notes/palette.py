"""Theme colours for any number of themes: distinct from each other and visible on light and dark.

The first colours are the curriculum's own defaults that pass the visibility bar; more are picked
greedily (farthest first, CIE76 ΔE) from a ring of CIELAB colours of middle lightness, so each new
colour is as unlike the ones already taken as the bar allows.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..colors import contrast, parse_hex, to_hex
from ..parse import DEFAULT_COLORS

LIGHT, DARK = "#ffffff", "#0e1117"  # Streamlit's backgrounds
MIN_LIGHT, MIN_DARK = 1.9, 3.0  # contrast a node colour keeps on each (the bundled themes' bar)


def visible(color: str) -> bool:
    """True when *color* stands out on both backgrounds.

    >>> visible("#4e79a7"), visible("#ffff00"), visible("#000080")
    (True, False, False)
    """
    return contrast(color, LIGHT) >= MIN_LIGHT and contrast(color, DARK) >= MIN_DARK


def _lin(c: float) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def lab(color: str) -> tuple[float, float, float]:
    r, g, b = (_lin(c) for c in parse_hex(color))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _from_lab(lightness: float, a: float, b: float) -> str | None:
    fy = (lightness + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def inv(t: float) -> float:
        return t ** 3 if t ** 3 > 0.008856 else (t - 16 / 116) / 7.787

    x, y, z = inv(fx) * 0.95047, inv(fy), inv(fz) * 1.08883
    rgb = (3.2406 * x - 1.5372 * y - 0.4986 * z, -0.9689 * x + 1.8758 * y + 0.0415 * z,
           0.0557 * x - 0.2040 * y + 1.0570 * z)
    if min(rgb) < -0.001 or max(rgb) > 1.001:
        return None  # outside sRGB

    def gamma(c: float) -> float:
        c = min(1.0, max(0.0, c))
        return 255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)

    return to_hex((gamma(rgb[0]), gamma(rgb[1]), gamma(rgb[2])))


@lru_cache(maxsize=1)
def _pool() -> tuple[str, ...]:
    out = []
    for lightness in (52.0, 60.0, 68.0, 45.0):
        for chroma in (55.0, 40.0, 25.0):
            for step in range(36):
                h = math.radians(step * 10)
                c = _from_lab(lightness, chroma * math.cos(h), chroma * math.sin(h))
                if c and visible(c):
                    out.append(c)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=64)
def palette(n: int) -> tuple[str, ...]:
    """*n* colours, each visible on light and dark, as far apart as possible.

    >>> p = palette(30)
    >>> len(set(p)), all(visible(c) for c in p)
    (30, True)
    >>> min(math.dist(lab(a), lab(b)) for i, a in enumerate(palette(12)) for b in palette(12)[i + 1:]) >= 15
    True
    """
    chosen = [c for c in DEFAULT_COLORS if visible(c)]
    chosen = [c for i, c in enumerate(chosen) if all(math.dist(lab(c), lab(d)) >= 15 for d in chosen[:i])]
    chosen = chosen[:n]
    pool = [c for c in _pool() if c not in chosen]
    labs = {c: lab(c) for c in pool}
    nearest = {c: min((math.dist(labs[c], lab(d)) for d in chosen), default=1e9) for c in pool}
    while len(chosen) < n and pool:
        best = max(pool, key=lambda c: (nearest[c], c))
        chosen.append(best)
        pool.remove(best)
        for c in pool:
            nearest[c] = min(nearest[c], math.dist(labs[c], labs[best]))
    while len(chosen) < n:  # more themes than the pool holds: repeat (never reached below ~300)
        chosen.append(chosen[len(chosen) % max(1, len(chosen))])
    return tuple(chosen)
