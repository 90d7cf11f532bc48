"""dynamic models."""

__all__: list[str] = []
