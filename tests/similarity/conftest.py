import pytest

from tests import factories
from zhichuang.similarity.services import index_proposal

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


@pytest.fixture
def indexed(city_tree):
    """The same idea at the steel works (north) and at the port (south), plus an unrelated one."""
    steel = factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    port = factories.make_proposal(city_tree["port_worker"], state="submitted", **COMPRESSOR_ELSEWHERE)
    canteen = factories.make_proposal(city_tree["mill_worker"], state="submitted", **UNRELATED)
    for proposal in (steel, port, canteen):
        index_proposal(proposal_id=proposal.pk)
    return {"steel": steel, "port": port, "canteen": canteen}
