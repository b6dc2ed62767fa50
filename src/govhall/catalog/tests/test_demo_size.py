"""The demo catalog's size: the README's figures are those of the data files, and the home page counts the items the
demo loads — the district list's rows plus the one item (生育登记) a complete guide adds."""

import re
from pathlib import Path

import pytest

from govhall.catalog.demo import demo_catalog_size, load_departments, load_guides
from govhall.catalog.models import Item
from govhall.catalog.selectors import catalog_stats

README = Path(__file__).resolve().parents[4] / "README.md"


def test_the_data_files_hold_1135_listed_items_and_one_added_by_a_guide():
    size = demo_catalog_size()
    assert size.district_items == 1135
    assert size.added_items == ("生育登记",)
    assert size.items == 1136


def test_the_readme_states_the_figures_of_the_data():
    size = demo_catalog_size()
    text = README.read_text(encoding="utf-8")
    demo = text[text.index("## Demo data") :]
    assert f"loads the {size.district_items:,} real service items" in demo
    assert f"complete\nguides for {size.complete_guides} common items" in demo
    assert all(name in demo for name in size.added_items)
    assert f"**{size.items:,}**" in demo
    assert not re.search(r"\b1,?13[0-9]\b", demo.replace(f"{size.district_items:,}", "").replace(f"{size.items:,}", ""))


@pytest.mark.django_db
def test_the_home_page_counts_the_loaded_items():
    load_departments()
    load_guides()
    assert Item.objects.count() == demo_catalog_size().items
    assert catalog_stats().items == demo_catalog_size().items
