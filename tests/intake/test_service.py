"""Reading notes files: encodings, empty and binary files, and the dictionaries' own validation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aeflow.engines.intake import Lexicon
from aeflow.errors import ImportFailed, Invalid, NotFound
from aeflow.i18n import language
from aeflow.services.intake import intake, load_lexicon, read_notes

NOTE = "客户：连锁茶饮品牌。总预算300万元，7月1日上线，刘总拍板。\n抖音曝光8000万。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_common_encodings_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(NOTE.encode(encoding))
    assert read_notes(path) == NOTE


def test_short_gbk_text_is_not_mistaken_for_korean(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("王总拍板".encode("gbk"))
    assert read_notes(path) == "王总拍板"


def test_crlf_becomes_lf_and_spans_follow_the_decoded_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(NOTE.replace("\n", "\r\n").encode("utf-8"))
    text = read_notes(path)
    assert "\r" not in text
    result = intake(path, dt.date(2026, 5, 11))
    assert result.budget is not None and text[result.budget.span.start:result.budget.span.end] == "300万元"


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\xef\xbb\xbf"])
def test_empty_files_are_rejected_naming_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with language("zh"), pytest.raises(ImportFailed) as err:
        read_notes(path)
    assert str(path) in err.value.message and "空" in err.value.message
    with language("en"), pytest.raises(ImportFailed) as err:
        read_notes(path)
    assert err.value.message == f"{path}: the notes file is empty"


@pytest.mark.parametrize("content", [
    bytes(range(256)) * 4,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    b"PK\x03\x04" + bytes(range(7, 120)) * 3,
])
def test_binary_files_are_rejected_naming_the_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(content)
    with language("en"), pytest.raises(ImportFailed) as err:
        read_notes(path)
    assert str(path) in err.value.message and "not a text file" in err.value.message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_notes(tmp_path / "nope.txt")
    with pytest.raises(ImportFailed):
        read_notes(tmp_path)


def test_broken_dictionaries_are_reported_with_their_file() -> None:
    good = load_lexicon().model_dump()
    bad = dict(good)
    bad["constraints"] = {"constraints": {"legal_review": ["(unclosed"]}}
    bad["metrics"] = {**good["metrics"], "metrics": {"ctr": {"unit": "%", "kind": "ratio", "aliases": ["CTR"]}}}
    with pytest.raises(Invalid) as err:
        Lexicon.from_data(bad)
    files = {p.file for p in err.value.problems}
    assert files == {"constraints.yaml", "metrics.yaml"}


def test_every_alias_belongs_to_one_metric_and_one_channel() -> None:
    lex = load_lexicon()
    for table in ({n: d.aliases for n, d in lex.metrics.metrics.items()},
                  {n: d.aliases + d.exact_case for n, d in lex.channels.channels.items()}):
        owners: dict[str, str] = {}
        for name, aliases in table.items():
            for alias in aliases:
                key = alias.lower() if alias not in sum((lex.channels.channels[c].exact_case
                                                         for c in lex.channels.channels), []) else alias
                assert owners.setdefault(key, name) == name, f"{alias!r}: {owners[key]} and {name}"


def test_channel_ids_are_the_planners() -> None:
    """Every channel the playbooks plan is one intake can name, so a draft brief selects modules."""
    import yaml

    library = Path(__file__).resolve().parents[2] / "src" / "aeflow" / "playbooks" / "library.yaml"
    planner = {c["id"] for c in yaml.safe_load(library.read_text(encoding="utf-8"))["channels"]}
    assert planner <= set(load_lexicon().channels.channels)


def test_oversized_files_are_rejected(tmp_path: Path) -> None:
    from aeflow.services.intake import MAX_BYTES

    path = tmp_path / "dump.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with language("en"), pytest.raises(ImportFailed) as err:
        read_notes(path)
    assert "too large" in err.value.message and str(path) in err.value.message
