import pytest

from zhichuang.orgs.models import Organization
from zhichuang.similarity.kinds import DocumentKind, document_kinds

COMPRESSOR = {
    "title": "空压机加装变频器降低能耗",
    "problem": "车间空压机工频运行，用气量小时仍满负荷，电费高。",
    "change": "加装变频器按管网压力调节转速，预计节电25%。",
}
COMPRESSOR_ELSEWHERE = {
    "title": "空气压缩机变频改造节约用电",
    "problem": "空气压缩机一直全速转，用气少的时候也在耗电。",
    "change": "改成变频控制，根据气压自动调速，一年能省不少电费。",
}
UNRELATED = {
    "title": "食堂排烟罩清洗改进",
    "problem": "油烟罩油污厚，有火灾隐患，清洗难。",
    "change": "加装油网自动清洗装置，每天自动冲洗。",
}

# A document kind that is not a proposal, for the search piece's own tests: organisations, searched
# by name and address. No module declares it; the `toy_kind` fixture registers it.
TOY = "organisation"
TOY_KIND = DocumentKind(
    name=TOY,
    label="organisations",
    model="orgs.Organization",
    search_fields=("name", "address"),
    documents="tests.similarity.conftest:organisation_documents",
)


def organisation_documents():
    return ((pk, [name, address]) for pk, name, address in Organization.objects.values_list("pk", "name", "address"))


@pytest.fixture
def toy_kind(db, monkeypatch):
    monkeypatch.setitem(document_kinds(), TOY, TOY_KIND)
    return TOY_KIND
