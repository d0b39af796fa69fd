from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.access import permission_required
from zhichuang.proposals.enums import ProposalKind
from zhichuang.proposals.permissions import ProposalPerm

from .selectors import statistics_districts, statistics_summary, statistics_years


class StatisticsFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    district = forms.TypedChoiceField(label=_("District"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, years, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {org.pk: org for org in districts}
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["district"].choices = [("", _("All districts"))] + [(o.pk, o.name) for o in districts]
        self.fields["kind"].choices = [("", _("All kinds")), *ProposalKind.choices]

    def selector_kwargs(self, default_year: int) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"year": default_year}
        data = self.cleaned_data
        return {
            "year": data["year"] or default_year,
            "district": self.districts.get(data["district"]),
            "kind": data["kind"],
        }


@permission_required(ProposalPerm.VIEW)
def statistics_page(request):
    years = statistics_years(user=request.user)
    form = StatisticsFilterForm(request.GET or None, years=years, districts=statistics_districts(user=request.user))
    stats = statistics_summary(user=request.user, **form.selector_kwargs(default_year=years[0]))
    return render(request, "statistics/page.html", {"form": form, "stats": stats, "chart_data": stats.chart_data()})
