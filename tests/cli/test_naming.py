from __future__ import annotations

import pytest

from nest.cli.errors import CliError
from nest.cli.naming import normalize_name


@pytest.mark.parametrize(
    "raw", ["book-store", "BookStore", "book_store", "Book Store", "bookStore"]
)
def test_spellings_of_one_name_agree(raw: str) -> None:
    names = normalize_name(raw)
    assert (names.snake, names.pascal, names.kebab, names.title) == (
        "book_store",
        "BookStore",
        "book-store",
        "Book Store",
    )


def test_acronyms_split_into_words() -> None:
    assert normalize_name("HTTPClient").snake == "http_client"
    assert normalize_name("book2").pascal == "Book2"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "use letters"),
        ("9lives", "starting with a letter"),
        ("book.store", "use letters"),
        ("bök", "use letters"),
        ("class", "Python keyword"),
        ("match", "Python keyword"),
        ("app", "reserved"),
        ("Config", "reserved"),
    ],
)
def test_invalid_names_are_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(CliError) as caught:
        normalize_name(raw, kind="resource name")
    message = caught.value.format_message()
    assert reason in message
    assert "resource name" in message
    assert "\n" not in message
