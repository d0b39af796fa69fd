import pytest

from tests import factories
from tests.workflow_toy.models import Parcel
from zhichuang.accounts.roles import Role


class Desk:
    """An enterprise with a parcel owner, its admin, a colleague of the owner and another enterprise's admin."""

    def __init__(self, tree):
        self.enterprise = tree["steel"]
        self.owner = tree["steel_worker"].user
        self.colleague = factories.make_worker(self.enterprise, name="赵敏").user
        self.admin = factories.make_admin(Role.ENTERPRISE_ADMIN, self.enterprise)
        self.other_admin = factories.make_admin(Role.ENTERPRISE_ADMIN, tree["port"])
        self.district = factories.make_admin(Role.DISTRICT_ADMIN, tree["north"])

    def parcel(self, state="draft", **fields):
        fields.setdefault("title", "备件申领")
        return Parcel.objects.create(organization=self.enterprise, owner=self.owner, state=state, **fields)


@pytest.fixture
def desk(city_tree):
    return Desk(city_tree)
