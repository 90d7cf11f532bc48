from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Judging the centers (第七条第3项、第二十四至二十六条): acceptance, performance evaluation
    campaigns and ratings, dynamic management and research integrity."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ticms.evaluation"
    label = "evaluation"
    verbose_name = _("验收与评估")

    def ready(self):
        from .campaigns import services  # noqa: F401  (registers the campaign computation job)
        from .dynamic.source import set_evaluation_provider
        from .links import campaign_history

        # Dynamic management reads the published ratings (第二十五条).
        set_evaluation_provider(campaign_history)
