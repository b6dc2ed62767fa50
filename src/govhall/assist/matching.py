"""Which item a question is about: the catalog's own search finds the candidates, and a plain measure says how much of
the question the best of them explains, so that a weak or ambiguous match is answered as such instead of guessed."""

from dataclasses import dataclass
from typing import Final

from govhall.catalog.models import Item
from govhall.catalog.search import synonym_table
from govhall.catalog.selectors import ItemFilters, search_items
from govhall.catalog.tokens import words

CANDIDATES: Final = 5
# The share of the question's service words the best item must explain to be answered without a caveat …
CONFIDENT_COVERAGE: Final = 0.7
# … and below this share nothing is answered: the question is too far from every guide.
WEAK_COVERAGE: Final = 0.34
# Words that say what to do with a service, not which one (补 / 换 / 领 …): they do not count toward the coverage.
ACTION_WORDS: Final = frozenset(
    (  # noqa: SIM905 - a word list is easier to maintain as text
        "证明 带 领 补 换 交 要交 拿 拿到 等 办好 下来 出来 办完 上办 提交 准备 收 不 不能 可能 走 上 哪 哪补 哪办 "
        "部门 中心 地方 窗口 审批 申领 报名 迁过来 过来 丢 到期 一次 几点 上班 不要 办下来 能拿 当天"
    ).split()
)


@dataclass(frozen=True)
class Candidate:
    item: Item
    coverage: float  # 0–1: the share of the question's service words the item's name, keywords or synonyms hold


@dataclass(frozen=True)
class Match:
    terms: tuple[str, ...]
    candidates: list[Candidate]

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def service_terms(text: str) -> tuple[str, ...]:
    """The question's words that name a service: the segmenter's words without action words and without the parts
    of a longer word that is also there (营业执照, not 营业 and 执照 again)."""
    found = [word for word in words(text) if word not in ACTION_WORDS]
    return tuple(word for word in found if not any(word != other and word in other for other in found))


def item_text(item: Item, synonyms: dict[str, list[str]], text: str) -> str:
    """What an item is called: its name, main item, keywords, and the people's words (synonyms in the question) whose
    catalog words are in its name."""
    version = item.current_version
    parts = [item.name, item.main_item, version.keywords if version is not None else ""]
    parts += [term for term, targets in synonyms.items() if term in text and any(t in item.name for t in targets)]
    return " ".join(parts)


def coverage(terms: tuple[str, ...], haystack: str) -> float:
    total = sum(len(term) for term in terms)
    if not total:
        return 0.0
    return sum(len(term) for term in terms if term in haystack) / total


def match(text: str) -> Match:
    """Candidates for the service words `text`, in the search's order, each with its coverage."""
    terms = service_terms(text)
    if not terms:
        return Match(terms=(), candidates=[])
    found = search_items(text, ItemFilters(), limit=CANDIDATES).items
    items = {
        item.pk: item for item in Item.objects.select_related("current_version").filter(pk__in=[i.pk for i in found])
    }
    synonyms = synonym_table()
    compact = text.replace(" ", "")
    candidates = [
        Candidate(item=found_item, coverage=coverage(terms, item_text(items[found_item.pk], synonyms, compact)))
        for found_item in found
        if found_item.pk in items
    ]
    return Match(terms=terms, candidates=candidates)
