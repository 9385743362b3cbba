"""ISO 2859-1:1999 (= GB/T 2828.1-2012) single sampling: Tables I, II-A/B/C and the clause 9 switching rules.

Pure data and lookups. AQL values stay canonical strings ("0.65", "2.5", "10") so no float ever
decides which column a plan comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Iterable

from gendan.errors import GendanError, UsageError

STANDARD = "ISO 2859-1:1999 / GB/T 2828.1-2012"

AQLS: tuple[str, ...] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65",
    "100", "150", "250", "400", "650", "1000",
)
LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
SEVERITIES: tuple[str, ...] = ("normal", "tightened", "reduced")

DOWN, UP, BLANK = "↓", "↑", "-"

# ---------------------------------------------------------------------------------------------
# The tables, as printed in the standard. Each master table is a grid: a row per sample size code
# letter (with that row's sample size), a column per AQL; a cell is "Ac/Re", an arrow, or "-"
# (no plan printed). ↓ = use the first plan below the arrow, ↑ = the first plan above it.
#
# Sources, cross-checked cell by cell (every table, every column) with a scratch script:
#   A. nihantao-crosis/quality-platform, src/core/__tests__/fixtures/
#      gbt2828-1-2012-tables-2abc-full16.tsv and gbt2828-1-2012-tables-2abc-aql15-1000.tsv
#      (GB/T 2828.1-2012 pages 15-17, double-blind transcription of the scanned standard, arrows
#      resolved) and gbt2828-1-2012-table1-levels.tsv (Table I).
#   B. fjgonzalezmgt/AQLSchemesCust, R/AAZ14Single.R (J. Lawson's CRAN package AQLSchemes:
#      MIL-STD-105E / ANSI Z1.4 Tables I, II-A, II-B, arrows resolved).
#   C. nanhaishiyounan/deepseek-harness, examples/kb-agent/scripts/nocobase-w8-quality.mts,
#      PLAN_GRIDS (GB/T 2828.1-2012 raw grids with arrows: II-A at 0.65-4.0, II-B and II-C at
#      1.0 and 2.5).
#   Also read: http://www.nibs.org/FMOC/DPW_AC/AC-TABLE.ASC (MIL-STD-105E II-A/II-B rejection
#   numbers at 0.65-15) and https://pdfcoffee.com/aql-sampling-chart-pdf-free.html (Table I).
# ---------------------------------------------------------------------------------------------

# Table I: sample size code letters. Sources A and B (and the pdfcoffee chart) agree on all 105
# cells. A lot of 1 is below the table; it takes the first row, and any plan then inspects it all.
_TABLE_I = """
    lot from  S-1 S-2 S-3 S-4   I  II III
           2    A   A   A   A   A   A   B
           9    A   A   A   A   A   B   C
          16    A   A   B   B   B   C   D
          26    A   B   B   C   C   D   E
          51    B   B   C   C   C   E   F
          91    B   B   C   D   D   F   G
         151    B   C   D   E   E   G   H
         281    B   C   D   E   F   H   J
         501    C   C   E   F   G   J   K
        1201    C   D   E   G   H   K   L
        3201    C   D   F   G   J   L   M
       10001    C   D   F   H   K   M   N
       35001    D   E   G   J   L   N   P
      150001    D   E   G   J   M   P   Q
      500001    D   E   H   K   N   Q   R
"""

# Table II-A, normal inspection. Source A (all 416 cells) and source B (all 416) agree; source C
# agrees on its 80 cells except R at 0.65, which it gives as ↑ while A and B both print 21/22
# (C says its R row was never checked: letter R needs level III). We keep 21/22.
# Edge cells: row A can have no ↑, so A at 10 is ↓ (→ C, n=5, 1/2); R at 0.015 is ↑ (→ P 0/1).
_TABLE_II_A = """
              0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65   1.0   1.5   2.5   4.0   6.5    10    15    25    40    65   100   150   250   400   650  1000
    A     2       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31
    B     3       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31 44/45
    C     5       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31 44/45     ↑
    D     8       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31 44/45     ↑     ↑
    E    13       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31 44/45     ↑     ↑     ↑
    F    20       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑
    G    32       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    H    50       ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    J    80       ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    K   125       ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    L   200       ↓     ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    M   315       ↓     ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    N   500       ↓     ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    P   800       ↓   0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    Q  1250     0/1     ↑     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    R  2000       ↑     ↑   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
"""

# Table II-B, tightened inspection, with the extra row S (n = 3150) that ISO 2859-1 prints only at
# AQL 0.025. Source A and source B agree on all 416 letter A-R cells but one: A at AQL 10.
# Source A (the GB/T scan) prints 0/1 there; source B (Z1.4/MIL-STD-105E) resolves it to n=8 1/2,
# and the nibs.org MIL-STD-105E extract shows an arrow. We keep the ISO/GB value 0/1 (n=2): it is
# what the standard we implement prints, and it follows the table's own diagonal (every other
# row has 0/1 one column after its normal 0/1). Source C agrees on its 32 cells.
_TABLE_II_B = """
              0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65   1.0   1.5   2.5   4.0   6.5    10    15    25    40    65   100   150   250   400   650  1000
    A     2       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19 27/28
    B     3       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19 27/28 41/42
    C     5       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19 27/28 41/42     ↑
    D     8       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19 27/28 41/42     ↑     ↑
    E    13       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19 27/28 41/42     ↑     ↑     ↑
    F    20       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑
    G    32       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    H    50       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    J    80       ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    K   125       ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    L   200       ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    M   315       ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    N   500       ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    P   800       ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    Q  1250       ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    R  2000     0/1     ↑     ↓   1/2   2/3   3/4   5/6   8/9 12/13 18/19     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    S  3150       -     -   1/2     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -
"""

# Table II-C, reduced inspection, ISO 2859-1:1999 version: Re = Ac + 1 everywhere (no 0/2, 1/3 ...
# gaps as in ANSI/ASQ Z1.4 and ISO 2859-1:1989), with its own Ac sequence 0,1,2,3,5,6,8,10,14,21,30
# and the reduced sample sizes. Source A gives all 416 cells; source C agrees on its 32 (1.0 and
# 2.5). Source B is Z1.4 (gaps), so it was not used here. A VB.NET calculator met in the search
# index gives reduced plans equal to the normal ones two letters up (K at 2.5 = 3/4); it matches
# neither GB/T transcription and its Table I is garbled, so it was not followed. Edge cells: Q and
# R at 0.025 are ↑ (nothing below), so they take N (n=200) 0/1.
_TABLE_II_C = """
              0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65   1.0   1.5   2.5   4.0   6.5    10    15    25    40    65   100   150   250   400   650  1000
    A     2       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↓     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31
    B     2       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   7/8 10/11 14/15 21/22 30/31
    C     2       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11 14/15 21/22     ↑
    D     3       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11 14/15 21/22     ↑     ↑
    E     5       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11 14/15 21/22     ↑     ↑     ↑
    F     8       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑
    G    13       ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    H    20       ↓     ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    J    32       ↓     ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    K    50       ↓     ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    L    80       ↓     ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    M   125       ↓     ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    N   200       ↓     ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    P   315       ↓   0/1     ↑     ↓     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    Q   500     0/1     ↑     ↑     ↓   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
    R   800       ↑     ↑     ↑   1/2   2/3   3/4   5/6   6/7   8/9 10/11     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
"""


@dataclass(frozen=True)
class _Table:
    """One parsed master table: its letters top to bottom, their sample sizes, and the cells."""

    name: str
    letters: tuple[str, ...]
    sizes: dict[str, int]
    cells: dict[tuple[str, str], str]


def _parse_grid(name: str, text: str) -> _Table:
    """Read a printed grid once at import, so the tables above stay the single source of truth."""
    header, *rows = [line.split() for line in text.strip().splitlines()]
    if tuple(header) != AQLS:
        raise AssertionError(f"{name}: header is not the AQL columns")
    letters, sizes, cells = [], {}, {}
    for letter, size, *row in rows:
        if len(row) != len(AQLS):
            raise AssertionError(f"{name}: row {letter} has {len(row)} cells")
        letters.append(letter)
        sizes[letter] = int(size)
        cells.update({(letter, aql): cell for aql, cell in zip(AQLS, row)})
    return _Table(name, tuple(letters), sizes, cells)


def _parse_table_i(text: str) -> tuple[tuple[int, dict[str, str]], ...]:
    """Table I rows as (smallest lot of the row, letter per level), smallest lot first."""
    _lot, _from, *levels = text.strip().splitlines()[0].split()
    if tuple(levels) != LEVELS:
        raise AssertionError("Table I: header is not the inspection levels")
    rows = []
    for line in text.strip().splitlines()[1:]:
        low, *letters = line.split()
        rows.append((int(low), dict(zip(LEVELS, letters))))
    return tuple(rows)


TABLE_I = _parse_table_i(_TABLE_I)
TABLES: dict[str, _Table] = {
    "normal": _parse_grid("Table II-A", _TABLE_II_A),
    "tightened": _parse_grid("Table II-B", _TABLE_II_B),
    "reduced": _parse_grid("Table II-C", _TABLE_II_C),
}


# --- parsing what the user typed ---------------------------------------------------------------


def _aql_list() -> str:
    return ", ".join(AQLS)


def parse_aql(text: str) -> str:
    """The canonical AQL column for what the user typed ("0.01" -> "0.010", "1" -> "1.0").

    Compared as Decimals so "2.50" and "2.5" are one column; a value between columns is refused
    rather than rounded, because rounding would silently pick a different plan.
    """
    raw = str(text).strip().rstrip("%").strip()
    try:
        if "_" in raw:   # Decimal reads "1_0" as 10: a typo must not pick another plan
            raise InvalidOperation
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is not None and value.is_finite():
        for aql in AQLS:
            if Decimal(aql) == value:
                return aql
    raise UsageError(f"AQL {text!r} is not a column of {STANDARD} (use one of {_aql_list()})")


def parse_level(text: str) -> str:
    """The inspection level for "II", "ii", "s1", "S-1", "G2"; general levels may be typed 1-3 after G."""
    key = str(text).strip().upper().replace("-", "").replace("_", "").replace(" ", "")
    aliases = {"S1": "S-1", "S2": "S-2", "S3": "S-3", "S4": "S-4", "I": "I", "II": "II", "III": "III",
               "G1": "I", "G2": "II", "G3": "III", "GI": "I", "GII": "II", "GIII": "III"}
    if key in aliases:
        return aliases[key]
    raise UsageError(f"inspection level {text!r} is unknown (use one of {', '.join(LEVELS)})")


def parse_severity(text: str) -> str:
    """normal, tightened or reduced, case-insensitive."""
    key = str(text).strip().lower()
    if key in SEVERITIES:
        return key
    raise UsageError(f"inspection severity {text!r} is unknown (use one of {', '.join(SEVERITIES)})")


def _check_lot(lot: int) -> int:
    """A lot is a whole number of units, at least one; bools and floats are mistakes, not lots."""
    if isinstance(lot, bool) or not isinstance(lot, int):
        raise UsageError(f"lot size {lot!r} is not a whole number (give the number of units, e.g. --lot 3200)")
    if lot < 1:
        raise UsageError(f"lot size {lot} is too small (a lot has at least 1 unit)")
    return lot


# --- lookups ------------------------------------------------------------------------------------


def code_letter(lot: int, level: str = "II") -> str:
    """Table I: the sample size code letter for a lot at an inspection level.

    Lots of 1 use the first row (2-8): the resulting sample is never smaller than the lot, so the
    lot is inspected whole, which is what a one-unit lot needs anyway.
    """
    _check_lot(lot)
    level = parse_level(level)
    letter = TABLE_I[0][1][level]
    for low, letters in TABLE_I:
        if lot >= low:
            letter = letters[level]
    return letter


def _resolve(table: _Table, letter: str, aql: str) -> tuple[str, int, int]:
    """Follow the arrows (footnotes of Tables II): from an arrow, walk its way to the first plan.

    Returns the letter whose row supplies the plan, and its Ac and Re. The sample size is that
    row's, not the starting row's: keeping the original n is the classic calculator bug.
    """
    index = table.letters.index(letter)
    printed = table.cells[(letter, aql)]
    step = {DOWN: 1, UP: -1}.get(printed, 0)
    while printed in (DOWN, UP, BLANK):
        index += step
        if step == 0 or not 0 <= index < len(table.letters):
            raise AssertionError(f"{table.name}: no plan for {letter} at AQL {aql}")
        printed = table.cells[(table.letters[index], aql)]
    ac, re = printed.split("/")
    return table.letters[index], int(ac), int(re)


def _table_and_letter(letter: str, aql: str, severity: str) -> tuple[_Table, str, str]:
    """Validate a (letter, AQL, severity) triple typed by a user or a caller."""
    table = TABLES[parse_severity(severity)]
    key = str(letter).strip().upper()
    if key not in table.letters:
        raise UsageError(f"code letter {letter!r} is not in {table.name} (use one of {', '.join(table.letters)})")
    return table, key, parse_aql(aql)


def cell(letter: str, aql: str, severity: str = "normal") -> str:
    """The cell as printed in the master table: "Ac/Re", "↓", "↑" or "-" (no plan printed)."""
    table, letter, aql = _table_and_letter(letter, aql, severity)
    return table.cells[(letter, aql)]


def lookup(letter: str, aql: str, severity: str = "normal") -> tuple[str, int, int, int]:
    """The plan for a code letter and AQL with arrows followed: (plan letter, n, Ac, Re)."""
    table, letter, aql = _table_and_letter(letter, aql, severity)
    plan_letter, ac, re = _resolve(table, letter, aql)
    return plan_letter, table.sizes[plan_letter], ac, re


@dataclass(frozen=True)
class SamplingPlan:
    """A single sampling plan for one lot, as used.

    `code_letter` is Table I's letter for the lot; `plan_letter` is the letter whose row in the
    master table supplied the plan after following arrows (it differs from `code_letter` when the
    cell was an arrow; "S" is possible under tightened inspection). `sample_size`, `ac` and `re`
    are the plan actually used. `inspect_all` is set when the plan's sample is not smaller than the
    lot: then `sample_size` is the lot and Ac/Re stay those of the plan (footnote to ↓).
    `plan_letter` is None only for plans rebuilt from records that did not keep it.
    """

    lot: int
    level: str
    aql: str
    severity: str
    code_letter: str
    sample_size: int
    ac: int
    re: int
    inspect_all: bool
    plan_letter: str | None = None


def sampling_plan(lot: int, aql: str = "2.5", level: str = "II", severity: str = "normal") -> SamplingPlan:
    """The single sampling plan for a lot: Table I letter, then Table II-A/B/C with arrows followed."""
    _check_lot(lot)
    aql, level, severity = parse_aql(aql), parse_level(level), parse_severity(severity)
    letter = code_letter(lot, level)
    table = TABLES[severity]
    plan_letter, ac, re = _resolve(table, letter, aql)
    size = table.sizes[plan_letter]
    inspect_all = size >= lot
    return SamplingPlan(lot=lot, level=level, aql=aql, severity=severity, code_letter=letter,
                        sample_size=lot if inspect_all else size, ac=ac, re=re,
                        inspect_all=inspect_all, plan_letter=plan_letter)


def accepts(plan: SamplingPlan, nonconforming: int) -> bool:
    """Clause 11 (acceptability): accepted when the count found is at most Ac; Re = Ac + 1 in these tables."""
    if isinstance(nonconforming, bool) or not isinstance(nonconforming, int) or nonconforming < 0:
        raise UsageError(f"defect count {nonconforming!r} is not a whole number of at least 0")
    return nonconforming <= plan.ac


def tighter_aql(aql: str) -> str | None:
    """The next smaller AQL column, used by the switching score (9.3.3.2); None below 0.010."""
    index = AQLS.index(parse_aql(aql))
    return AQLS[index - 1] if index else None


def tighter_ac(plan: SamplingPlan) -> int | None:
    """Ac of the normal plan one AQL step tighter, on the same sample, for the switching score.

    Clause 9.3.3.2 asks whether the lot "would have been accepted if the AQL had been one step
    tighter"; that comparison only makes sense on the same sample, so this reads Table II-A in the
    row that supplied `plan` and returns None when the tighter column's plan has another sample
    size (which only happens when the plan's Ac is 0 or 1, where the score does not use it).
    """
    tighter = tighter_aql(plan.aql)
    if tighter is None or plan.plan_letter is None or plan.severity != "normal":
        return None
    table = TABLES["normal"]
    letter, ac, _re = _resolve(table, plan.plan_letter, tighter)
    return ac if table.sizes[letter] == table.sizes[plan.plan_letter] else None


# --- switching rules (clause 9) -----------------------------------------------------------------

_WINDOW = 5  # every rule looks back at most five lots


@dataclass(frozen=True)
class SwitchState:
    """Where a supplier's product stands in the clause 9 scheme, derived by replaying lots.

    `recent`: accepted/not-accepted outcomes of original inspection since the last switch, most
    recent last, at most the last five (all any rule needs). `tightened_rejects`: lots not accepted
    since tightened inspection began (9.4). `score`: the switching score under normal inspection
    (9.3.3.2). `discontinued`: inspection stopped under 9.4 until the supplier acts and --resume.
    """

    severity: str = "normal"
    recent: tuple[bool, ...] = ()
    tightened_rejects: int = 0
    score: int = 0
    discontinued: bool = False


def check_not_discontinued(state: SwitchState, what: str) -> None:
    """Refuse `what` while inspection is discontinued: 9.4 forbids accepting lots until resumed."""
    if state.discontinued:
        raise GendanError(
            f"cannot {what}: acceptance inspection is discontinued under {STANDARD} clause 9.4 "
            "after 5 lots were not accepted on tightened inspection (once the supplier has "
            "corrected the cause, resume on tightened inspection with --resume)")


def _switch(severity: str) -> SwitchState:
    """A fresh state: every switch restarts the counts (the score starts at 0 on normal, 9.3.3.2)."""
    return SwitchState(severity=severity)


def _score(state: SwitchState, accepted: bool, accepted_at_tighter_aql: bool, ac: int) -> int:
    """Clause 9.3.3.2, single sampling: +3 if Ac >= 2 and the lot passes one AQL step tighter,
    +2 if Ac is 0 or 1 and the lot is accepted, otherwise back to 0."""
    if ac >= 2:
        return state.score + 3 if accepted and accepted_at_tighter_aql else 0
    return state.score + 2 if accepted else 0


def _next_normal(state: SwitchState, accepted: bool, tighter_ok: bool, ac: int) -> tuple[SwitchState, str | None]:
    """Normal inspection: go tightened (9.3.1) or, with a score of 30, reduced (9.3.3)."""
    recent = (state.recent + (accepted,))[-_WINDOW:]
    if recent.count(False) >= 2:
        span = len(recent) - recent.index(False)
        return _switch("tightened"), f"normal → tightened (2 of the last {span} lots not accepted)"
    score = _score(state, accepted, tighter_ok, ac)
    if score >= 30:
        return _switch("reduced"), (f"normal → reduced (switching score {score} reached 30; "
                                    "steady production and approval assumed)")
    return replace(state, recent=recent, score=score), None


def _next_tightened(state: SwitchState, accepted: bool) -> tuple[SwitchState, str | None]:
    """Tightened inspection: stop after 5 non-accepted lots (9.4), back to normal after 5 accepted in a row (9.3.2)."""
    recent = (state.recent + (accepted,))[-_WINDOW:]
    rejects = state.tightened_rejects + (not accepted)
    if rejects >= 5:
        stopped = replace(state, recent=recent, tightened_rejects=rejects, discontinued=True)
        return stopped, "tightened → discontinued (5 lots not accepted on tightened inspection)"
    if len(recent) == _WINDOW and all(recent):
        return _switch("normal"), "tightened → normal (5 consecutive lots accepted)"
    return replace(state, recent=recent, tightened_rejects=rejects), None


def _next_reduced(state: SwitchState, accepted: bool) -> tuple[SwitchState, str | None]:
    """Reduced inspection: a lot not accepted sends it back to normal (9.3.4 a)."""
    if not accepted:
        return _switch("normal"), "reduced → normal (a lot was not accepted)"
    return replace(state, recent=(state.recent + (True,))[-_WINDOW:]), None


def next_state(state: SwitchState, accepted: bool, accepted_at_tighter_aql: bool, ac: int) -> tuple[SwitchState, str | None]:
    """The state after one more lot on original inspection, and the switch it caused (or None).

    Rules of ISO 2859-1:1999 clause 9, for single sampling:
    - 9.3.1 normal → tightened when 2 lots out of 5 or fewer consecutive lots are not accepted;
    - 9.3.2 tightened → normal after 5 consecutive lots are accepted;
    - 9.3.3 normal → reduced when the switching score (9.3.3.2, see `_score`) reaches 30. The other
      two conditions, steady production and approval by the responsible authority, cannot be seen
      from lot outcomes and are assumed met;
    - 9.3.4 reduced → normal when a lot is not accepted (irregular production, the other trigger,
      is likewise not visible here);
    - 9.4 discontinue when 5 lots in total are not accepted while on tightened inspection.
    `ac` is the acceptance number of the plan the lot was judged by; `accepted_at_tighter_aql`
    only matters on normal inspection with Ac >= 2 (see `tighter_ac`).
    """
    check_not_discontinued(state, "inspect another lot")
    if state.severity == "normal":
        return _next_normal(state, bool(accepted), bool(accepted_at_tighter_aql), ac)
    if state.severity == "tightened":
        return _next_tightened(state, bool(accepted))
    return _next_reduced(state, bool(accepted))


def resume(state: SwitchState) -> SwitchState:
    """After discontinuation, restart on tightened inspection (9.4: as if 9.3.1 had just applied)."""
    if not state.discontinued:
        raise GendanError("inspection is not discontinued (there is nothing to resume)")
    return _switch("tightened")


def replay_outcomes(outcomes: Iterable[tuple[bool, bool, int] | None]) -> tuple[SwitchState, list[str]]:
    """Replay bare lot outcomes from the start (normal, 9.1), returning the state and every
    switch text: the rules alone. The merchandiser's records are replayed by
    `verdict.replay`, which also places each --resume by its date.

    Each outcome is (accepted, accepted_at_tighter_aql, ac); None stands for a --resume.
    """
    state, log = SwitchState(), []
    for outcome in outcomes:
        if outcome is None:
            state = resume(state)
            log.append("discontinued → tightened (resumed)")
            continue
        state, text = next_state(state, *outcome)
        if text:
            log.append(text)
    return state, log
