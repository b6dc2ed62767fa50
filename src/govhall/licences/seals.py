"""The issuing department's electronic seal image (电子印章 appearance, after GB/T 38540-2020 and the usual 公章 layout):
a red ring, a five-pointed star in the middle, the department's name along the upper arc and the seal's purpose
(电子证照专用章) below the star. Drawn as SVG, the same for the same name; a department may upload its own image
instead (licences.models.Seal), which then takes its place on the licence documents."""

import base64
import math
from xml.sax.saxutils import escape

SEAL_RED = "#d7000f"
CAPTION = "电子证照专用章"
SIZE = 200  # viewBox units; the document places the seal at 40 mm
CENTRE = SIZE / 2
RING = 94  # the ring's radius
RING_WIDTH = 5
ARC_RADIUS = 70  # where the name's characters sit
STAR_RADIUS = 26
FONT_FAMILY = "WenQuanYi Micro Hei, Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, sans-serif"
SVG_TYPE = "image/svg+xml"
UPLOAD_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _star(radius: float) -> str:
    """The five points and five inner corners of a star pointing up, as an SVG path."""
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for index in range(10):
        length = radius if index % 2 == 0 else inner
        angle = math.radians(index * 36)
        points.append(f"{CENTRE + length * math.sin(angle):.2f},{CENTRE - length * math.cos(angle):.2f}")
    return "M" + " L".join(points) + " Z"


def _arc_span(count: int) -> float:
    """The arc (degrees) the name covers: wider for longer names, never past 250° (the caption needs the bottom)."""
    return min(250.0, max(90.0, count * 22.0))


def _name_on_arc(name: str) -> list[str]:
    count = len(name)
    if count == 0:
        return []
    span = _arc_span(count)
    step = span / count
    font_size = min(24.0, max(11.0, 2 * math.pi * ARC_RADIUS * (span / 360) / count * 0.9))
    elements = []
    for index, character in enumerate(name):
        # 0° is the top of the ring, angles grow clockwise: the name reads left to right over the top.
        angle = -span / 2 + step * (index + 0.5)
        x = CENTRE + ARC_RADIUS * math.sin(math.radians(angle))
        y = CENTRE - ARC_RADIUS * math.cos(math.radians(angle))
        elements.append(
            f'<text x="0" y="0" font-size="{font_size:.1f}" text-anchor="middle" dominant-baseline="central" '
            f'transform="translate({x:.2f} {y:.2f}) rotate({angle:.2f})">{escape(character)}</text>'
        )
    return elements


def seal_svg(department_name: str, *, caption: str = CAPTION) -> str:
    """The seal of `department_name` as an SVG document (deterministic: the same name gives the same bytes)."""
    name = " ".join(department_name.split())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
        f'role="img" aria-label="{escape(name, {chr(34): "&quot;"})}{escape(caption)}">',
        f'<g fill="{SEAL_RED}" font-family="{FONT_FAMILY}" font-weight="bold">',
        f'<circle cx="{CENTRE}" cy="{CENTRE}" r="{RING}" fill="none" stroke="{SEAL_RED}" stroke-width="{RING_WIDTH}"/>',
        f'<path d="{_star(STAR_RADIUS)}"/>',
        *_name_on_arc(name),
        f'<text x="{CENTRE}" y="{CENTRE + 50}" font-size="15" text-anchor="middle" '
        f'dominant-baseline="central">{escape(caption)}</text>',
        "</g></svg>",
    ]
    return "".join(parts)


def data_uri(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def seal_svg_data_uri(department_name: str) -> str:
    return data_uri(seal_svg(department_name).encode("utf-8"), SVG_TYPE)
