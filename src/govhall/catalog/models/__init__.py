from govhall.catalog.models.guides import Faq, Fee, FormField, GuideVersion, Material, SpecialProcedure, Step, Variant
from govhall.catalog.models.items import Item
from govhall.catalog.models.navigation import LifeEvent, Theme
from govhall.catalog.models.search import ItemSearchDocument, SearchClick, SearchEvent, Synonym

__all__ = [
    "Faq",
    "Fee",
    "FormField",
    "GuideVersion",
    "Item",
    "ItemSearchDocument",
    "LifeEvent",
    "Material",
    "SearchClick",
    "SearchEvent",
    "SpecialProcedure",
    "Step",
    "Synonym",
    "Theme",
    "Variant",
]
