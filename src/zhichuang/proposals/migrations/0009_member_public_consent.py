"""Consent to publication per proposer: each proposer's own say, the proposal's flag is all of them.

Until now the lead's checkbox stood for everyone. The lead keeps the answer they gave; a proposal
with co-proposers is no longer published until they agree too (on the proposal's page).
"""

from django.db import migrations, models


def consent_per_proposer(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    ProposalMember = apps.get_model("proposals", "ProposalMember")
    ProposalMember.objects.filter(is_lead=True, proposal__public_consent=True).update(public_consent=True)
    undecided = ProposalMember.objects.filter(public_consent=False).values("proposal_id")
    Proposal.objects.filter(public_consent=True, pk__in=undecided).update(public_consent=False)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0008_home_card_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposalmember",
            name="public_consent",
            field=models.BooleanField(default=False, verbose_name="agrees to publication"),
        ),
        migrations.RunPython(consent_per_proposer, migrations.RunPython.noop),
    ]
