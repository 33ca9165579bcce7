"""Stage 1: read articles from .txt, .html, .json, .jsonl files, directories and stdin.

Every reader yields :class:`~kickgraph.model.Article` records. Problems with one file are
reported as :class:`IngestProblem` records so that one bad file never aborts a batch.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Article

SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson")
MAX_BYTES = 50 * 1024 * 1024  # larger files are refused with a clear message

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


def decode_bytes(data: bytes, source: str) -> tuple[str, str | None]:
    """Decode UTF-8 (with or without BOM); fall back to cp1252 for legacy German files.

    Returns the text and a warning when a fallback was used.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{source}: looks like a binary file, not an article; remove it or pass text/HTML/JSON.")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text, f"{source}: not UTF-8, read as Windows-1252/Latin-1; convert it to UTF-8 to be sure."


def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    return text.strip("\ufeff")


def _stdin_id(text: str) -> str:
    return "stdin-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def article_from_mapping(obj: object, default_id: str, source: str) -> Article:
    """Build an Article from a JSON object with id, text, date, url, title, lang."""
    if not isinstance(obj, dict):
        raise InputError(f"{source}: expected a JSON object with a 'text' field, got {type(obj).__name__}.")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(f"{source}: the JSON object has no string 'text' field; add the article text as 'text'.")
    aid = obj.get("id")
    aid = str(aid).strip() if aid not in (None, "") else default_id
    return Article(
        id=aid,
        text=_clean_text(text),
        date=normalise_date(obj.get("date")),
        url=obj.get("url") or None,
        title=obj.get("title") or None,
        lang=str(obj.get("lang") or "de"),
        publisher=obj.get("publisher") or None,
        source=source,
    )


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
    return article_from_mapping({**meta, "text": body, "id": meta.get("id") or default_id}, default_id, source)


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
    return article_from_mapping(
        {"id": default_id, "text": body, "date": date, "title": title, "url": url, "lang": lang[:2].lower()},
        default_id,
        source,
    )


def parse_json(text: str, default_id: str, source: str) -> list[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: invalid JSON ({exc.msg} at line {exc.lineno}); fix the file or remove it.") from None
    if isinstance(data, list):
        return [article_from_mapping(obj, f"{default_id}-{i}", f"{source}[{i}]") for i, obj in enumerate(data)]
    return [article_from_mapping(data, default_id, source)]


def parse_jsonl(text: str, default_id: str, source: str) -> Iterator[Article | IngestProblem]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
            yield article_from_mapping(obj, f"{default_id}-{lineno}", where)
        except json.JSONDecodeError as exc:
            yield IngestProblem(where, f"{where}: invalid JSON line ({exc.msg}); line skipped.")
        except InputError as exc:
            yield IngestProblem(where, str(exc))


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


def read_source(path: Path | str, stdin_text: str | None = None) -> Iterator[Article | IngestProblem]:
    """Read one file (or stdin for '-') into articles and problems."""
    if path == "-":
        text = stdin_text if stdin_text is not None else sys.stdin.read()
        kind = _sniff(text)
        if kind == ".txt" and not text.strip():
            yield IngestProblem("-", "stdin: empty input; pipe an article into kickgraph.")
            return
        try:
            yield from _parse(_clean_text(text), kind, _stdin_id(text), "-")
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
        for item in _parse(text, kind, path.stem, source):
            if isinstance(item, Article) and not item.text.strip():
                yield IngestProblem(item.source or source, f"{item.source}: the article has no text; skipped.")
            else:
                yield item
    except InputError as exc:
        yield IngestProblem(source, str(exc))


def read_articles(paths: Iterable[str | Path], stdin_text: str | None = None) -> Iterator[Article | IngestProblem]:
    """Read every article under ``paths``; yields problems in place of unreadable inputs."""
    for path in iter_files(paths):
        yield from read_source(path, stdin_text)
