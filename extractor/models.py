"""Typed models shared by every stage; the JSON Schema is generated from these."""
from __future__ import annotations

from typing import Literal, NamedTuple, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

Comparator = Literal[">=", ">", "=", "<=", "<"]
Period = Literal["month", "quarter", "year"]  # what an availability level is counted over


class Span(BaseModel):
    """Code-point offsets [start, end) into the document text as read from the file."""

    model_config = ConfigDict(extra="forbid")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: Optional[int] = Field(default=None, description="1-based PDF page of the first character")


class OcrInfo(BaseModel):
    """How OCR read a scanned file (extractor/document/ocr.py)."""

    engine: str = Field(description="OCR engine, e.g. rapidocr")
    pages: list[int] = Field(description="1-based pages read by OCR (a mixed PDF's other pages have text)")
    mean_confidence: Optional[float] = Field(default=None, description="mean recognition confidence per character")


class Source(BaseModel):
    path: str
    format: Literal["txt", "pdf", "docx", "html", "markdown", "image"]
    sha256: str
    encoding: Optional[str] = None
    pages: Optional[int] = None
    # Absent unless set, so inputs without OCR read as before (per field: a model serializer that pops the key
    # makes pydantic build every letter as a dict before its JSON).
    ocr: Optional[OcrInfo] = Field(default=None, exclude_if=lambda v: v is None,
                                   description="present when some pages were read by OCR")


class Clause(BaseModel):
    id: str = Field(description="Dotted path of the numbering, e.g. '3.1.2' or '二.(1)'")
    number: str = Field(description="The numbering token as written, e.g. '(1)'")
    scheme: str
    heading: str
    depth: int
    parent: Optional[str] = None
    span: Span


class Sentence(BaseModel):
    text: str
    span: Span


class Evidence(BaseModel):
    """Why a fact was taken: the cues that placed it and the vetoes it passed (ids in its family's rule file)."""

    cues: list[str] = Field(default=[], description="ids of the [[cue]] blocks that gave its kind, role or band")
    vetoes: list[str] = Field(default=[], description="ids of the [[veto]] blocks checked that did not fire")


def _ocr_box():
    """Every kind of fact (a party, a level, a blank) says where OCR read it the same way."""
    return Field(default=None, exclude_if=lambda v: v is None,
                 description="only on a fact read by OCR: the box around its characters on span.page, x0, top, x1, "
                             "bottom in PDF points from the page's top left (as a seal's bbox). Absent for text input")


class Party(BaseModel):
    role: str = Field(description="promisor | recipient | provider | customer | bidder | purchaser | party_a | party_b")
    label: str = Field(description="The role word as written, e.g. 承诺方, 甲方")
    name: Optional[str] = None
    blank: bool = False
    text: str = ""
    span: Span
    evidence: Optional[Evidence] = Field(default=None, description="the vetoes its declared value passed")
    bbox: Optional[list[float]] = _ocr_box()


class Fact(BaseModel):
    """Fields common to every extracted fact."""

    rule: str = Field(description="id of the pattern rule that produced the fact")
    evidence: Optional[Evidence] = None
    clause: Optional[str] = None
    text: str
    span: Span
    blank: bool = False
    ocr_confidence: Optional[float] = Field(
        default=None, exclude_if=lambda v: v is None,
        description="only on a fact read by OCR whose figure the recognizer was unsure of: its lowest confidence in "
                    "a figure character (below 0.9; docs/ocr.md). Absent otherwise, and always for text input")
    bbox: Optional[list[float]] = _ocr_box()


class AvailabilityFact(Fact):
    value: Optional[float] = None
    comparator: Optional[Comparator] = None
    subject: Optional[str] = None
    period: Optional[Period] = None
    metric: str = Field(default="availability", description="availability | uptime_hours")


TimingKind = Literal[
    "response", "onsite", "recovery", "resolution", "report", "notice", "rectification",
    "reply", "claim", "support_hours", "latency", "rto", "rpo", "maintenance",
    "retention", "frequency", "validity", "other",
]


class TimingFact(Fact):
    kind: TimingKind
    event: Optional[str] = None
    tier: Optional[str] = Field(default=None, description="severity tier such as P1, 一级")
    value: Optional[float] = None
    unit: Optional[str] = None
    minutes: Optional[float] = None
    comparator: Optional[Comparator] = None
    hours: Optional[str] = Field(default=None, description="support window such as 7x24 or 08:00-20:00")


PenaltyKind = Literal[
    "liquidated_damages", "service_credit", "compensation", "fine", "deduction", "termination", "other",
]


class Money(BaseModel):
    value: Optional[float] = None
    currency: str = "CNY"
    text: str = ""


class MoneyRange(BaseModel):
    low: Optional[Money] = None
    high: Optional[Money] = None


class Band(BaseModel):
    """Availability band of a service-credit tier: low <= availability < high."""

    low: Optional[float] = None
    high: Optional[float] = None
    low_inclusive: bool = True
    high_inclusive: bool = False


class PenaltyFact(Fact):
    kind: PenaltyKind
    trigger: Optional[str] = None
    rate: Optional[float] = None
    base: Optional[str] = None
    amount: Optional[Money] = None
    range: Optional[MoneyRange] = None
    cap: Optional[str] = None
    cap_rate: Optional[float] = None
    per: Optional[str] = Field(default=None, description="per-unit basis, e.g. 每超时1小时, 每次, 每天")
    band: Optional[Band] = None
    credit_days: Optional[float] = Field(
        default=None, description="a credit paid in service time, in days: 补偿3天服务时长 -> 3, 48小时 -> 2, "
                                  "延长服务期1个月 -> 30 (a month is 30 days, a year 365)")


class BlankFact(BaseModel):
    rule: str = Field(default="", description="id of the detector that found the blank")
    evidence: Optional[Evidence] = Field(default=None, description="cues: the [[label]] rule that named it, if one did")
    label: str
    kind: Literal["underline", "placeholder", "spaces", "stand_in", "empty_field", "date", "seal"] = Field(
        description="seal: a signature block's seal slot (盖章) with no seal detected near it, only where seal "
                    "detection ran in colour (a scan or a PDF page holding an image)")
    text: str
    clause: Optional[str] = None
    span: Span
    line: Optional[int] = None
    context: str = ""
    bbox: Optional[list[float]] = _ocr_box()


class Seal(BaseModel):
    """A red seal impression on a scanned page."""

    page: int
    bbox: list[float] = Field(description="x0, top, x1, bottom in PDF points (1/72 inch) from the page's top left")
    near: str = Field(description="the signature-block label or text nearest the seal, e.g. 承诺方(盖章)")


class Letter(BaseModel):
    index: int
    title: str
    marker: Optional[str] = Field(default=None, description="the letter marker as written, e.g. 第(2)篇")
    truncated: bool = False
    span: Span
    parties: list[Party] = []
    clauses: list[Clause] = []
    availability: list[AvailabilityFact] = []
    timings: list[TimingFact] = []
    penalties: list[PenaltyFact] = []
    blanks: list[BlankFact] = []
    sentences: Optional[list[Sentence]] = None
    text: Optional[str] = Field(default=None, description="normalized letter text (only with --text)")
    seals: Union[list[Seal], Literal["unknown"], None] = Field(
        default=None, description="seals on the letter's scanned pages; 'unknown' on a scan without colour; "
                                  "absent when no page of it was scanned", exclude_if=lambda v: v is None)


NonLetterKind = Literal["whitespace", "collection_title", "preamble", "between_letters"]


class NonLetter(BaseModel):
    """A stretch of the document outside every letter, and why it is not a letter."""

    kind: NonLetterKind
    reason: str
    span: Span
    text: str = ""


class Document(BaseModel):
    source: Source
    letters: list[Letter]
    non_letters: list[NonLetter] = Field(
        default=[], description="Everything outside the letters: with the letters' spans these cover the normalized "
                                "text exactly, so no text is dropped without a reason")
    warnings: list[str] = []


class ErrorRecord(BaseModel):
    path: str
    error: str


class Encoded(NamedTuple):
    """A Document already turned into output text by the worker that extracted it.

    With ``-j N`` the parent then receives one string per file instead of unpickling a tree of models and
    serializing it again on its own core: the parent is the one part of a parallel run that does not scale."""
    path: str
    letters: int
    text: str
