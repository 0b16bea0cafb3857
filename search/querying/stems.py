"""A query's words searched in the stems of every language the index holds.

Documents are stemmed in their own language (``storage.languages``); a query is
read in English. So each word's English term stands beside its term in each
other language present ("книги": "книги" and Russian "книг"), as more
alternatives of the same ``Or`` over fields, not a nested one: the fast path
(``fastpath.clauses``) takes an ``And`` of flat ``Or``s of terms and phrases. A
phrase gets one more phrase per language whose stems differ.
"""

from __future__ import annotations

import copy

from ..storage.languages import ENGLISH
from ..storage.schema import ANALYZED_FIELDS
from ..storage.tokens import stem_alternatives


def languages_in(reader) -> list[str]:
    """The languages of the index's documents other than English, from the ``lang`` terms."""
    try:
        found = [term.decode("utf-8") if isinstance(term, bytes) else term for term in reader.lexicon("lang")]
    except Exception:  # an index without the field: every document is English
        return []
    return sorted(lang for lang in found if lang and lang != ENGLISH)


def with_stems(query, text: str, langs: list[str]):
    """``query`` with each word's other-language terms beside it (``text``: what was parsed)."""
    from whoosh import query as q

    if not langs:
        return query
    alternatives = stem_alternatives(text, langs)
    if not alternatives:
        return query

    def expanded(node) -> list:
        if type(node) is q.Term and node.fieldname in ANALYZED_FIELDS and node.text in alternatives:
            others = dict.fromkeys(alternatives[node.text].values())
            return [node] + [q.Term(node.fieldname, term, boost=node.boost) for term in others]
        if type(node) is q.Phrase and node.fieldname in ANALYZED_FIELDS:
            phrases = [node]
            seen = {tuple(node.words)}
            for lang in langs:
                words = tuple(alternatives.get(w, {}).get(lang, w) for w in node.words)
                if words not in seen:
                    seen.add(words)
                    phrases.append(q.Phrase(node.fieldname, list(words), slop=node.slop, boost=node.boost))
            return phrases
        if type(node) in (q.Term, q.Phrase):
            return [node]
        return [rewrite(node)]

    def rewrite(node):
        if type(node) is q.Or:
            flat = [leaf for child in node.subqueries for leaf in expanded(child)]
            out = copy.copy(node)
            out.subqueries = flat
            return out
        if type(node) in (q.Term, q.Phrase):
            found = expanded(node)
            return found[0] if len(found) == 1 else q.Or(found)
        if type(node) in (q.And, q.AndMaybe, q.AndNot):
            return node.apply(rewrite)
        return node  # word sets, dates, patterns: their words come from the vocabulary or are not words

    return rewrite(query)
