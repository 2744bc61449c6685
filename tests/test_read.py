"""Readers: encodings, PDF layout, DOCX structure, error reasons, folder walking."""
from __future__ import annotations

import io
import os
import zipfile

import pytest
from _fixtures import SAMPLES, cjk_pdf, docx_bytes

from extractor.document import read_txt
from extractor.document.normalize import normalize
from extractor.document.read import ReadError, ReadLimits, iter_files, limits_in_force, read
from extractor.rules.patterns import load

ENGINES = ("pdfium", "pdfplumber")


def _norm(text: str) -> str:
    return normalize(text).text.rstrip()


@pytest.fixture(scope="module")
def letter() -> str:
    """A real letter in clean simplified form (every legacy codec can carry it)."""
    return _norm((SAMPLES / "letters" / "letter_02.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def letter_traditional(letter) -> str:
    opencc = pytest.importorskip("opencc")
    # Taiwan standard forms (為, 啟): the ones Big5 can encode.
    return opencc.OpenCC("s2tw").convert(letter)


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize(
    "codec, bom, script, expected",
    [
        ("utf-8", b"", "simplified", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "simplified", "utf-8-sig"),
        ("gb18030", b"", "simplified", "gb18030"),
        ("gbk", b"", "simplified", "gb18030"),
        ("gbk", b"", "traditional", "gb18030"),
        ("utf-16-le", b"\xff\xfe", "simplified", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "traditional", "utf-16"),
        ("utf-16-le", b"", "simplified", "utf-16"),
        ("utf-16-be", b"", "simplified", "utf-16"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "simplified", "utf-32"),
        ("big5", b"", "traditional", "big5"),
        ("utf-8", b"", "traditional", "utf-8"),
    ],
)
def test_same_letter_in_any_encoding_reads_the_same(tmp_path, letter, letter_traditional, codec, bom, script, expected):
    source = letter if script == "simplified" else letter_traditional
    path = tmp_path / "letter.txt"
    path.write_bytes(bom + source.encode(codec))
    raw = read(path)
    assert raw.encoding == expected
    assert raw.text == source
    assert _norm(raw.text) == letter


@pytest.mark.parametrize("text, codec", [tuple(e) for e in load("encodings")["common"]["examples"]])
def test_encodings_toml_examples(text, codec):
    assert read_txt.decode(text.encode(codec)) == (text, codec)


@pytest.mark.parametrize(
    "text",
    ["甲方:\r\n乙方:\r\n", "第一条\r服务\n\n", "  缩进\t制表\n"],
)
def test_text_is_kept_exactly(tmp_path, text):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read(path).text == text


# ---------------------------------------------------------------- PDF layout

PARAGRAPHS = [
    "承诺方承诺核心系统及服务的可用性不低于99.95%,每月累计不可用时间不超过21.6分钟;出现服务中断时,"
    "承诺方需在30分钟内启动应急响应,4小时内恢复核心功能,24小时内全面恢复服务,否则按当月服务费的5%支付违约金。",
    "短的一行。",
    "服务可用性未达标时,接收方有权要求承诺方按以下标准赔偿:可用性低于99.9%但不低于99%的,赔偿当月服务费的10%;"
    "可用性低于99%的,赔偿当月服务费的30%,赔偿总额以当月服务费为上限。",
]


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_soft_wraps_join_and_paragraph_ends_stay(tmp_path, engine):
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(PARAGRAPHS))
    assert read(path, engine=engine).text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_short_lines_stay_lines(tmp_path, engine):
    lines = ["承诺方(盖章):", "法定代表人:", "签订日期:2024年1月1日"]
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(lines))
    assert read(path, engine=engine).text == "\n".join(lines)


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_page_break_between_short_lines_is_a_newline(tmp_path, engine):
    lines = [f"第{n}条 服务响应时间不超过{n}小时。" for n in range(1, 61)]
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(lines, size=14))
    raw = read(path, engine=engine)
    assert raw.pages >= 2
    assert raw.text == "\n".join(lines)
    newline_at_break = next(i for i, p in enumerate(raw.char_pages) if p == 2) - 1
    assert (raw.text[newline_at_break], raw.char_pages[newline_at_break]) == ("\n", 1)


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_paragraph_over_a_page_break_is_one_line_with_pages(tmp_path, engine):
    paragraph = "".join(PARAGRAPHS) * 12
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf([paragraph], size=16))
    raw = read(path, engine=engine)
    assert raw.pages >= 2
    assert raw.text == paragraph
    assert len(raw.char_pages) == len(raw.text) == len(raw.char_boxes)
    assert raw.char_pages == sorted(raw.char_pages)
    assert raw.char_pages[0] == 1 and raw.char_pages[-1] == raw.pages


# At 12 pt on A4 a line holds exactly 44 CJK characters: these lines all run to the right margin.
_FILL = "机房动力环境巡检记录显示各项指标均处于正常范围内运维团队按计划完成季度设备保养工作并提交报告"


def _full_line(head: str, tail: str) -> str:
    return head + _FILL[:44 - len(head) - len(tail)] + tail


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("head, tail, breaks", [
    ("", "。", 1),  # the page ends a sentence
    ("", ";", 1),
    ("第{}款", "行", 1),  # the next page opens with a clause number
    ("", "行", 0),  # a paragraph running on over the page
])
def test_pdf_page_break_after_a_sentence_or_before_a_clause_is_a_newline(tmp_path, engine, head, tail, breaks):
    numerals = "一二三四五六七八九"
    lines = [_full_line(head.format(numerals[n % 9]), tail) for n in range(50)]
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(lines))
    raw = read(path, engine=engine)
    assert raw.pages == 2
    assert raw.text.replace("\n", "") == "".join(lines)
    first_of_page_2 = raw.char_pages.index(2)
    assert raw.text.count("\n") == breaks
    assert (raw.text[first_of_page_2 - 1] == "\n") == bool(breaks)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("paragraphs, expected", [
    # A numbered item ending a sentence at the margin, then the next item: two lines.
    ([_full_line("一、", "。"), _full_line("二、", "。")], [_full_line("一、", "。"), _full_line("二、", "。")]),
    # A sentence end before a short numbered heading: the heading is a line of its own.
    ([_full_line("", "。"), "第2条 服务承诺"], [_full_line("", "。"), "第2条 服务承诺"]),
    # A run-on paragraph that wraps after a sentence end into a full numbered line stays one line.
    ([_full_line("", "。") + _full_line("二、", "") + "。"], [_full_line("", "。") + _full_line("二、", "") + "。"]),
])
def test_pdf_sentence_end_before_a_numbered_line_in_a_page(tmp_path, engine, paragraphs, expected):
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(paragraphs))
    assert read(path, engine=engine).text.split("\n") == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_char_boxes_lie_on_the_page_and_newlines_have_none(tmp_path, engine):
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(PARAGRAPHS))
    raw = read(path, engine=engine)
    for ch, box in zip(raw.text, raw.char_boxes):
        if ch == "\n":
            assert box is None
        else:
            x0, top, x1, bottom = box
            assert 0 <= x0 <= x1 <= 595.3 and 0 <= top <= bottom <= 841.9
    first_of_second_paragraph = raw.text.index("短")
    assert raw.char_boxes[first_of_second_paragraph][1] > raw.char_boxes[0][3]  # below the first line


def test_engines_agree_on_text_and_pages(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(PARAGRAPHS * 8, size=14))
    a, b = read(path, engine="pdfium"), read(path, engine="pdfplumber")
    assert (a.text, a.pages, a.char_pages) == (b.text, b.pages, b.char_pages)


def test_engine_from_the_limits_in_force_not_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(PARAGRAPHS))
    monkeypatch.setenv("SLAX_PDF_ENGINE", "nonesuch")  # the library reads no variable: only the CLI does
    assert read(path).text == "\n".join(PARAGRAPHS)
    with limits_in_force(ReadLimits(pdf_engine="pdfplumber")):
        assert read(path).text == "\n".join(PARAGRAPHS)
    with limits_in_force(ReadLimits(pdf_engine="nonesuch")), pytest.raises(ValueError, match="unknown PDF engine"):
        read(path)


# ---------------------------------------------------------------- DOCX

def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(docx_bytes([
        "服务等级与响应时间如下:",
        [["故障级别", "响应时间", "恢复时间"], ["P1", "15分钟", "4小时"], ["P2", "30分钟", "8小时"]],
        "以上时限自接到报障起计算。",
    ]))
    assert read(path).text == (
        "服务等级与响应时间如下:\n"
        "故障级别 | 响应时间 | 恢复时间\nP1 | 15分钟 | 4小时\nP2 | 30分钟 | 8小时\n"
        "以上时限自接到报障起计算。"
    )


def test_docx_merged_cell_appears_once(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "服务信用表"
    for c, value in enumerate(["可用性", "<99.9%", "10%"]):
        table.cell(1, c).text = value
    path = tmp_path / "a.docx"
    document.save(str(path))
    assert read(path).text == "服务信用表\n可用性 | <99.9% | 10%"


# ---------------------------------------------------------------- errors

def _zip_of_text(path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "not a word document")
    path.write_bytes(buf.getvalue())


def _truncated(path):
    data = cjk_pdf(PARAGRAPHS)
    path.write_bytes(data[: len(data) // 2])


ERROR_CASES = [
    ("empty.txt", lambda p: p.write_bytes(b""), "empty file"),
    ("empty.pdf", lambda p: p.write_bytes(b""), "empty file"),
    ("junk.txt", lambda p: p.write_bytes(bytes(range(256)) * 8), "does not look like text (binary data)"),
    ("image.txt", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000)), "does not look like text"),
    ("junk.pdf", lambda p: p.write_bytes(os.urandom(4000)), "not a valid PDF (corrupt or not a PDF file)"),
    ("renamed.pdf", lambda p: p.write_bytes("服务承诺书".encode()), "not a valid PDF"),
    ("truncated.pdf", _truncated, "not a valid PDF (truncated"),
    ("scan.pdf", lambda p: p.write_bytes(cjk_pdf([], image=True)), "no text layer (scanned/image-only PDF); "),
    ("locked.pdf", lambda p: p.write_bytes(cjk_pdf(PARAGRAPHS, user_password="secret")), "encrypted PDF (password required)"),
    ("old.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)), "old Word .doc format is not supported"),
    ("renamed.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)), "old Word .doc format"),
    ("zip.docx", _zip_of_text, "not a valid .docx"),
    ("text.docx", lambda p: p.write_text("服务承诺书", encoding="utf-8"), "not a valid .docx"),
    ("blank.docx", lambda p: p.write_bytes(docx_bytes(["", "  "])), "document has no text"),
    ("letter.xyz", lambda p: p.write_text("x"), "unsupported file type '.xyz' (supported: .txt, .pdf, .docx, .html, .htm, .md)"),
    ("README", lambda p: p.write_text("x"), "unsupported file type '(no extension)'"),
    ("missing.txt", lambda p: None, "no such file"),
    ("folder.txt", lambda p: p.mkdir(), "is a directory"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name, make, reason", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_bad_input_is_a_read_error_with_reason(tmp_path, engine, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(ReadError) as info:
        read(path, engine=engine)
    assert reason in info.value.reason
    assert str(info.value) == f"{path}: {info.value.reason}"


def test_page_limit(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(cjk_pdf(["".join(PARAGRAPHS) * 12], size=16))
    with pytest.raises(ReadError, match=r"too many pages \(\d+ > limit 1\)"):
        read(path, max_pages=1)


# ---------------------------------------------------------------- folders

def _tree(root):
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "b.txt").write_text("乙")
    (root / "a.txt").write_text("甲")
    (root / "sub" / "c.pdf").write_bytes(b"%PDF-1.4")
    (root / "sub" / "deeper" / "d.docx").write_bytes(b"")
    (root / "notes.md").write_text("x")
    (root / "~$a.docx").write_bytes(b"lock")
    (root / ".hidden.txt").write_text("x")


def test_iter_files_recursive_sorted_supported_only(tmp_path):
    _tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a.txt", "b.txt", "sub/c.pdf", "sub/deeper/d.docx"]


def test_iter_files_glob(tmp_path):
    _tree(tmp_path)
    assert [p.name for p in iter_files([tmp_path], glob="*.txt")] == ["a.txt", "b.txt"]


def test_iter_files_named_file_is_yielded_as_given(tmp_path):
    _tree(tmp_path)
    assert list(iter_files([tmp_path / "notes.md"])) == [tmp_path / "notes.md"]


def test_iter_files_symlink_outside_folder_needs_follow(tmp_path):
    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir(), outside.mkdir()
    (inside / "a.txt").write_text("甲")
    (outside / "z.txt").write_text("外")
    (inside / "link.txt").symlink_to(outside / "z.txt")
    (inside / "local.txt").symlink_to(inside / "a.txt")
    assert [p.name for p in iter_files([inside])] == ["a.txt"]
    assert [p.name for p in iter_files([inside], follow_symlinks=True)] == ["a.txt", "link.txt"]


@pytest.mark.parametrize(
    "setup, reason",
    [
        (lambda d: None, "no .txt/.pdf/.docx/.html files found"),
        (lambda d: (d / "x.md").write_text("x"), "no .txt/.pdf/.docx/.html files found"),
    ],
)
def test_iter_files_folder_without_documents(tmp_path, setup, reason):
    folder = tmp_path / "empty"
    folder.mkdir()
    setup(folder)
    with pytest.raises(ReadError, match=reason):
        list(iter_files([folder]))


def test_iter_files_missing_path(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        list(iter_files([tmp_path / "nope"]))
