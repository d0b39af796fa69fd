from ninja import Router, Schema

from zhichuang.accounts.scoping import has_perm
from zhichuang.core.errors import PermissionDenied

from .module import VIEW

router = Router(tags=["sample"])


class SampleOut(Schema):
    greeting: str


@router.get("/sample", response=SampleOut, summary="The sample module's greeting")
def sample(request):
    if not has_perm(request.auth, VIEW):
        raise PermissionDenied()
    return {"greeting": "样例模块接口"}
