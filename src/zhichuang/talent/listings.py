"""The talent pool's search, declared once for its page and its .xlsx export (core.listing). Names,
employers, categories and skills only: no ID number, mobile or birth date."""

from django.utils.translation import pgettext_lazy

from zhichuang.core.listing import Column, Listing, Selection
from zhichuang.orgs.industries import industry_label

from . import selectors
from .forms import TalentFilterForm
from .permissions import TalentPerm

FILTERS = ("category", "level", "honour_type", "district", "industry", "skill_level")


def _c(text):
    return pgettext_lazy("column", text)


def _select(user, filters, named) -> Selection:
    kwargs = {name: filters[name] for name in FILTERS if filters.get(name)}
    query = filters["q"].strip()
    chosen = {name: str(value) for name, value in {**kwargs, "q": query}.items() if value}
    return Selection(selectors.profile_list(user=user, q=query, **kwargs), chosen)


TALENT = Listing(
    key="talent.profiles",
    perm=TalentPerm.VIEW,
    filters=TalentFilterForm,
    select=_select,
    columns=(
        Column(_c("Name"), lambda p: p.name, width=10),
        Column(
            _c("Organisation"),
            lambda p: p.organization.name if p.organization else "",
            width=28,
            related="organization",
        ),
        Column(_c("Categories"), lambda p: p.categories, width=30),
        Column(
            _c("Skill level"),
            lambda p: p.get_skill_level_display() if p.skill_level else "",
            width=16,
        ),
        Column(_c("Professional title"), lambda p: p.get_professional_title_display(), width=12),
        Column(_c("Position"), lambda p: p.position, width=16),
        Column(_c("Fields of expertise"), lambda p: p.expertise, width=40),
        Column(_c("Industry"), lambda p: industry_label(p.industry) if p.industry else "", width=28),
    ),
    sheet="人才库",
    filename="talent",
    page_url="talent:list",
    export_url="talent:export",
    api_path="/api/v1/talent/profiles",
    key_column=0,
    key_field="name",
)
