"""integrity models."""

__all__: list[str] = []
