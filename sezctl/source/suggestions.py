""" "Did you mean ...?" hints: the closest known word to an unknown one, at a bounded cost, and
the look-alike letters that make two words differ although they look the same.

Used wherever a person typed a name sezctl does not know: a key of a roadmap file
(:mod:`sezctl.source.validate`), a status or an id (:mod:`sezctl.source.convert`), an owner or
an item reference (the checks), an item on the command line.  A file can hold thousands of
unknown names, so the cost is bounded (:data:`MAX_SUGGESTION_COMPARISONS`), not the answer
changed.

The headquarters type on Kazakh and Russian keyboards: a Cyrillic «о», «а», «е», «р», «с» or
Kazakh «і», «ү», «һ» in ``оwner`` looks exactly like the Latin letter on screen, so "unknown key
'оwner' (did you mean 'owner'?)" reads as nonsense.  When a word differs from a known one (or
from a valid id) only by such letters, the message names each letter, its script and code point,
and the Latin letter to type instead (:func:`describe_lookalikes`).
"""

from collections.abc import Collection, Iterable

from sezctl.core.i18n import M, Message, Mn

# Cyrillic and Greek letters drawn like a Latin one in the usual screen fonts (after Unicode's
# confusables list, keeping only the letters that are identical, not merely similar): each maps to
# the Latin letter and its script.  Kazakh adds і, ү, һ to the Russian а, е, о, р, с, у, х.
_CYRILLIC = "Cyrillic"
_GREEK = "Greek"
LOOKALIKES: dict[str, tuple[str, str]] = {
    **{
        cyrillic: (latin, _CYRILLIC)
        for cyrillic, latin in zip(
            "аеорсухіјѕһԁԛԝӏүАВЕКМНОРСТУХІЈЅҮԚԜӀ",
            "aeopcyxijshdqwlyABEKMHOPCTYXIJSYQWI",
            strict=True,
        )
    },
    **{
        greek: (latin, _GREEK)
        for greek, latin in zip("οαινρυΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "oaivpuABEZHIKMNOPTYX", strict=True)
    },
}
_TO_LATIN = str.maketrans({char: latin for char, (latin, _) in LOOKALIKES.items()})


def fold_lookalikes(word: str) -> str:
    """``word`` with every look-alike Cyrillic or Greek letter replaced by its Latin twin."""
    return word.translate(_TO_LATIN)


def describe_lookalikes(word: str) -> Message | None:
    """ "'оwner' contains the Cyrillic letter 'о' (U+043E); type the Latin 'o'" -- or None when
    ``word`` has no look-alike letter or is not Latin once they are replaced (a word written in
    Kazakh or Russian, such as 'электр', is not a mistyped Latin one)."""
    folded = fold_lookalikes(word)
    if folded == word or not folded.isascii():
        return None
    letters = [char for char in dict.fromkeys(word) if char in LOOKALIKES]
    written = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in letters)
    latin = ", ".join(f"'{LOOKALIKES[char][0]}'" for char in letters)
    scripts = {LOOKALIKES[char][1] for char in letters}
    if len(scripts) > 1:
        return M(
            "{word!r} contains the Cyrillic and Greek letters {letters}; type the Latin {latin}",
            word=word,
            letters=written,
            latin=latin,
        )
    if _GREEK in scripts:
        return Mn(
            "{word!r} contains the Greek letter {letters}; type the Latin {latin}",
            "{word!r} contains the Greek letters {letters}; type the Latin {latin}",
            len(letters),
            word=word,
            letters=written,
            latin=latin,
        )
    return Mn(
        "{word!r} contains the Cyrillic letter {letters}; type the Latin {latin}",
        "{word!r} contains the Cyrillic letters {letters}; type the Latin {latin}",
        len(letters),
        word=word,
        letters=written,
        latin=latin,
    )


def lookalike_hint(word: str, known: Collection[str]) -> Message | None:
    """A " ('оwner' contains the Cyrillic letter ...)" hint when ``word`` is one of ``known``
    written with look-alike letters, else None."""
    if fold_lookalikes(word) not in known:
        return None
    description = describe_lookalikes(word)
    if description is None:
        return None
    # TRANSLATORS: the leading space is part of the hint, which follows a word directly;
    # {description} is "'оwner' contains the Cyrillic letter 'о' (U+043E); type the Latin 'o'".
    return M(" ({description})", description=description)


MAX_SUGGESTION_COMPARISONS = 20_000
"""How many candidates one :class:`Suggester` compares in all, across every word it is asked
about.  A word whose candidates no longer fit gets no suggestion: a file with thousands of
broken references costs a bounded time (well under a second), not minutes."""

SUGGESTION_CUTOFF = 0.6
"""How similar (``difflib``'s ratio) a candidate must be to be suggested."""


class Suggester:
    """ "Did you mean" hints from one set of candidates, for many unknown words.

    The answer is exactly ``difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)``
    (ties go to the greater candidate, as there), found at a bounded cost:

    * the candidates are indexed by length once, and a word is only compared with those whose
      length allows a ratio of 0.6 at all (``2 * min / (len(a) + len(b))`` is an upper bound);
    * each word is worked out once and cached, however often it is asked about;
    * in all, at most :data:`MAX_SUGGESTION_COMPARISONS` candidates are compared; once that
      budget would be exceeded, words get no suggestion rather than a slower one.
    """

    def __init__(self, candidates: Iterable[str], budget: int = MAX_SUGGESTION_COMPARISONS) -> None:
        self.by_length: dict[int, list[str]] = {}
        self.known = dict.fromkeys(candidates)
        for candidate in self.known:
            self.by_length.setdefault(len(candidate), []).append(candidate)
        self.budget = budget
        self.comparisons = 0
        self._best: dict[str, list[tuple[float, str]]] = {}

    def _compatible(self, word: str) -> list[list[str]]:
        """The candidate lists whose length can reach the cutoff against ``word``."""
        size = len(word)
        return [
            bucket
            for length, bucket in self.by_length.items()
            # difflib's real_quick_ratio, computed the same way so the bound is exactly its own
            if size + length == 0 or 2.0 * min(size, length) / (size + length) >= SUGGESTION_CUTOFF
        ]

    def _two_best(self, word: str) -> list[tuple[float, str]]:
        """The two best (ratio, candidate) pairs at or above the cutoff, best first."""
        cached = self._best.get(word)
        if cached is not None:
            return cached
        buckets = self._compatible(word)
        cost = sum(map(len, buckets))
        best: list[tuple[float, str]] = []
        if self.comparisons + cost <= self.budget:
            import difflib  # only when a word is unknown

            self.comparisons += cost
            matcher = difflib.SequenceMatcher()
            matcher.set_seq2(word)
            for bucket in buckets:
                for candidate in bucket:
                    matcher.set_seq1(candidate)
                    if matcher.quick_ratio() < SUGGESTION_CUTOFF:
                        continue
                    ratio = matcher.ratio()
                    if ratio >= SUGGESTION_CUTOFF:
                        best = sorted([*best, (ratio, candidate)], reverse=True)[:2]
        self._best[word] = best
        return best

    def closest(self, word: str, exclude: str | None = None) -> str | None:
        """The closest candidate to ``word`` other than ``exclude``, or None."""
        for _, candidate in self._two_best(word):
            if candidate != exclude:
                return candidate
        return None

    def hint(self, word: str, exclude: str | None = None) -> str:
        """A " (did you mean 'x'?)" hint with the closest candidate, or an empty string; when
        ``word`` is a candidate written with look-alike letters, the hint names them instead
        (:func:`lookalike_hint`): "did you mean 'owner'?" would not show what is wrong.

        The hint is a :class:`~sezctl.core.i18n.Message`: pass it as an argument of the message
        it completes (``M("unknown owner {owner!r}{hint}", owner=..., hint=...)``), or through
        ``localize`` into a ``_()`` text, and it is written in the language of the run.
        """
        lookalike = lookalike_hint(word, self.known)
        if lookalike is not None and fold_lookalikes(word) != exclude:
            return lookalike
        match = self.closest(word, exclude)
        # TRANSLATORS: the leading space is part of the hint, which follows a word directly.
        return M(" (did you mean {match!r}?)", match=match) if match is not None else ""


def suggest(word: str, candidates: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint with the closest candidate, or an empty string (one word;
    build a :class:`Suggester` once to ask about many); a Message, as :meth:`Suggester.hint`."""
    return Suggester(candidates).hint(word)
