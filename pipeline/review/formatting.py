"""How values are written for people on the review pages."""
from __future__ import annotations


def money(amount: int | None) -> str:
    """An amount in đồng, grouped the Vietnamese way.

    >>> money(1447000000)
    '1.447.000.000 đ'
    >>> money(None)
    '—'
    """
    return "—" if amount is None else f"{amount:,} đ".replace(",", ".")


def clip(text: str | None, limit: int = 90) -> str:
    """One line of at most ``limit`` characters.

    >>> clip("a  b\\nc", 10), clip("x" * 12, 10)
    ('a b c', 'xxxxxxxxx…')
    """
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
