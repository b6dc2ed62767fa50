"""The seal image drawn from a department's name: deterministic, well-formed SVG, every character of the name on the
ring and the caption below the star."""

import base64
import xml.etree.ElementTree as ET

from govhall.licences import seals

NAME = "广安市广安区市场监督管理局"
SVG = "{http://www.w3.org/2000/svg}"


def test_the_same_name_gives_the_same_seal_and_another_name_another():
    assert seals.seal_svg(NAME) == seals.seal_svg(NAME)
    assert seals.seal_svg(NAME) != seals.seal_svg("广安区民政局")


def test_the_seal_is_a_red_ring_with_a_star_the_name_on_the_arc_and_the_caption():
    root = ET.fromstring(seals.seal_svg(NAME))
    assert root.tag == f"{SVG}svg"
    circle = root.find(f".//{SVG}circle")
    assert circle is not None and circle.get("stroke") == seals.SEAL_RED
    assert root.find(f".//{SVG}path") is not None  # the star
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert texts[:-1] == list(NAME)
    assert texts[-1] == seals.CAPTION
    rotations = [element.get("transform", "") for element in root.iter(f"{SVG}text")][: len(NAME)]
    assert "rotate(-" in rotations[0] and "rotate(-" not in rotations[-1]  # left to right over the top


def test_a_name_with_markup_is_escaped():
    root = ET.fromstring(seals.seal_svg('<b>"局"</b>&'))
    assert [element.text for element in root.iter(f"{SVG}text")][:3] == ["<", "b", ">"]


def test_data_uri_holds_the_svg():
    uri = seals.seal_svg_data_uri(NAME)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == seals.seal_svg(NAME)
