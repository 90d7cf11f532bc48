"""Every write of the establishment path. Pages and the API import from here."""

from django.utils.translation import gettext_lazy

from ticms.common.labels import register_action_labels, register_object_url

from .drafting.attachments import *  # noqa: F403
from .drafting.rows import *  # noqa: F403
from .drafting.sections import *  # noqa: F403
from .drafting.start import *  # noqa: F403
from .guides import *  # noqa: F403
from .lifecycle import *  # noqa: F403
from .notices import *  # noqa: F403

register_object_url("establishment.application", "establishment:application_detail")
register_object_url("establishment.guide", "establishment:guide_detail")
register_action_labels(
    {
        "guide.create": gettext_lazy("起草指南"),
        "guide.update": gettext_lazy("修改指南"),
        "application.create": gettext_lazy("起草申请书"),
        "application.update": gettext_lazy("修改申请书"),
    }
)
