"""Split normalized text into letters (each with its clause tree and sentences: ``clauses.py``) and the
non-letter regions between them."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Optional

import regex

from extractor.document.clauses import ClauseSegment, clauses, sentences
from extractor.document.regions import Region, has_fact_cues, non_letters
from extractor.document.segment_rules import TIMEOUT, _rules
from extractor.rules.matching import timeout_for
from extractor.rules.patterns import load


@dataclass
class LetterSegment:
    index: int
    title: str
    marker: str | None
    start: int
    end: int
    truncated: bool = False
    body_start: int = 0
    clauses: list[ClauseSegment] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why this letter's split is doubtful (warnings "letter N: …")


@dataclass
class Segmentation:
    """Letters and the non-letter regions between them: together they tile the text exactly."""

    letters: list[LetterSegment]
    regions: list[Region]


def segment(text: str) -> list[LetterSegment]:
    return split(text).letters


def split(text: str, holds_facts: Optional[Callable[[str], bool]] = None) -> Segmentation:
    """Letters of ``text`` and the regions outside them; no character is left out of both.

    Text before the first letter title becomes a letter when it holds facts: cue words
    (patterns/segment.toml ``[regions] facts``) or, when given, ``holds_facts`` says so.
    """
    letters = _split_signed(text, _split_letters(text))
    letters = _claim_preamble(text, _merge_bare_titles(text, letters, holds_facts), holds_facts)
    for letter in letters:
        letter.clauses = clauses(text, letter.body_start, letter.end)
        letter.sentences = sentences(text, letter.start, letter.end)
    return Segmentation(letters, non_letters(text, letters))


# --- letters -----------------------------------------------------------------

def _split_letters(text: str) -> list[LetterSegment]:
    rules = _rules()
    starts: list[tuple[int, str, str | None]] = []  # (start, title, marker)
    weak: dict[int, str] = {}  # start -> why the split there is doubtful
    for m in _markers(text, rules):
        begin, title = _own_title(text, m, "\n")
        starts.append((begin, title, m.group(0)[len(m.group("title") or ""):].strip()))
    if not starts:
        for m in _held_matches(rules, "counter", text):
            # After a colon or a blank the title regex may swallow the letter before (日期:2024年5月20日售后…).
            begin, title = _own_title(text, m, "\n。!?;")
            starts.append((begin, title, text[begin:m.end()].strip()))
    if not starts:
        lines = [m for m in rules["title_line"].finditer(text, timeout=timeout_for(text, limit=TIMEOUT))]
        if len(lines) > 1:
            starts = [(m.start("title"), m.group("title"), None) for m in lines]
    elif len(starts) > 1:
        starts = _common_titles(text, starts)
    if not starts:
        starts, weak = _unnumbered_titles(text)
    body_start = len(text) - len(text.lstrip())
    if not starts:
        title = _first_title(text)
        return [_letter(text, 1, title, None, body_start, len(text))] if text.strip() else []
    letters = []
    for i, (start, title, marker) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        letter = _letter(text, i + 1, title or _first_title(text[start:end]), marker, start, end)
        if start in weak:
            letter.notes.append(weak[start])
        letters.append(letter)
    return letters


def _markers(text: str, rules: dict) -> Iterator[regex.Match]:
    """``rules["marker"].finditer(text)``. The marker's optional title makes the regex try every position of the
    text; a match starts at most ``marker_reach`` characters before its 第…篇 (``marker_core``), so no match starts
    further than that before the next 第…篇, and each search starts there."""
    full, core, reach = rules["marker"], rules["marker_core"], rules["marker_reach"]
    if reach is None:  # an unbounded title: every position
        yield from full.finditer(text, timeout=timeout_for(text, limit=TIMEOUT))
        return
    pos = 0
    while (near := core.search(text, pos, timeout=timeout_for(text, pos, limit=TIMEOUT))) is not None:
        m = full.search(text, max(pos, near.start() - reach), timeout=timeout_for(text, pos, limit=TIMEOUT))
        if m is None:
            return
        yield m
        pos = m.end()  # a marker holds 第…篇: never empty


def _held_matches(rules: dict, name: str, text: str, pos: int = 0) -> Iterator[regex.Match]:
    """``rules[name].finditer(text, pos)``, or nothing when the text from ``pos`` lacks what every match holds
    (``rules[name + "_core"]``, segment_rules._title_end_cores)."""
    core = rules[name + "_core"]
    if core is not None and core.search(text, pos, timeout=timeout_for(text, pos, limit=TIMEOUT)) is None:
        return iter(())
    return rules[name].finditer(text, pos, timeout=timeout_for(text, pos, limit=TIMEOUT))


def _own_title(text: str, m, exact_after: str) -> tuple[int, str]:
    """Start and text of the title of marker/counter match ``m``: whole after ``exact_after``, else its title words."""
    title = (m.group("title") or "").strip()
    begin = m.start("title") if m.group("title") else m.start()
    if title and begin and text[begin - 1] not in exact_after:
        title = _title_core(title)
        begin = m.end("title") - len(title)
    return begin, title


def _unnumbered_titles(text: str):
    """Letters run together under titles without ordinal: a file that opens with a title, and the same kind of
    title again right after a letter's end (a sentence end, date, signature) and before a letter opening (致, 我方,
    一、 …). Weak evidence: each split in mid-line is reported."""
    rules = _rules()
    first = rules["title_at_start"].match(text, timeout=TIMEOUT)
    if not first or not rules["named_title"].search(first.group("title"), timeout=TIMEOUT):
        return [], {}
    starts = [(first.start("title"), first.group("title"), None)]
    weak = {}
    for m in _held_matches(rules, "restart", text, first.end()):
        title = _title_core(m.group("title"))
        begin = m.end("title") - len(title)
        before = text[max(0, begin - 40):begin]
        if not rules["named_title"].search(title, timeout=TIMEOUT) or not before.strip() \
                or not rules["complete"].search(before, timeout=TIMEOUT):
            continue
        starts.append((begin, title, None))
        if text[begin - 1] != "\n":
            weak[begin] = (f"split at a title without ordinal in mid-line ({title!r} at character {begin}); "
                           "check that a new letter starts there")
    return (starts, weak) if len(starts) > 1 else ([], {})


def _split_signed(text: str, letters: list[LetterSegment]) -> list[LetterSegment]:
    """Agreements run together without a title between them: after a signature block, a preamble whose clauses
    count from one again starts a new letter (segment.toml ``signed_*``). Weak evidence: each split is reported."""
    out: list[LetterSegment] = []
    for letter in letters:
        cuts = _signed_restarts(text, letter.body_start, letter.end)
        if not cuts:
            out.append(letter)
            continue
        bounds = [letter.start, *cuts, letter.end]
        for k in range(len(bounds) - 1):
            start, end = bounds[k], bounds[k + 1]
            title = letter.title if k == 0 else _first_title(text[start:end])
            piece = _letter(text, 0, title, letter.marker if k == 0 else None, start, end)
            if k:
                piece.notes.append(f"split after a signature block, at a preamble without title (character {start}); "
                                   "check that a new letter starts there")
            else:
                piece.notes.extend(letter.notes)
            out.append(piece)
    for i, letter in enumerate(out, start=1):
        letter.index = i
    return out


def _signed_restarts(text: str, start: int, end: int) -> list[int]:
    """Where, in text[start:end], a letter opens right after a signature block of another (see ``_split_signed``)."""
    rules = _rules()
    lines = [(m.start(), m.end()) for m in regex.finditer(r"[^\n]+", text[start:end])]
    cuts: list[int] = []
    run, sealed = 0, False  # signature lines seen in a row (blank lines do not break a run); one dates or seals
    for a, b in lines:
        line = text[start + a:start + b]
        if len(line) <= rules["signed_max_line"] and rules["signed_line"].match(line, timeout=TIMEOUT):
            run += 1
            sealed = sealed or bool(rules["signed_sealed"].search(line, timeout=TIMEOUT))
            continue
        if run >= rules["signed_min_lines"] and sealed and rules["signed_opening"].match(line[:40], timeout=TIMEOUT):
            cut = start + a
            before, after = text[(cuts[-1] if cuts else start):cut], text[cut:end]
            if _long_enough(before, after) and _numbered(before) \
                    and rules["signed_first_clause"].search(after, timeout=TIMEOUT):
                cuts.append(cut)
        run, sealed = 0, False
    return cuts


def _long_enough(*parts: str) -> bool:
    return all(len(part.strip()) >= _rules()["signed_min_chars"] for part in parts)


def _numbered(text: str) -> bool:
    """Clause numbers in ``text``: a body of numbered clauses (2、 … 5、 on a cut page counts, not only 一、)."""
    return any(s.pattern.search(text, timeout=TIMEOUT) for s in _rules()["schemes"])


def _merge_bare_titles(text: str, letters: list[LetterSegment], holds_facts=None) -> list[LetterSegment]:
    """A title with no text of its own (a web page's title line repeated above the document's heading, a list of
    related titles) is no letter: it joins the letter after it, which keeps its own title. So does a title heading
    no fact, and a cover page (segment.toml ``header_examples``)."""
    out: list[LetterSegment] = []
    pending: LetterSegment | None = None
    for i, letter in enumerate(letters):
        bare = len(letters) > 1 and _bare_title(text, letter)
        if pending is not None:
            letter.start = pending.start
            pending = None
        if bare or (i + 1 < len(letters) and _heads_next(text, letter, letters[i + 1], holds_facts)):
            if letter is not letters[-1]:
                pending = letter
                continue
            if out:  # related titles listed after the last letter end it
                out[-1].end = letter.end
                continue
        letter.index = len(out) + 1
        out.append(letter)
    return out


def _bare_title(text: str, letter: LetterSegment) -> bool:
    return not _own_text(text, letter)


def _own_text(text: str, letter: LetterSegment) -> str:
    return text[letter.start:letter.end].strip().removeprefix(letter.title.strip()).strip()


def _heads_next(text: str, letter: LetterSegment, nxt: LetterSegment, holds_facts) -> bool:
    """``letter`` (no 第…篇 of its own) is the head of ``nxt``: a title over a date or a collection line and no fact,
    or a cover page of fields under the title ``nxt`` repeats."""
    if letter.marker is not None:
        return False
    rules, own = _rules(), _own_text(text, letter)
    # Lines naming a title (a collection's "1.…承诺书 篇一") are heading too; any other opening starts a body.
    body = "\n".join(line for line in own.split("\n") if not rules["names_title"].search(line, timeout=TIMEOUT))
    if len(own) <= rules["header_max"] and not rules["opening"].search(body, timeout=TIMEOUT) \
            and not _holds(own, holds_facts):
        return True
    lines = [line.strip() for line in own.split("\n") if line.strip()]
    return (len(own) <= rules["cover_max"] and bool(letter.title.strip())
            and _title_core(letter.title.strip()) == _title_core(nxt.title.strip())
            and all(rules["cover_field"].match(line, timeout=TIMEOUT) for line in lines)
            and not rules["cover_sentence"].search(own, timeout=TIMEOUT))


def _claim_preamble(text: str, letters: list[LetterSegment], holds_facts) -> list[LetterSegment]:
    """Text before the first title that holds commitments, figures, blanks or a signature is a letter, not preamble."""
    if not letters or not _holds(text[:letters[0].start], holds_facts):
        return letters
    end = letters[0].start
    if _heads_first(text[:end]):
        letters[0].start = _first_char(text, end)
        return letters
    start = _preamble_letter_start(text, end, holds_facts)
    m = _rules()["title_at_start"].match(text, start, end, timeout=TIMEOUT)
    title = m.group("title") if m else ""
    first = _letter(text, 1, title, None, start, end)
    if not title:
        first.notes.append("text before the first letter title holds facts; kept as a letter without title")
    for i, letter in enumerate(letters, start=2):
        letter.index = i
    return [first] + letters


def _heads_first(preamble: str) -> bool:
    """A short block of fields and chrome above the first title, with no sentence and no level (合同编号:____,
    资源描述 / 编号:____): the document's own header, part of its first letter rather than a letter of its own."""
    rules = _rules()
    lines = [line.strip() for line in preamble.split("\n") if line.strip()]
    return (len(preamble.strip()) <= rules["cover_max"]
            and not rules["cover_sentence"].search(preamble, timeout=TIMEOUT)
            and not rules["header_level"].search(preamble, timeout=TIMEOUT)
            and all(rules["cover_field"].match(line, timeout=TIMEOUT) or len(line) <= rules["chrome_max"]
                    for line in lines))


def _holds(text: str, holds_facts) -> bool:
    return bool(text.strip()) and (has_fact_cues(text) or bool(holds_facts and holds_facts(text)))


def _preamble_letter_start(text: str, end: int, holds_facts) -> int:
    """Where the letter in text[:end] starts: its last title at a line start with no facts before it
    (a collection title or chrome may stand above the title), else its first non-space character."""
    start = _first_char(text, end)
    for m in _rules()["title_at_line"].finditer(text, 0, end, timeout=timeout_for(text, 0, end, TIMEOUT)):
        if _holds(text[:m.start("title")], holds_facts):
            break
        start = m.start("title")
    return start


def _first_char(text: str, end: int) -> int:
    """Where text[:end] starts once its leading spaces are skipped."""
    return len(text[:end]) - len(text[:end].lstrip())


def _title_core(title: str) -> str:
    """The title words that end ``title``, without what the letter before left on the same line."""
    m = _rules()["title_core"].search(title, timeout=TIMEOUT)
    return m.group(0) if m else title


def _common_titles(text: str, starts):
    """Letters of one collection share a title: trust the longest common suffix of the text before each marker.

    The title regex alone cannot tell where a title begins when the previous letter
    ends in Chinese characters without punctuation (``…月__日服务承诺书第(3)篇``).
    """
    markers = [(s + len(t), t, mk) for s, t, mk in starts]
    heads = [text[max(0, pos - 40):pos].rstrip() for pos, _, _ in markers]
    common = heads[0]
    for h in heads[1:]:
        k = 0
        while k < min(len(common), len(h)) and common[-1 - k] == h[-1 - k]:
            k += 1
        common = common[len(common) - k:] if k else ""
    m = regex.search(load("segment")["letters"]["title"] + r"$", common, timeout=TIMEOUT)
    if not m or len(m.group(0)) < 4:
        return starts
    title = m.group(0)
    title_re = load("segment")["letters"]["title"]
    out = []
    for (pos, _, marker), head in zip(markers, heads):
        # A title standing after a line break or sentence end is exact: keep it whole.
        own = regex.search(r"(?:^|[\n。!?;])\s*(" + title_re + r")$", head, timeout=TIMEOUT)
        this = own.group(1) if own and own.group(1).endswith(title) else title
        start = pos - (len(text[:pos]) - len(text[:pos].rstrip())) - len(this)
        out.append((start, this, marker))
    return out


def _first_title(text: str) -> str:
    rules = _rules()
    head = text.lstrip()[:200]
    m = rules["title_line"].search(head, timeout=TIMEOUT) or regex.match(
        r"\s*(" + load("segment")["letters"]["title"] + ")", head, timeout=TIMEOUT
    )
    if m:
        return m.group(1 if m.re.groups == 1 else "title").strip()
    first = head.split("\n", 1)[0].strip()
    return first if len(first) <= 40 else ""


def _letter(text, index, title, marker, start, end) -> LetterSegment:
    while end > start and text[end - 1].isspace():
        end -= 1
    tail = text[max(start, end - 40):end]
    truncated = bool(tail) and not _rules()["complete"].search(tail, timeout=TIMEOUT)
    # Clause numbers inside the title or marker ("第(1)篇") are not clauses.
    body_start = start
    if marker:
        at = text.find(marker, start, end)
        body_start = at + len(marker) if at >= 0 else start
    return LetterSegment(index, title, marker, start, end, truncated, body_start)


# --- clauses -----------------------------------------------------------------
