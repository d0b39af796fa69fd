"""The similar-proposal index: four tables sized for a million proposals.

- `Term`: per term hash, in how many indexed documents it occurs (for IDF) and how
  many documents list it in `Posting` (so a lookup can skip long lists unread).
- `Document`: per proposal, its signature (64 term hashes + 16-bit weights, 384 bytes).
- `Posting`: (term, proposal) for each document's 40 most discriminative terms only,
  so the table holds about 40 rows a proposal, not every n-gram. The composite key
  is the index a lookup scans.
- `IndexState`: one row with the number of indexed documents (N in IDF).

Proposals are referenced by id, not by foreign key: the index is derived data that
the build command rewrites wholesale with COPY, and a task removes a proposal's
rows when it leaves the index.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexState(models.Model):
    documents = models.BigIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("similarity index state")

    def __str__(self):
        return f"{self.documents} documents"


class Term(models.Model):
    hash = models.IntegerField(primary_key=True)
    documents = models.IntegerField(default=0)
    postings = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("term")

    def __str__(self):
        return str(self.hash)


class Document(models.Model):
    proposal_id = models.BigIntegerField(primary_key=True)
    signature = models.BinaryField()
    indexed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("indexed proposal")

    def __str__(self):
        return str(self.proposal_id)


class Posting(models.Model):
    pk = models.CompositePrimaryKey("term", "proposal_id")
    term = models.IntegerField()
    proposal_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("posting")

    def __str__(self):
        return f"{self.term} → {self.proposal_id}"
