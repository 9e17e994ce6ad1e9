"""Postings as the browser reads them: base-32 varint pairs (Δentry, weight); one varint per entry
after a table of the term's weights; or one packed code per entry for a frequent term — whichever
is shortest (``search.js`` decodes all three)."""

from __future__ import annotations

import operator
from itertools import chain, repeat
from typing import Any

import numpy as np

# Postings are strings of base-32 varints, most significant group first: a character of the first
# half of the alphabet ends a number, one of the second half continues it (search.js decodes them).
# Two characters per (Δentry, weight) pair for dense terms, against about five in JSON numbers.
VARINT_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
# Starts (and ends the weight list of) postings packed per entry, and a facet column of runs.
PACKED = "~"
# Starts (and ends the weight table of) postings written one varint per entry: Δentry × (number of
# weights) + the weight's place in the table.  A term's weights take few values (a field's weight
# times its occurrences), so most entries cost one character instead of a pair's two or more.
TABLED = "!"
# Postings shorter than this stay pairs: the table costs more than it can save, and trying every
# rare term would cost build time for nothing.
TABLED_MIN_CHARS = 64


def pair_key(pair: str) -> int:
    """Δentry·32 + weight of one encoded pair (the inverse of :func:`pair`)."""
    values, value = [], 0
    for char in pair:
        digit = VARINT_ALPHABET.index(char)
        value = value * 32 + (digit & 31)
        if digit < 32:
            values.append(value)
            value = 0
    return values[0] * 32 + values[1]


def pair(key: int) -> str:
    """One encoded (Δentry, weight) pair, from Δentry·32 + weight."""
    return PAIRS[key] if key < len(PAIRS) else varint(key >> 5) + varint(key & 31)


def joined_postings(encoded: str, first: int, previous: int) -> str:
    """Postings of later entries, encoded on their own (``first`` their first packed value), as
    they continue postings whose last packed value is ``previous``: only the first pair differs,
    its Δentry counting from the previous entry instead of from 0."""
    return pair(first - (previous & ~31)) + encoded[len(pair(first)):]


def varint(value: int) -> str:
    groups = [value & 31]
    value >>= 5
    while value:
        groups.append(value & 31)
        value >>= 5
    return "".join(VARINT_ALPHABET[32 + g] for g in reversed(groups[1:])) + VARINT_ALPHABET[groups[0]]


# Encoded (Δentry, weight) pairs, by Δentry·32 + weight, for Δentry below 1024.
PAIRS = [varint(n >> 5) + varint(n & 31) for n in range(1024 * 32)]


def encode_postings(packed: list[int]) -> str:
    """Pairs (Δentry, weight) as varints, from ascending ``number·32 + weight`` values."""
    # value − (previous number)·32 = Δentry·32 + weight
    keys = list(map(operator.sub, packed, chain((0,), map(operator.and_, packed, repeat(~31)))))
    if max(keys) < len(PAIRS):
        return "".join(map(PAIRS.__getitem__, keys))
    return "".join(PAIRS[k] if k < len(PAIRS) else varint(k >> 5) + varint(k & 31) for k in keys)


_DIGITS = np.full(256, 0, dtype=np.int64)
for _value, _char in enumerate(VARINT_ALPHABET):
    _DIGITS[ord(_char)] = _value
_ALPHABET_BYTES = np.frombuffer(VARINT_ALPHABET.encode("ascii"), dtype=np.uint8)


def decode_postings(encoded: str, documents: int) -> dict[int, int]:
    """Entry number → weight, from postings in either form (what ``search.js`` reads)."""
    numbers, weights = decoded(encoded, documents)
    return dict(zip(numbers.tolist(), weights.tolist(), strict=True))


def decoded(encoded: str, documents: int) -> tuple[Any, Any]:
    """Entry numbers and weights (two arrays) of postings in any form."""
    if encoded.startswith(PACKED):
        end = encoded.index(PACKED, 1)
        table = np.array([0] + [VARINT_ALPHABET.index(c) for c in encoded[1:end]])
        bits = (len(table) - 1).bit_length()
        per = 6 // bits
        chars = _DIGITS[np.frombuffer(encoded[end + 1:].encode("ascii"), dtype=np.uint8)]
        codes = ((chars[:, None] >> (bits * np.arange(per))) & ((1 << bits) - 1)).ravel()[:documents]
        numbers = np.flatnonzero(codes)
        return numbers, table[codes[numbers]]
    if encoded.startswith(TABLED):
        end = encoded.index(TABLED, 1)
        table = np.array([VARINT_ALPHABET.index(c) for c in encoded[1:end]])
        values = _varints(encoded[end + 1:])
        return np.cumsum(values // len(table)), table[values % len(table)]
    if not encoded:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    values = _varints(encoded)
    return np.cumsum(values[0::2]), values[1::2]


def _varints(encoded: str) -> Any:
    """The numbers of a string of varints, as an array."""
    digits = _DIGITS[np.frombuffer(encoded.encode("ascii"), dtype=np.uint8)]
    ends = np.flatnonzero(digits < 32)
    owner = np.searchsorted(ends, np.arange(len(digits)))  # the varint each character belongs to
    shift = 5 * (ends[owner] - np.arange(len(digits)))
    return np.bincount(owner, weights=(digits & 31) * np.exp2(shift)).astype(np.int64)


# Varints of the numbers below 32,768 (three characters), for tabled_postings.
_VARINTS = [varint(n) for n in range(32768)]


def tabled_postings(numbers: Any, weights: Any) -> str:
    """Postings as ``!`` the distinct weights ``!`` then one varint per entry: Δentry × (number
    of weights) + the weight's place among them."""
    table = np.unique(weights)
    keys = np.diff(numbers, prepend=0) * len(table) + np.searchsorted(table, weights)
    head = "".join(VARINT_ALPHABET[w] for w in table.tolist())
    body = "".join(_VARINTS[k] if k < 32768 else varint(k) for k in keys.tolist())
    return TABLED + head + TABLED + body


def dense_postings(numbers: Any, weights: Any, documents: int) -> str:
    """Postings as one code per entry: ``~`` the distinct weights ``~`` then codes (0: absent,
    k: the k-th weight) packed into each character, as many as fit in its 6 bits."""
    table = np.unique(weights)
    bits = len(table).bit_length()
    per = 6 // bits
    codes = np.zeros(-(-documents // per) * per, dtype=np.int64)
    codes[numbers] = np.searchsorted(table, weights) + 1
    chars = (codes.reshape(-1, per) << (bits * np.arange(per))).sum(axis=1)
    head = "".join(VARINT_ALPHABET[w] for w in table.tolist())
    packed: bytes = _ALPHABET_BYTES[chars].tobytes()
    return PACKED + head + PACKED + packed.decode("ascii")


def shortest_postings(encoded: str, documents: int) -> str:
    """The shortest of the pair form (``encoded``), the tabled form and the packed form of some
    postings."""
    if len(encoded) < TABLED_MIN_CHARS:
        return encoded
    numbers, weights = decoded(encoded, documents)
    forms = [encoded, tabled_postings(numbers, weights)]
    if len(encoded) * 6 > documents:  # the packed form needs a sixth of a character per entry
        forms.append(dense_postings(numbers, weights, documents))
    return min(forms, key=len)
