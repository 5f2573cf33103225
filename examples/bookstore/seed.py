"""A few authors and books, so a fresh book store has something to list."""

from __future__ import annotations

from typing import Any

__all__ = ["SEED_AUTHORS", "SEED_BOOKS"]

#: Author names, in id order on a fresh database (the article's books are by author 1).
SEED_AUTHORS: list[str] = ["Paulo Coelho", "Frank Herbert", "Ursula K. Le Guin"]

#: Book rows, the first one the article's example; ``author`` names the author.
SEED_BOOKS: list[dict[str, Any]] = [
    {
        "book_name": "The Alchemist",
        "author": "Paulo Coelho",
        "price": 200,
        "description": "An Andalusian shepherd boy travels to Egypt after a recurring dream.",
        "year_of_publication": 1988,
        "genre": "Fiction",
        "language": "English",
        "pages": 200,
    },
    {
        "book_name": "Brida",
        "author": "Paulo Coelho",
        "price": 180,
        "description": "A young Irish woman's search for knowledge of magic.",
        "year_of_publication": 1990,
        "genre": "Fiction",
        "language": "English",
        "pages": 272,
    },
    {
        "book_name": "Dune",
        "author": "Frank Herbert",
        "price": 320,
        "description": "A noble family takes over the desert planet Arrakis.",
        "year_of_publication": 1965,
        "genre": "Science fiction",
        "language": "English",
        "pages": 412,
    },
    {
        "book_name": "The Left Hand of Darkness",
        "author": "Ursula K. Le Guin",
        "price": 240,
        "description": "An envoy on the winter planet Gethen.",
        "year_of_publication": 1969,
        "genre": "Science fiction",
        "language": "English",
        "pages": 304,
    },
    {
        "book_name": "A Wizard of Earthsea",
        "author": "Ursula K. Le Guin",
        "price": 150,
        "description": "A young mage looses a shadow upon the world and must face it.",
        "year_of_publication": 1968,
        "genre": "Fantasy",
        "language": "English",
        "pages": 183,
    },
]
