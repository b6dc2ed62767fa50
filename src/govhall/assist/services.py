"""智能导办: a question in everyday words answered from the published guides — which item, what is asked, and the guide's
own text — or, when the match is weak or ambiguous, said so with the nearest items and the way to ask a person."""

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from govhall.assist import answers
from govhall.assist.intents import INTENTS, Intent, intent_of, service_words
from govhall.assist.matching import CONFIDENT_COVERAGE, WEAK_COVERAGE, Candidate, coverage, match
from govhall.assist.models import AnswerFeedback
from govhall.bundles import selectors as bundle_selectors
from govhall.catalog import selectors
from govhall.catalog.models import Item
from govhall.core import throttle
from govhall.evaluation.moderation import strip_personal_data

MAX_QUESTION = 200
MAX_ALTERNATIVES = 4
BUNDLE_COVERAGE = 0.5  # a bundle is offered when its name and keywords hold more than this share of the question
# "这个回答有帮助吗？" answers taken from one address in an hour: enough for a long conversation, not for a script.
FEEDBACK_PER_ADDRESS_PER_HOUR = 60


class QuestionError(ValueError):
    """The question cannot be answered as typed; the message says why, for the person who typed it."""


class TooOften(QuestionError):
    """Too many feedback answers from one address this hour."""


@dataclass(frozen=True)
class Reference:
    code: str
    name: str
    source: str  # the guide page
    has_guide: bool = True


@dataclass(frozen=True)
class BundleRef:
    """A 一件事一次办 bundle the question is about: several items applied for at once."""

    slug: str
    name: str
    source: str
    promised_days: int


@dataclass(frozen=True)
class Answer:
    question: str
    intent: Intent
    item: Reference | None
    confident: bool
    lines: list[str]  # the guide's own text, one field or row a line
    intro: str  # what kind of answer this is (sure, unsure, nothing found)
    alternatives: list[Reference] = field(default_factory=list)
    consult: str = ""  # the guide's 咨询方式 (or the hotline)
    bundles: list[BundleRef] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join([self.intro, *self.lines]) if self.lines else self.intro

    @property
    def source(self) -> str:
        return self.item.source if self.item is not None else ""


def clean_question(raw: str) -> str:
    if any(unicodedata.category(character) == "Cc" and not character.isspace() for character in raw or ""):
        raise QuestionError(_("问题中有无法识别的控制字符，请重新输入。"))
    question = " ".join((raw or "").split())
    if not question:
        raise QuestionError(_("请输入您想问的问题，例如：开饭店要带什么材料。"))
    if len(question) > MAX_QUESTION:
        raise QuestionError(_("问题过长：请不超过 %(n)s 个字。") % {"n": MAX_QUESTION})
    return question


def reference(item: Item) -> Reference:
    return Reference(item.implementation_code, item.name, item.get_absolute_url(), item.has_guide)


def is_confident(candidates: list[Candidate]) -> bool:
    """Sure when the first item explains most of the question, no lower one explains more of it, and it is not tied
    with the second where neither has a guide (then only the names' ranking stands between them)."""
    best = candidates[0]
    if best.coverage < CONFIDENT_COVERAGE:
        return False
    if any(other.coverage > best.coverage for other in candidates[1:3]):
        return False
    if len(candidates) > 1:
        second = candidates[1]
        if second.coverage == best.coverage and not best.item.has_guide and not second.item.has_guide:
            return False
    return True


def bundles_for(terms: tuple[str, ...]) -> list[BundleRef]:
    """The bundles whose name or keywords hold more than half of the question's service words."""
    found = bundle_selectors.matching_bundles(" ".join(terms)) if terms else []
    return [
        BundleRef(bundle.slug, bundle.name, reverse("portal:bundle", args=[bundle.slug]), bundle.promised_days)
        for bundle in found
        if coverage(terms, f"{bundle.name} {bundle.keywords}") > BUNDLE_COVERAGE
    ]


def answer(raw: str) -> Answer:
    question = clean_question(raw)
    intent = intent_of(question)
    found = match(service_words(question))
    bundles = bundles_for(found.terms)
    best = found.best
    if best is None or best.coverage < WEAK_COVERAGE:
        near = [candidate for candidate in found.candidates if candidate.coverage > 0]
        others = [reference(candidate.item) for candidate in near[:MAX_ALTERNATIVES]]
        intro = _("没有找到与您的问题对应的办事指南。请换个说法再问，或者向工作人员咨询。")
        return Answer(question, intent, None, False, [], intro, others, settings.GOVHALL_HOTLINE, bundles)
    item = selectors.guide_item(best.item.implementation_code) or best.item
    confident = is_confident(found.candidates)
    others = [reference(c.item) for c in found.candidates if c.item.pk != item.pk][:MAX_ALTERNATIVES]
    if not confident:
        intro = _("我不能确定您问的是哪一项服务。最接近的是「%(name)s」") % {"name": item.name}
        intro += _("，它的办事指南写明：") if item.has_guide else "："
    elif item.has_guide:
        intro = _("「%(name)s」的办事指南写明：") % {"name": item.name}
    else:
        intro = _("「%(name)s」：") % {"name": item.name}
    return Answer(
        question,
        intent,
        reference(item),
        confident,
        answers.quote(item, intent),
        intro,
        others if not confident else others[:2],
        answers.consult_channels(item),
        bundles,
    )


def record_feedback(
    *, question: str, item_code: str, intent: str, confident: bool, helpful: bool, ip_address: str | None = None
) -> AnswerFeedback:
    """Keep one "was this helpful?" answer, anonymously: personal data is taken out of the question first, and the
    address only counts toward the hourly limit (hashed, in the rate counter; never stored with the answer)."""
    if intent not in INTENTS:
        raise QuestionError(_("无法识别的问题类型。"))
    if ip_address:
        key = "assist:feedback:" + hashlib.sha256(ip_address.encode()).hexdigest()[:24]
        if not throttle.take(key, limit=FEEDBACK_PER_ADDRESS_PER_HOUR, per=timedelta(hours=1)):
            raise TooOften(_("提交过于频繁，请稍后再试。"))
    text = strip_personal_data(clean_question(question))[:MAX_QUESTION]
    return AnswerFeedback.objects.create(
        question=text, item_code=item_code[:80], intent=intent, confident=confident, helpful=helpful
    )
