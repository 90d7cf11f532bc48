"""acceptance models."""

__all__: list[str] = []
