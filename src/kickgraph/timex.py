"""German time expressions resolved against the article date.

"15. Juni 2007" -> 2007-06-15, "bis März dieses Jahres" (article 2023-10) -> end 2023-03,
"am Montag" (article 2018-10-31) -> 2018-10-29, "Saison 2021/22" -> 2021 / 2022, "2004" -> 2004.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from .nlp import Lexicon


@dataclass(frozen=True)
class TimeExpr:
    start: int  # offsets in the sentence
    end: int
    value: str  # "YYYY", "YYYY-MM", "YYYY-MM-DD"
    kind: str  # "date", "season", "relative"
    value_end: str | None = None  # second year of a season "2021/22"


@dataclass(frozen=True)
class DateRange:
    start: str | None = None
    end: str | None = None
    point: str | None = None  # the first date with neither a start nor an end marker ("am 10. April 1995")


class TimeResolver:
    def __init__(self, lexicon: Lexicon) -> None:
        self.months: dict[str, int] = lexicon.data["months"]
        self.weekdays: dict[str, int] = lexicon.data["weekdays"]
        month_alt = "|".join(sorted(map(re.escape, self.months), key=len, reverse=True))
        wd_alt = "|".join(self.weekdays)
        this_year = "|".join(lexicon.data["this_year"])
        last_year = "|".join(lexicon.data["last_year"])
        self._re = re.compile(
            rf"(?P<full>(?P<d>\d{{1,2}})\.\s*(?P<m>{month_alt})\.?\s+(?P<y>(?:19|20)\d\d))"
            rf"|(?P<dm>(?P<d2>\d{{1,2}})\.\s*(?P<m2>{month_alt})\b\.?)"
            rf"|(?P<my>(?P<m3>{month_alt})\.?\s+(?:(?P<y3>(?:19|20)\d\d)|(?P<this>{this_year})|(?P<last>{last_year})))"
            rf"|(?P<season>(?P<sy>(?:19|20)\d\d)\s*/\s*(?P<sy2>\d\d(?:\d\d)?))"
            rf"|(?P<wd>\b(?:am|vom|seit|bis)?\s*(?:vergangenen\s+|letzten\s+)?(?P<wday>{wd_alt})(?:abend|morgen|nachmittag)?\b)"
            rf"|(?P<mon>\b(?P<mprep>im|seit|ab|bis|zum|anfang|ende|mitte)\s+(?P<m4>{month_alt})\b(?!\.?\s+(?:19|20)\d\d))"
            rf"|(?P<year>(?<![\d/.,])(?P<y5>(?:19|20)\d\d)(?![\d/]|,\d))",
            re.I,
        )

    def find(self, text: str, article_date: str | None) -> list[TimeExpr]:
        out: list[TimeExpr] = []
        ref = _parse_ref(article_date)
        for m in self._re.finditer(text):
            g = m.groupdict()
            if g["full"]:
                month = self.months[g["m"].lower()]
                out.append(TimeExpr(m.start(), m.end(), f"{g['y']}-{month:02d}-{int(g['d']):02d}", "date"))
            elif g["dm"]:
                if ref is None:
                    continue
                month = self.months[g["m2"].lower()]
                # a date without year: the year of the following full date or the article's year
                nxt = self._re.search(text, m.end())
                year = nxt.group("y") if nxt and nxt.group("full") else ref[0]
                out.append(TimeExpr(m.start(), m.end(), f"{year}-{month:02d}-{int(g['d2']):02d}", "date"))
            elif g["my"]:
                month = self.months[g["m3"].lower()]
                if g["y3"]:
                    year = int(g["y3"])
                elif ref is None:
                    continue
                else:
                    year = ref[0] - (1 if g["last"] else 0)
                out.append(TimeExpr(m.start(), m.end(), f"{year}-{month:02d}", "date"))
            elif g["season"]:
                y1 = int(g["sy"])
                y2 = int(g["sy2"]) if len(g["sy2"]) == 4 else (y1 // 100) * 100 + int(g["sy2"])
                if y2 != y1 + 1:
                    continue
                out.append(TimeExpr(m.start(), m.end(), str(y1), "season", str(y2)))
            elif g["wd"]:
                if ref is None:
                    continue
                year, month, day = ref
                if day is None:
                    value = f"{year}-{month:02d}" if month else str(year)
                else:
                    d = _dt.date(year, month, day)
                    delta = (d.weekday() - self.weekdays[g["wday"].lower()]) % 7
                    value = (d - _dt.timedelta(days=delta)).isoformat()
                out.append(TimeExpr(m.start(), m.end(), value, "relative"))
            elif g["mon"]:
                if ref is None:
                    continue
                month = self.months[g["m4"].lower()]
                if g["mprep"].lower() in ("ab", "zum"):  # the next such month
                    year = ref[0] if (ref[1] is None or month >= ref[1]) else ref[0] + 1
                else:  # the most recent such month
                    year = ref[0] if (ref[1] is None or month <= ref[1]) else ref[0] - 1
                out.append(TimeExpr(m.start(), m.end(), f"{year}-{month:02d}", "date"))
            elif g["year"]:
                out.append(TimeExpr(m.start(), m.end(), g["y5"], "date"))
        return out

    def range_in(self, text: str, article_date: str | None) -> DateRange:
        """Start/end from "vom X bis (zum) Y", "seit X", "ab X", "bis X" in a clause."""
        exprs = self.find(text, article_date)
        start = end = point = None
        for t in exprs:
            before = text[max(0, t.start - 12): t.start].lower()
            head = text[t.start: t.start + 6].lower()
            if re.search(r"\b(bis|bis zum|bis zur|bis ende|bis anfang|bis mitte)\s*$", before) or head.startswith("bis") \
                    or (start is not None and re.search(r"\d\s*[-–]\s*$", before)):
                end = end or (t.value_end or t.value)
            elif re.search(r"\b(seit|ab|vom|von|anfang|im)\s*$", before) or head.startswith(("seit", "ab", "vom")):
                start = start or t.value
            elif _RANGE_NEXT.match(text, t.end) and t.kind != "season":  # "2007 bis 2009", "2007 - 2009"
                start = start or t.value
            elif point is None and t.kind != "season":
                point = t.value
        return DateRange(start, end, point)


_RANGE_NEXT = re.compile(r"\s*(?:bis(?:\s+(?:zum|zur|ende|anfang|mitte))?|[-–])\s*(?:\d{1,2}\.\s*)?(?:[A-ZÄÖÜa-zäöü]+\.?\s+)?(?:19|20)\d\d")


def _parse_ref(article_date: str | None) -> tuple[int, int | None, int | None] | None:
    if not article_date:
        return None
    parts = [int(p) for p in article_date.split("-")]
    return parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)
