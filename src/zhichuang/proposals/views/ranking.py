"""The enterprise ranking of a district or the city (proposals.ranking), linked from the statistics page."""

from urllib.parse import urlencode

from django.shortcuts import render

from zhichuang.accounts.access import user_required
from zhichuang.statistics.selectors import statistics_districts, statistics_years

from ..forms import RankingForm
from ..ranking import ORDERS, enterprise_ranking, ranks_enterprises


@user_required(ranks_enterprises)
def enterprise_ranking_page(request):
    user = request.user
    years = statistics_years(user=user)
    data = request.GET.copy()
    data.setdefault("year", str(years[0]))
    form = RankingForm(data, years=years, districts=statistics_districts(user=user), orders=ORDERS)
    if not form.is_valid():
        context = {"form": form, "ranking": None, "orders": []}
        return render(request, "proposals/ranking.html", context, status=400)
    chosen = form.cleaned_data
    ranking = enterprise_ranking(
        user=user,
        year=chosen["year"],
        district=form.districts.get(chosen.get("district")),
        kind=chosen["kind"],
        order=chosen["by"] or "submitted",
    )
    kept = {name: value for name, value in chosen.items() if name != "by" and value not in (None, "")}
    orders = [
        (key, label, f"?{urlencode(kept | {'by': key})}")
        for key, label in ORDERS.items()
        if not (chosen["kind"] and key == "participation")
    ]
    context = {"form": form, "ranking": ranking, "orders": orders}
    return render(request, "proposals/ranking.html", context)
