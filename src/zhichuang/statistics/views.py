from dataclasses import dataclass

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.access import user_required
from zhichuang.core.modules import StatisticsSection, resolve

from .selectors import may_see_statistics, sections_for, statistics_districts, statistics_years


class StatisticsFilterForm(forms.Form):
    """The page's filters: year and district for every section, then each section's own fields."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    district = forms.TypedChoiceField(label=_("District"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years, districts, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {org.pk: org for org in districts}
        self.fields["year"].choices = [(year, str(year)) for year in years]
        if len(districts) > 1:
            self.fields["district"].choices = [("", _("All districts"))] + [(o.pk, o.name) for o in districts]
        else:  # an enterprise's (or one district's) figures: nothing to choose between
            del self.fields["district"]
        self.own_fields = {}
        for section in sections:
            own = resolve(section.filters)().fields if section.filters else {}
            self.fields.update(own)
            self.own_fields[section.key] = list(own)

    def section_kwargs(self, section: StatisticsSection, default_year: int) -> dict:
        """What the section's build() receives: the common filters and its own (all left out when any is invalid)."""
        if not self.is_bound or not self.is_valid():
            return {"year": default_year, "district": None}
        data = self.cleaned_data
        return {
            "year": data["year"] or default_year,
            "district": self.districts.get(data.get("district")),
            **{name: data[name] for name in self.own_fields[section.key]},
        }


@dataclass(frozen=True)
class ShownSection:
    section: StatisticsSection
    context: dict


@user_required(may_see_statistics)
def statistics_page(request):
    user = request.user
    sections = sections_for(user)
    years = statistics_years(user=user)
    form = StatisticsFilterForm(
        request.GET or None, years=years, districts=statistics_districts(user=user), sections=sections
    )
    shown = [
        ShownSection(section, resolve(section.build)(user=user, **form.section_kwargs(section, default_year=years[0])))
        for section in sections
    ]
    return render(request, "statistics/page.html", {"form": form, "sections": shown})
