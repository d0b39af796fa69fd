"""The similar-document index: four tables sized for a million documents of a kind.

- `IndexState`: one row per document kind (`kinds.DocumentKind.name`): its id is the kind's
  code in the other three tables, `documents` its number of indexed documents (N in IDF).
- `Term`: per kind and term hash, in how many indexed documents it occurs (for IDF) and how
  many documents list it in `Posting` (so a lookup can skip long lists unread).
- `Document`: per record, its signature (every term's hash + a 16-bit weight, 6 bytes a term, at most
  256 terms: a bound on storage).
- `Posting`: (kind, term, record) for each document's most discriminative terms only (those holding
  80 % of its weight: engine.POSTING_MASS), so the table holds tens of rows a record, not every
  n-gram. The composite key is the index a lookup scans. The kind is a smallint ahead of the 4-byte term: it takes the
  padding before the 8-byte id, so a posting is no larger than before kinds existed.

Records are referenced by kind and id, not by foreign key: the index is derived data that
the build command rewrites wholesale with COPY, and the owning module removes a record's
rows when it leaves the index. Each kind is a corpus of its own: its frequencies, its N.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexState(models.Model):
    kind = models.CharField(max_length=40, unique=True)
    documents = models.BigIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("similarity index state")

    def __str__(self):
        return f"{self.kind}: {self.documents} documents"


class Term(models.Model):
    pk = models.CompositePrimaryKey("kind", "hash")
    kind = models.SmallIntegerField()  # IndexState.id
    hash = models.IntegerField()
    documents = models.IntegerField(default=0)
    postings = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("term")

    def __str__(self):
        return str(self.hash)


class Document(models.Model):
    pk = models.CompositePrimaryKey("kind", "object_id")
    kind = models.SmallIntegerField()  # IndexState.id
    object_id = models.BigIntegerField()
    signature = models.BinaryField()
    indexed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("indexed document")

    def __str__(self):
        return str(self.object_id)


class Posting(models.Model):
    pk = models.CompositePrimaryKey("kind", "term", "object_id")
    kind = models.SmallIntegerField()  # IndexState.id
    term = models.IntegerField()
    object_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("posting")

    def __str__(self):
        return f"{self.term} → {self.object_id}"
