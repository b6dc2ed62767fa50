"""Chinese text → search tokens: rjieba word segmentation and pypinyin full spellings and initials."""

import re
import unicodedata
from functools import lru_cache

import rjieba
from pypinyin import Style, lazy_pinyin

# Words that carry no meaning in how people ask (怎么办, 需要什么, 在哪里办…).
STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list is easier to maintain as text
        "我 我们 想 要 想要 的 了 着 吗 呢 啊 吧 呀 和 与 及 或 在 去 到 把 被 给 "
        "让 对 是 有 没 没有 能 能不能 可以 可不可以 怎么 怎么办 怎样 如何 怎么样 咋 咋办 "
        "哪里 哪儿 在哪 在哪里 去哪 去哪里 哪个 什么 啥 什么样 多少 多久 几天 需要 需 要求 "
        "请问 一下 个 一个 一家 家 些 一些 这个 那个 这 那 办 办理 办个 去办 要办 能办 "
        "手续 流程 步骤 申请 如何办理 怎么弄 弄 搞 帮 帮忙 告诉 知道 问 问问 谁 时候 情况 "
        "相关 方面 事情 事 东西 的话 之后 以后 网上 线上 可以吗 行不行 需要哪些 哪些 材料 "
        "开 开个 做 做个 弄个 搞个 不想 想开 审批吗 要审批吗 吗"
    ).split()
)
TOKEN = re.compile(r"[\w]+")
CJK = re.compile(r"[\u3400-\u9fff]")
ASCII_WORD = re.compile(r"^[a-z0-9 ]+$")


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, punctuation to spaces, runs of spaces folded."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Every meaningful word of `text`: the segmenter's words and their finer parts, without stopwords, each once."""
    found: dict[str, None] = {}
    for chunk in normalise(text).split(" "):
        if not chunk:
            continue
        for word in (*rjieba.cut(chunk), *rjieba.cut_for_search(chunk)):
            word = word.strip()
            if word and TOKEN.fullmatch(word) and word not in STOPWORDS:
                found[word] = None
    return tuple(found)


@lru_cache(maxsize=65536)
def _spell(word: str) -> tuple[str, str]:
    """Full pinyin and initials of one word (cached: the catalog repeats its words endlessly)."""
    return "".join(lazy_pinyin(word)), "".join(lazy_pinyin(word, style=Style.FIRST_LETTER))


def pinyin_forms(text: str) -> list[str]:
    """The spellings people type for `text`: full pinyin and initials of the whole name and of every run of up to four
    consecutive words in it (so 食品经营许可 is found by "spjy" and by "shipinjingying")."""
    plain = re.sub(r"[（(][^）)]*[）)]", "", text)  # parenthesised notes are not how people name a thing
    runs = ["".join(CJK.findall(part)) for part in re.split(r"[^\u3400-\u9fff]+", plain)]
    forms: dict[str, None] = {}
    for run in filter(None, runs):
        segments = [word for word in rjieba.cut(run) if word]
        spelled = [_spell(word) for word in segments]
        for size in range(1, 5):
            for start in range(len(segments) - size + 1):
                if len("".join(segments[start : start + size])) < 2:
                    continue
                forms["".join(full for full, _ in spelled[start : start + size])] = None
                forms["".join(initials for _, initials in spelled[start : start + size])] = None
        forms["".join(full for full, _ in spelled)] = None
        forms["".join(initials for _, initials in spelled)] = None
    return [form for form in forms if form.isascii() and form.isalnum()]


def is_pinyin_query(text: str) -> bool:
    return bool(ASCII_WORD.match(text)) and any(ch.isalpha() for ch in text)
