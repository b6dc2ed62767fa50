"""Search that understands how people ask: segmented words, synonyms from the admin table, pinyin spellings, ranked by
the database's own full-text engine (SQLite FTS5 bm25, or PostgreSQL ts_rank over a GIN-indexed tsvector)."""

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max
from pypinyin import lazy_pinyin

from govhall.catalog.models import Synonym
from govhall.catalog.tokens import CJK, STOPWORDS, is_pinyin_query, normalise, words

SYNONYM_CACHE_KEY = "catalog:synonyms:v1"
FILLERS = re.compile("[个了的吗呢啊吧呀]")
# FTS5 bm25 column weights: title, keywords, pinyin, body. PostgreSQL gets the same order through setweight A–D.
SQLITE_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
# Items whose guide is complete answer the person better than bare catalog entries: their score is raised by this share.
GUIDE_BOOST_SQLITE = 0.3  # bm25 is negative, lower is better: multiplying by 1.3 raises the item
GUIDE_BOOST_PG = 0.3


class QueryError(ValueError):
    """The search text cannot be used; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[str, ...] = ()
    expansions: tuple[str, ...] = ()
    pinyin: str = ""
    pinyin_words: tuple[str, ...] = ()  # the words of a spaced pinyin query, each a prefix too
    sounds: tuple[str, ...] = ()  # full pinyin of a short Chinese query: finds homophone typos (结昏证, 社保咔)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.expansions or self.pinyin)

    def cache_part(self) -> str:
        return f"{self.all_terms()}|{self.pinyin}|{self.pinyin_words}|{self.sounds}"

    def all_terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.terms + self.expansions))


def synonym_stamp() -> str:
    stamp = Synonym.objects.aggregate(changed=Max("updated_at"), rows=Count("id"))
    changed = stamp["changed"].timestamp() if stamp["changed"] else 0
    return f"{changed:.6f}:{stamp['rows']}"


def synonym_table(stamp: str | None = None) -> dict[str, list[str]]:
    """The active synonyms. Cached per process, keyed by the table's newest change and size, so an edit in admin is seen
    by every worker on its next search (one tiny aggregate query instead of reading the table)."""
    key = f"{SYNONYM_CACHE_KEY}:{stamp or synonym_stamp()}"
    table = cache.get(key)
    if table is None:
        table = {row.term: row.expansion_list() for row in Synonym.objects.filter(is_active=True)}
        cache.set(key, table, 3600)
    return table


def parse_query(raw: str, *, synonyms_stamp: str | None = None) -> ParsedQuery:
    """The search text as terms, synonym expansions or a pinyin prefix. `synonyms_stamp`, when the caller already
    has it, saves reading the synonym table's stamp again."""
    if len(raw) > settings.SEARCH_MAX_QUERY_LENGTH:
        raise QueryError(f"搜索内容过长：请不超过 {settings.SEARCH_MAX_QUERY_LENGTH} 个字。")
    text = normalise(raw)
    if not text:
        return ParsedQuery(text="")
    if is_pinyin_query(text):
        parts = [part[:40] for part in text.split(" ") if len(part) >= 2 and part.isalpha()]
        extra = tuple(part for part in parts if len(parts) > 1)
        return ParsedQuery(text=text, pinyin=text.replace(" ", "")[:40], pinyin_words=extra[:6])
    terms = words(text)
    expansions: list[str] = []
    # Synonyms match the text without spaces, as typed or without filler characters (换个法人 finds 换法人).
    compact = text.replace(" ", "")
    forms = (compact, FILLERS.sub("", compact))
    for term, targets in synonym_table(synonyms_stamp).items():
        if any(term in form for form in forms):
            for target in targets:
                expansions.extend(word for word in words(target) if word not in STOPWORDS)
    return ParsedQuery(text=text, terms=terms, expansions=tuple(dict.fromkeys(expansions)), sounds=_sounds(forms[-1]))


def _sounds(compact: str) -> tuple[str, ...]:
    """The full pinyin of a query of two to six Chinese characters (fillers removed), matched whole against the
    pinyin column: 身分证 sounds like 身份证, 社保咔 like 社保卡."""
    if not 2 <= len(compact) <= 6 or not all(CJK.match(ch) for ch in compact):
        return ()
    spelled = "".join(lazy_pinyin(compact))
    return (spelled,) if spelled.isascii() and spelled.isalpha() else ()


def _sqlite_match(query: ParsedQuery) -> str:
    # Pinyin forms are [a-z0-9] only (tokens.is_pinyin_query, _sounds): safe inside the MATCH text.
    if query.pinyin:
        return " OR ".join(f'pinyin : "{form}"*' for form in (query.pinyin, *query.pinyin_words))
    parts = ['"{}"'.format(term.replace('"', '""')) for term in query.all_terms()]
    parts += [f'pinyin : "{sound}"' for sound in query.sounds]
    return " OR ".join(parts)


def _postgres_match(query: ParsedQuery) -> str:
    if query.pinyin:
        return " | ".join(f"{form}:*C" for form in (query.pinyin, *query.pinyin_words))
    # Terms are \w+ only (see tokens.words), so they are safe inside a tsquery once quoted.
    parts = ["'{}'".format(term.replace("'", "")) for term in query.all_terms()]
    parts += [f"{sound}:C" for sound in query.sounds]
    return " | ".join(parts)


# The SQL below is assembled from constant text and filter conditions built from constants (SearchFilter); every
# value reaches the database as a bound parameter.


@dataclass(frozen=True)
class Conditions:
    """SQL conditions on the item row (aliased i) that limit a search, with their parameters."""

    sql: str = "i.current_version_id IS NOT NULL"
    params: tuple[Any, ...] = ()


def _boost_sql(boosts: dict[int, float] | None) -> tuple[str, list[Any]]:
    """The click boost of each item (search_log.click_boosts) as a CASE over the item id, with its parameters."""
    if not boosts:
        return "", []
    cases = " ".join("WHEN %s THEN %s" for _ in boosts)
    params: list[Any] = [value for pair in sorted(boosts.items()) for value in (int(pair[0]), float(pair[1]))]
    return f" + CASE i.id {cases} ELSE 0 END", params


def ranked_item_ids(
    query: ParsedQuery, where: Conditions, *, limit: int, offset: int = 0, boosts: dict[int, float] | None = None
) -> tuple[list[int], int]:
    """Ids of the matching items within `where`, best first, and how many match in all (one query). `boosts` (item
    id → share) raise the score of items people chose for this query, mildly (see search_log)."""
    boost, boost_params = _boost_sql(boosts)
    if connection.vendor == "postgresql":
        sql = (
            "SELECT d.item_id, count(*) OVER () FROM catalog_itemsearchdocument d "
            "JOIN catalog_item i ON i.id = d.item_id CROSS JOIN to_tsquery('simple', %s) q "
            f"WHERE d.document @@ q AND {where.sql} "
            f"ORDER BY ts_rank(d.document, q) * (1 + {GUIDE_BOOST_PG} * i.has_guide::int{boost}) DESC, "
            "i.popularity DESC, d.item_id LIMIT %s OFFSET %s"
        )
        arguments = [_postgres_match(query), *where.params, *boost_params, limit, offset]
    else:
        # The full-text matches are materialised first: with a rowid constraint beside MATCH, FTS5 would evaluate the
        # MATCH once per candidate row instead of once.
        weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
        sql = (
            f"WITH m AS MATERIALIZED (SELECT rowid AS id, bm25(catalog_item_fts, {weights}) AS score "
            "FROM catalog_item_fts WHERE catalog_item_fts MATCH %s) "
            f"SELECT m.id, count(*) OVER () FROM m JOIN catalog_item i ON i.id = m.id WHERE {where.sql} "
            f"ORDER BY m.score * (1 + {GUIDE_BOOST_SQLITE} * i.has_guide{boost}), i.popularity DESC, m.id "
            "LIMIT %s OFFSET %s"
        )
        arguments = [_sqlite_match(query), *where.params, *boost_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        rows = cursor.fetchall()
    if rows:
        return [row[0] for row in rows], int(rows[0][1])
    if offset == 0:
        return [], 0
    return [], count_matches(query, where)  # a page past the end: count on its own


def count_matches(query: ParsedQuery, where: Conditions) -> int:
    if connection.vendor == "postgresql":
        sql = (
            "SELECT count(*) FROM catalog_itemsearchdocument d JOIN catalog_item i ON i.id = d.item_id "
            f"WHERE d.document @@ to_tsquery('simple', %s) AND {where.sql}"
        )
        arguments = [_postgres_match(query), *where.params]
    else:
        sql = (
            "WITH m AS MATERIALIZED (SELECT rowid AS id FROM catalog_item_fts WHERE catalog_item_fts MATCH %s) "
            f"SELECT count(*) FROM m JOIN catalog_item i ON i.id = m.id WHERE {where.sql}"
        )
        arguments = [_sqlite_match(query), *where.params]
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return int(cursor.fetchone()[0])
