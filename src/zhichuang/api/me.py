from ninja import Router, Status

from zhichuang.accounts.selectors import own_worker
from zhichuang.accounts.services import api_token_create

from .auth import acting
from .schemas import MeOut, TokenCreatedOut, TokenIn

router = Router(tags=["me"])


@router.get("/me", response=MeOut, summary="You: account, roles and worker profile (masked)")
def me(request):
    user = request.auth
    return {
        "user": user,
        # One's own assignments, whatever one may see of others'.
        "roles": user.role_assignments.select_related("organization").order_by("role", "organization__path"),
        "worker": own_worker(user=user),
    }


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Create an API token for yourself")
def token_create(request, payload: TokenIn):
    with acting(request):
        token, key = api_token_create(user=request.auth, name=payload.name.strip())
    token.key = key
    return Status(201, token)
