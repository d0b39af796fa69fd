"""The city-wide figures that span modules: the workforce under each organisation, the denominator of
every module's participation rate. The proposals' own rollups live in proposals/rollup/.
"""

from django.db import models
from django.utils import timezone

from zhichuang.orgs.models import PATH_MAX


class Workforce(models.Model):
    """Workers employed under a node now (the participation denominator), counted by workforce_refresh."""

    node_path = models.CharField(max_length=PATH_MAX, unique=True)
    workers = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.node_path}: {self.workers}"
