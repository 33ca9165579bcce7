"""Stage 1: read articles from .txt, .html, .json, .jsonl files, directories and stdin.

Every reader yields :class:`~kickgraph.model.Article` records. Problems with one file are
reported as :class:`IngestProblem` records so that one bad file never aborts a batch:
``fatal`` problems (empty, binary, malformed, no text) skip the file, JSON element or line;
non-fatal ones are warnings about an article that is still read (legacy encoding, not German,
huge, unusable metadata).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .model import Article

SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson")
MAX_BYTES = 50 * 1024 * 1024  # larger files are refused with a clear message
LARGE_ARTICLE_CHARS = 1_000_000  # news articles have a few thousand characters; warn above this
_CONTROL_RATIO = 0.01  # more control characters than this (after decoding) means a binary file
_STR_FIELDS = ("url", "title", "publisher", "lang")

# Cheap language check: frequent function words that (mostly) belong to one language only.
_STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset("der die das und ist nicht ein eine einen einem zu den von mit sich des auf für im dem "
                    "als auch es wird aus er hat dass sie nach bei um am noch wie über so zum zur war haben "
                    "nur oder aber vor bis mehr durch wurde sei sind seine seit gegen beim ihr wieder".split()),
    "en": frozenset("the and of to is that for it was with as he be at by this had not are but from or have "
                    "they which you were her she there been his has who will would after when their".split()),
    "fr": frozenset("le la les des du et est une que qui dans pour pas au sur avec il ce sont par plus ne se "
                    "été aux son sa ses lui cette mais ou où leur".split()),
    "es": frozenset("el los las del y que en por con para una su al lo como más pero sus le ya fue ha sido "
                    "entre cuando muy sin sobre también".split()),
    "it": frozenset("il della di che è per una sono non gli nel alla con anche più ha dei delle ma come "
                    "questo essere stato".split()),
    "nl": frozenset("de het een van en dat zijn op te voor niet met hij ook aan er maar om bij nog naar "
                    "heeft werd wordt geen".split()),
}
_LANG_NAMES = {"de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch"}
_WORD_RE = re.compile(r"[^\W\d_]+")

_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DE_DATE_RE = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")
_META_LINE = re.compile(r"^(id|date|title|url|lang|publisher)\s*:\s*(.*)$", re.I)


@dataclass(frozen=True)
class IngestProblem:
    """A file (or line) that could not be read; the batch goes on."""

    source: str
    message: str
    fatal: bool = True  # False: read, but with a warning


def normalise_date(value: object) -> str | None:
    """Return "YYYY", "YYYY-MM" or "YYYY-MM-DD" for an ISO-like or German date, else None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        m = _DE_DATE_RE.match(text)
        if not m:
            return None
        day, month, year = m.group(1), m.group(2), m.group(3)
    if not 1800 <= int(year) <= 2200:
        return None
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return year
    if day is None or not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?(?=[/-])"
)


def date_from_url(url: str) -> str | None:
    """The publication date many news sites put in their URLs: ".../2022/07/14/...", ".../2013-11/07/..."."""
    m = _URL_DATE.search(url)
    if not m:
        return None
    year, month, day = m.groups()
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"


def decode_bytes(data: bytes, source: str) -> tuple[str, str | None]:
    """Decode UTF-8 (with or without BOM); fall back to cp1252 for legacy German files.

    Returns the text and a warning when a fallback was used. Binary data (NUL bytes, or many
    control characters after decoding) raises :class:`InputError`.
    """
    binary = InputError(f"{source}: looks like a binary file, not an article; remove it or pass text/HTML/JSON.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise binary
    text: str | None = None
    warning = None
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise binary from None
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            warning = f"{source}: not UTF-8, read as Windows-1252/Latin-1; convert it to UTF-8 to be sure."
    if _looks_binary(text):
        raise binary
    return text, warning


def _looks_binary(text: str) -> bool:
    """Many C0/C1 control characters (other than tab, newline, CR, FF) in the first 64k characters."""
    head = text[:65536]
    if not head:
        return False
    controls = sum(1 for c in head if (c < " " and c not in "\t\n\r\f") or "\x7f" <= c <= "\x9f")
    return controls > max(2, _CONTROL_RATIO * len(head))


def guess_language(text: str, sample_words: int = 2000) -> str | None:
    """The language ("de", "en", "fr", "es", "it", "nl") whose function words dominate the
    first ``sample_words`` words, "?" for 30+ words with none of them, None when unsure."""
    words: list[str] = []
    for m in _WORD_RE.finditer(text):
        words.append(m.group(0).lower())
        if len(words) >= sample_words:
            break
    if len(words) < 6:
        return None
    hits = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(hits, key=lambda k: (hits[k], k == "de"))
    if hits[best] == 0:
        return "?" if len(words) >= 30 else None
    if best == "de":
        return "de"
    # another language must clearly win over German (they share "die", "in", "an" ...)
    if hits[best] >= 3 and hits[best] >= 2 * hits["de"] and hits[best] >= 0.08 * len(words):
        return best
    return None


def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    return text.strip("\ufeff")


def _stdin_id(text: str) -> str:
    return "stdin-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def article_from_mapping(obj: object, default_id: str, source: str) -> Article:
    """Build an Article from a JSON object with id, text, date, url, title, lang."""
    return _article_and_warnings(obj, default_id, source)[0]


def _scalar(value: object) -> str | None:
    """A JSON string/number as a clean one-line string; None for null, "", lists, objects."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(_clean_text(value).split())
    return value or None


def _article_and_warnings(obj: object, default_id: str, source: str) -> tuple[Article, list[str]]:
    """The Article and warnings about metadata that had to be ignored (wrong JSON types)."""
    if not isinstance(obj, dict):
        raise InputError(f"{source}: expected a JSON object with a 'text' field, got {type(obj).__name__}.")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(f"{source}: the JSON object has no string 'text' field; add the article text as 'text'.")
    warnings: list[str] = []
    fields: dict[str, str | None] = {}
    for name in ("id", *_STR_FIELDS):
        raw = obj.get(name)
        fields[name] = _scalar(raw)
        if fields[name] is None and raw not in (None, ""):
            warnings.append(f"{source}: field {name!r} is not a string ({type(raw).__name__}); ignored.")
    raw_date = obj.get("date")
    date = normalise_date(raw_date) if isinstance(raw_date, (str, int)) and not isinstance(raw_date, bool) else None
    if date is None and raw_date not in (None, ""):
        warnings.append(f"{source}: date {str(raw_date)[:40]!r} is not a date (YYYY-MM-DD or DD.MM.YYYY); ignored.")
    if date is None and fields["url"]:
        date = date_from_url(fields["url"])
    lang = (fields["lang"] or "de").lower()
    article = Article(
        id=fields["id"] or default_id,
        text=_clean_text(text),
        date=date,
        url=fields["url"],
        title=fields["title"],
        lang=lang,
        publisher=fields["publisher"],
        source=source,
    )
    return article, warnings


def parse_txt(text: str, default_id: str, source: str) -> Article:
    """Plain text; optional leading ``key: value`` lines (id, date, title, url, lang) then a blank line."""
    text = _clean_text(text)
    meta: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines) and _META_LINE.match(lines[i]):
        m = _META_LINE.match(lines[i])
        assert m is not None
        meta[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if meta and (i == len(lines) or not lines[i].strip()):
        body = "\n".join(lines[i:]).strip()
    else:
        meta, body = {}, text
    return _article_and_warnings({**meta, "text": body, "id": meta.get("id") or default_id}, default_id, source)[0]


_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote", "pre")
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
              "button", "figure", "figcaption", "template", "select")
_BOILERPLATE_CLASS = re.compile(
    r"(cookie|consent|newsletter|share|social|related|comment|advert|promo|teaser|footer|nav|breadcrumb|subscribe|paywall)",
    re.I,
)


def parse_html(html: str, default_id: str, source: str) -> Article:
    """Extract headline, date, language and the article body; drop navigation, ads and scripts."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[class], [id]"):
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _BOILERPLATE_CLASS.search(label) and node.tag not in ("html", "body", "article", "main"):
            node.decompose()

    def meta(*names: str) -> str | None:
        for name in names:
            for sel in (f'meta[property="{name}"]', f'meta[name="{name}"]', f'meta[itemprop="{name}"]'):
                node = tree.css_first(sel)
                if node is not None and node.attributes.get("content"):
                    return node.attributes["content"]
        return None

    title = meta("og:title", "twitter:title")
    if not title:
        t = tree.css_first("title") or tree.css_first("h1")
        title = t.text(strip=True) if t is not None else None
    date = meta("article:published_time", "datePublished", "date", "pubdate", "dc.date", "DC.date.issued")
    if not date:
        t = tree.css_first("time[datetime]")
        date = t.attributes.get("datetime") if t is not None else None
    url = meta("og:url")
    if not url:
        link = tree.css_first('link[rel="canonical"]')
        url = link.attributes.get("href") if link is not None else None
    html_node = tree.css_first("html")
    lang = (html_node.attributes.get("lang") if html_node is not None else None) or "de"

    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    blocks: list[str] = []
    if root is not None:
        for node in root.css(",".join(_BLOCK_TAGS)):
            # skip blocks nested in another block we already take (li inside p etc.)
            parent, nested = node.parent, False
            while parent is not None and parent is not root:
                if parent.tag in _BLOCK_TAGS:
                    nested = True
                    break
                parent = parent.parent
            if nested:
                continue
            txt = " ".join(node.text(separator=" ").split())
            if txt:
                blocks.append(txt)
        if not blocks:
            blocks = [" ".join(root.text(separator=" ").split())]
    body = "\n\n".join(b for b in blocks if b)
    if not _clean_text(body).strip():
        raise InputError(f"{source}: the HTML page has no article text (only markup, scripts, styles or "
                         "navigation); skipped.")
    return _article_and_warnings(
        {"id": default_id, "text": body, "date": date, "title": title, "url": url, "lang": lang[:2].lower()},
        default_id,
        source,
    )[0]


def _from_mapping(obj: object, default_id: str, source: str) -> Iterator[Article | IngestProblem]:
    """One JSON object -> its article (and metadata warnings), or a problem; never raises."""
    try:
        article, warnings = _article_and_warnings(obj, default_id, source)
    except InputError as exc:
        yield IngestProblem(source, str(exc))
        return
    for w in warnings:
        yield IngestProblem(source, w, fatal=False)
    yield article


def parse_json(text: str, default_id: str, source: str) -> Iterator[Article | IngestProblem]:
    """One object or an array of objects; a bad element is a problem, the others are read."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError(f"{source}: JSON nested too deeply; fix the file or remove it.") from None
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from parse_jsonl(text, default_id, source)  # JSON Lines saved as .json
            return
        raise InputError(f"{source}: invalid JSON ({exc.msg} at line {exc.lineno}); fix the file or remove it.") from None
    if isinstance(data, list):
        if not data:
            raise InputError(f"{source}: an empty JSON array, no articles; skipped.")
        for i, obj in enumerate(data):
            yield from _from_mapping(obj, f"{default_id}-{i}", f"{source}[{i}]")
        return
    yield from _from_mapping(data, default_id, source)


def parse_jsonl(text: str, default_id: str, source: str) -> Iterator[Article | IngestProblem]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestProblem(where, f"{where}: invalid JSON line ({exc.msg}); line skipped.")
            continue
        except RecursionError:
            yield IngestProblem(where, f"{where}: JSON nested too deeply; line skipped.")
            continue
        yield from _from_mapping(obj, f"{default_id}-{lineno}", where)


def _parse(text: str, kind: str, default_id: str, source: str) -> Iterator[Article | IngestProblem]:
    if kind in (".json",):
        yield from parse_json(text, default_id, source)
    elif kind in (".jsonl", ".ndjson"):
        yield from parse_jsonl(text, default_id, source)
    elif kind in (".html", ".htm"):
        yield parse_html(text, default_id, source)
    else:
        yield parse_txt(text, default_id, source)


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith("{") and "\n{" in text.strip():
        return ".jsonl"
    if head.startswith(("{", "[")):
        return ".json"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return ".html"
    return ".txt"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Expand directories recursively (sorted, deterministic); keep '-' for stdin."""
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    yield child
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or directory; check the path.")


def _checked(items: Iterable[Article | IngestProblem], source: str) -> Iterator[Article | IngestProblem]:
    """Drop articles without text; warn about non-German and huge articles."""
    for item in items:
        if not isinstance(item, Article):
            yield item
            continue
        where = item.source or source
        if not item.text.strip():
            yield IngestProblem(where, f"{where}: the article has no text; skipped.")
            continue
        if len(item.text) > LARGE_ARTICLE_CHARS:
            yield IngestProblem(where, f"{where}: the article has {len(item.text):,} characters (news articles have a "
                                       "few thousand); extraction will take minutes - is this several articles in "
                                       "one file?", fatal=False)
        declared = re.split(r"[-_]", item.lang, maxsplit=1)[0]
        guessed = guess_language(item.text)
        why = None
        if guessed == "?":
            why = "the text has no German function words (not German?)"
        elif guessed not in (None, "de"):
            why = f"the text looks like {_LANG_NAMES[guessed]}, not German"
            if declared == "de":
                item = replace(item, lang=guessed)  # record the language the text is in
        elif declared != "de" and guessed is None:
            why = f"the article declares language {item.lang!r}"
        if why:
            yield IngestProblem(where, f"{where}: {why}; kickgraph extracts from German text, so facts may be "
                                       "missing or wrong.", fatal=False)
        yield item


def read_source(path: Path | str, stdin_text: str | None = None) -> Iterator[Article | IngestProblem]:
    """Read one file (or stdin for '-') into articles and problems; never raises for bad content."""
    if path == "-":
        text = stdin_text if stdin_text is not None else sys.stdin.read()
        if not text.strip():
            yield IngestProblem("-", "stdin: empty input; pipe an article into kickgraph.")
            return
        kind = _sniff(text)
        try:
            yield from _checked(_parse(_clean_text(text), kind, _stdin_id(text), "-"), "-")
        except InputError as exc:
            yield IngestProblem("-", str(exc))
        return
    assert isinstance(path, Path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield IngestProblem(source, f"{source}: {size} bytes is larger than {MAX_BYTES} bytes; split the file.")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestProblem(source, f"{source}: cannot read ({exc.strerror}); check permissions.")
        return
    if not data.strip():
        yield IngestProblem(source, f"{source}: empty file; skipped.")
        return
    try:
        text, warning = decode_bytes(data, source)
    except InputError as exc:
        yield IngestProblem(source, str(exc))
        return
    if warning:
        yield IngestProblem(source, warning, fatal=False)
    kind = path.suffix.lower()
    if kind not in SUFFIXES:
        kind = _sniff(text)
    try:
        yield from _checked(_parse(text, kind, path.stem, source), source)
    except InputError as exc:
        yield IngestProblem(source, str(exc))


def _ignored_files(directory: Path) -> list[Path]:
    """Files in a directory tree that are not read (unknown suffix); hidden files not counted."""
    return [c for c in sorted(directory.rglob("*")) if c.is_file() and not c.name.startswith(".")
            and c.suffix.lower() not in SUFFIXES and not any(p.startswith(".") for p in c.relative_to(directory).parts)]


def read_articles(paths: Iterable[str | Path], stdin_text: str | None = None) -> Iterator[Article | IngestProblem]:
    """Read every article under ``paths``; yields problems in place of unreadable inputs.

    A missing path raises :class:`InputError` before anything is read.
    """
    paths = list(paths)
    for p in paths:
        if str(p) != "-" and not Path(p).exists():
            raise InputError(f"{p}: no such file or directory; check the path.")
    for p in paths:
        if str(p) != "-" and Path(p).is_dir():
            ignored = _ignored_files(Path(p))
            if ignored:
                names = ", ".join(str(f.relative_to(p)) for f in ignored[:3]) + (", ..." if len(ignored) > 3 else "")
                yield IngestProblem(str(p), f"{p}: {len(ignored)} file(s) ignored, not {'/'.join(SUFFIXES)} "
                                            f"({names}).", fatal=False)
        for path in iter_files([p]):
            yield from read_source(path, stdin_text)
