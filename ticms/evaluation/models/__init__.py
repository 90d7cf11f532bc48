"""The evaluation app's models, one module per area so each can grow on its own."""

from .acceptance import *  # noqa: F403
from .campaigns import *  # noqa: F403
from .dynamic import *  # noqa: F403
from .integrity import *  # noqa: F403
