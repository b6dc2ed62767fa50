"""What a question asks about (材料 / 时限 / 收费 / 地点 / 流程 / 网办), by one table of keywords.

The first rule with a keyword in the question wins, so the order is the precedence: "失业金可以网上怎么申领" asks about
网办, "退休手续需要带什么材料" about 材料 (not 流程). A question that matches no rule asks how to do it."""

from typing import Final, Literal

Intent = Literal["materials", "time_limit", "fees", "place", "how", "online"]

INTENT_RULES: Final[tuple[tuple[Intent, tuple[str, ...]], ...]] = (
    (
        "online",
        ("网上", "网办", "在线", "线上", "手机上", "手机办", "手机", "app", "小程序", "天府通办", "不用跑", "不跑"),
    ),
    (
        "fees",
        (
            "多少钱",
            "花钱",
            "要钱",
            "交钱",
            "收钱",
            "付钱",
            "掏钱",
            "费用",
            "收费",
            "免费",
            "交费",
            "缴费",
            "工本费",
            "价格",
        ),
    ),
    (
        "time_limit",
        (
            "多久",
            "多长时间",
            "几天",
            "几个工作日",
            "多少天",
            "时限",
            "当天",
            "当场",
            "多快",
            "要等",
            "到账",
            "什么时候能",
        ),
    ),
    (
        "place",
        (
            "在哪里",
            "去哪里",
            "在哪儿",
            "去哪儿",
            "在哪",
            "哪里",
            "哪儿",
            "去哪",
            "哪个窗口",
            "哪个部门",
            "哪个大厅",
            "什么地方",
            "地址",
            "地点",
            "几点",
            "上班时间",
            "开门",
        ),
    ),
    (
        "materials",
        (
            "材料",
            "资料",
            "带什么",
            "带啥",
            "带哪些",
            "证件",
            "准备什么",
            "准备哪些",
            "准备啥",
            "要什么",
            "需要什么",
            "提交什么",
            "东西",
            "复印件",
        ),
    ),
    ("how", ("怎么", "如何", "怎样", "流程", "步骤", "手续", "程序", "咋")),
)
DEFAULT_INTENT: Final[Intent] = "how"
INTENTS: Final[tuple[Intent, ...]] = ("materials", "time_limit", "fees", "place", "how", "online")
# Said around every intent and naming no service: taken out before the question is searched.
FILLERS: Final[tuple[str, ...]] = (
    "需要",
    "可以",
    "能不能",
    "可不可以",
    "请问",
    "一下",
    "吗",
    "呢",
    "要",
    "了",
    "的",
    "能",
    "？",
    "?",
    "，",
    ",",
    "。",
)


# Longest first, so that 在哪里 goes whole rather than leaving 里 behind.
ALL_KEYWORDS: Final = tuple(
    sorted({word for _intent, keywords in INTENT_RULES for word in keywords}, key=len, reverse=True)
)


def intent_of(question: str) -> Intent:
    text = question.lower()
    for intent, keywords in INTENT_RULES:
        if any(keyword in text for keyword in keywords):
            return intent
    return DEFAULT_INTENT


def service_words(question: str) -> str:
    """The question without its intent keywords and fillers: what is left names the service."""
    text = question.lower()
    for word in ALL_KEYWORDS + FILLERS:
        text = text.replace(word, " ")
    return " ".join(text.split())
