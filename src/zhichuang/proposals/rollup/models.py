"""The proposals' rollups behind the statistics page. See docs/statistics.md.

Every figure on the page is a sum over a handful of StatCell rows of the nodes of the
user's scope, never a GROUP BY over the proposals. A node is an organisation path: each
submitted proposal is counted at every segment prefix of its org_path (city, district,
enterprise), so "everything under P" is simply the rows whose node_path is P.

The rows are derived data: services.py keeps them equal to the proposals, and
`zhichuang rebuild_statistics` recomputes them from scratch. The tables keep the names they had in
the statistics app.
"""

from django.db import models

from zhichuang.orgs.models import PATH_MAX

MONEY = {"max_digits": 18, "decimal_places": 2, "default": 0}


class Shape(models.IntegerChoices):
    """The three cuts kept per node and year (a cell has exactly one)."""

    YEAR = 1  # kind × state
    MONTH = 2  # month × kind × state
    INDUSTRY = 3  # industry × kind × state


class StatCell(models.Model):
    """Submitted proposals of one node and year (by submitted_at, local time), in one cut."""

    node_path = models.CharField(max_length=PATH_MAX)
    depth = models.PositiveSmallIntegerField()
    year = models.PositiveSmallIntegerField()
    shape = models.PositiveSmallIntegerField(choices=Shape.choices)
    month = models.PositiveSmallIntegerField(default=0)  # 1–12 in the MONTH cut, else 0
    industry = models.CharField(max_length=2, blank=True)  # only in the INDUSTRY cut
    kind = models.CharField(max_length=20)
    state = models.CharField(max_length=16)
    proposals = models.PositiveIntegerField(default=0)
    net_benefit = models.DecimalField(**MONEY)  # Σ net_annual_benefit (null counts as 0)
    reward = models.DecimalField(**MONEY)  # Σ reward_total
    reward_paid = models.DecimalField(**MONEY)  # Σ reward_paid

    class Meta:
        db_table = "statistics_statcell"
        constraints = [
            models.UniqueConstraint(
                fields=["node_path", "year", "shape", "month", "industry", "kind", "state"], name="statcell_key"
            )
        ]
        indexes = [models.Index(fields=["year", "shape", "depth", "node_path"], name="statcell_children")]

    def __str__(self):
        return f"{self.node_path} {self.year} {self.shape} {self.kind} {self.state}: {self.proposals}"


class ProposerYear(models.Model):
    """A worker who is a proposer of at least one proposal submitted at the node in the year."""

    node_path = models.CharField(max_length=PATH_MAX)
    year = models.PositiveSmallIntegerField()
    worker_id = models.BigIntegerField()
    proposals = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "statistics_proposeryear"
        constraints = [models.UniqueConstraint(fields=["node_path", "year", "worker_id"], name="proposeryear_key")]

    def __str__(self):
        return f"{self.node_path} {self.year} {self.worker_id}"


class ParticipationCount(models.Model):
    """The number of ProposerYear rows of a node and year: distinct proposers, exact, read in one row."""

    node_path = models.CharField(max_length=PATH_MAX)
    year = models.PositiveSmallIntegerField()
    proposers = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "statistics_participationcount"
        constraints = [models.UniqueConstraint(fields=["node_path", "year"], name="participation_key")]

    def __str__(self):
        return f"{self.node_path} {self.year}: {self.proposers}"


class EnterpriseYear(models.Model):
    """The measures the enterprise ranking orders by, for one enterprise and year: of all kinds (kind "") and
    of each kind. Derived from the enterprise's year cells, its ParticipationCount and its Workforce by
    services.py whenever those change, so that the ranking's order is an index scan."""

    node_path = models.CharField(max_length=PATH_MAX)  # the enterprise's path
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, blank=True)  # "" for all kinds
    submitted = models.PositiveIntegerField(default=0)
    adopted = models.PositiveIntegerField(default=0)
    savings = models.DecimalField(**MONEY)  # Σ net benefit of the verified (and rewarded) proposals
    proposers = models.PositiveIntegerField(default=0)  # of all kinds only (counted per year)
    workers = models.PositiveIntegerField(default=0)  # of all kinds only: the Workforce of the enterprise
    adoption = models.FloatField(default=0)  # adopted / submitted
    participation = models.FloatField(null=True, blank=True)  # proposers / workers; null without workers

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node_path", "year", "kind"], name="enterpriseyear_key")]
        indexes = [
            # One per order of the ranking, with its ties (proposals.ranking).
            models.Index(fields=["year", "kind", "-submitted", "node_path"], name="rank_submitted"),
            models.Index(fields=["year", "kind", "-adoption", "-submitted", "node_path"], name="rank_adoption"),
            models.Index(fields=["year", "kind", "-savings", "-submitted", "node_path"], name="rank_savings"),
            models.Index(
                fields=["year", "-participation", "-submitted", "node_path"],
                name="rank_participation",
                condition=models.Q(kind=""),
            ),
        ]

    def __str__(self):
        return f"{self.node_path} {self.year} {self.kind or '*'}: {self.submitted}"


class RollupYear(models.Model):
    """One row per year: locked by every change to that year's rollup, so changes never interleave."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "statistics_rollupyear"

    def __str__(self):
        return str(self.year)
