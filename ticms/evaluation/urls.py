from .urls_acceptance import urlpatterns as acceptance
from .urls_campaigns import urlpatterns as campaigns
from .urls_dynamic import urlpatterns as dynamic
from .urls_integrity import urlpatterns as integrity

app_name = "evaluation"

urlpatterns = [*acceptance, *campaigns, *dynamic, *integrity]
