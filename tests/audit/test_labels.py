"""The audit log in words (zhichuang.audit.labels): every action written has a label, objects are named by
their type's label, changes read "field: old → new", and nothing masked comes back in clear."""

import ast
import pathlib

import pytest
from django.utils import translation

import zhichuang
from tests import factories
from zhichuang.accounts import services as account_services
from zhichuang.accounts.roles import Role
from zhichuang.audit import labels
from zhichuang.audit.models import AuditEntry
from zhichuang.audit.services import audit_record
from zhichuang.core.modules import importers, modules
from zhichuang.orgs import services as org_services
from zhichuang.proposals import workflow
from zhichuang.proposals.enums import ProposalState
from zhichuang.workflow.steps import workflows

SRC = pathlib.Path(zhichuang.__file__).parent

# The action codes built at run time, by the source text of the expression that builds them, and every
# code each can make. A new computed code fails the test below until it is listed here (and labelled).
COMPUTED = {
    "f'import.{job.kind}'": lambda: {f"import.{kind}" for kind in importers()},
    "f'import.{job.kind}.rejected'": lambda: {f"import.{kind}.rejected" for kind in importers()},
    # zhichuang.workflow's transition: <Workflow.audit_prefix>.<Step.action> of every workflow the source declares.
    "f'{workflow.audit_prefix}.{step.action}'": lambda: {
        f"{declared.audit_prefix}.{step.action}"
        for declared in workflows().values()
        if declared.model.__module__.startswith("zhichuang.")
        for step in declared.steps.values()
    },
    "f'auth.lockout.{what}'": lambda: {"auth.lockout.account", "auth.lockout.address"},  # accounts.signals._locks
}


def _codes(node: ast.expr, where: str) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes(node.body, where) | _codes(node.orelse, where)
    source = ast.unparse(node)
    if source not in COMPUTED:
        pytest.fail(f"{where}: the action {source} is computed; list the codes it makes in COMPUTED")
    return COMPUTED[source]()


def written_codes() -> dict[str, str]:
    """Every action code the source writes (audit_record, or AuditEntry.objects.create in a migration) → where."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            callee = ast.unparse(node.func)
            if not (callee.endswith("audit_record") or callee.endswith("AuditEntry.objects.create")):
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                where = f"{path.relative_to(SRC)}:{node.lineno}"
                if path == SRC / "audit" / "services.py" and ast.unparse(keyword.value) == "action":
                    continue  # audit_record itself
                for code in _codes(keyword.value, where):
                    found.setdefault(code, where)
    return found


def test_the_source_is_read_for_every_kind_of_call():
    codes = written_codes()
    # A literal, a conditional, computed codes, a signal and the export: all found.
    assert {"auth.login", "account.deactivate", "import.proposals.rejected", "proposals.adopt"} <= set(codes)
    assert {"auth.lockout.address", "role.revoke", "export", "demo.load", "org.unlink_partner"} <= set(codes)
    assert codes["role.revoke"].startswith("accounts/")
    assert len(codes) > 60


def test_every_action_code_written_in_src_has_a_label():
    missing = {code: where for code, where in written_codes().items() if code not in labels.action_labels()}
    assert missing == {}, "register a label in the module.py of the app that writes it"


def written_change_keys() -> dict[str, str]:
    """The keys of every dictionary written literally as audit_record(changes={...}) → where."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("audit_record"):
                for keyword in node.keywords:
                    if keyword.arg == "changes" and isinstance(keyword.value, ast.Dict):
                        for key in keyword.value.keys:
                            if isinstance(key, ast.Constant):  # None is a ** spread of model fields or step data
                                found.setdefault(key.value, f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_every_change_key_written_in_src_has_a_label():
    assert [kind for kind in labels.object_types() if labels._model(kind) is None] == []  # each names a model
    registered = {key for m in modules() for key in m.audit_fields}
    for kind, declared in labels.object_types().items():
        registered |= set(declared.fields)
        model = labels._model(kind)
        registered |= {f.name for f in model._meta.get_fields()} if model is not None else set()
    keys = written_change_keys()
    assert {"claim", "net", "rows", "filters", "until", "role", "seed"} <= set(keys)
    assert {key: where for key, where in keys.items() if key not in registered} == {}


def test_every_label_has_a_chinese_translation():
    with translation.override("zh-hans"):
        untranslated = {code: str(label) for code, label in labels.action_labels().items() if str(label).isascii()}
        untranslated |= {kind: str(o.label) for kind, o in labels.object_types().items() if str(o.label).isascii()}
    assert untranslated == {}


@pytest.mark.parametrize(
    ("code", "zh"),
    [
        ("auth.login", "登录"),
        ("auth.logout", "退出登录"),
        ("proposals.claim_verify", "核定效益"),
        ("role.grant", "授予角色"),
        ("export", "导出"),
    ],
)
def test_action_labels_are_the_registered_words(code, zh):
    with translation.override("zh-hans"):
        assert labels.action_label(code) == zh
    with translation.override("en"):
        assert labels.action_label(code) != code


def test_an_unregistered_code_of_an_old_entry_is_shown_as_it_is():
    assert labels.action_label("retired.action") == "retired.action"
    assert labels.object_type_label("审计日志") == "审计日志"  # an export's object type is its sheet


def _entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("id")


def test_a_login_names_the_account_by_its_type_label(client, db):
    user = factories.make_user("audited", display_name="周敏")
    client.login(username="audited", password=factories.PASSWORD)
    entry = _entry("auth.login")
    with translation.override("zh-hans"):
        assert (entry.action_label, entry.object_label) == ("登录", "账号 周敏")
    assert entry.object_id == str(user.pk)
    assert "accounts.user" not in entry.object_label and "#" not in entry.object_label


def test_a_proposal_step_reads_state_old_to_new_with_the_state_labels(city_tree):
    lead = city_tree["steel_worker"]
    evaluator = factories.make_admin(Role.EVALUATOR, city_tree["steel"])
    proposal = factories.make_proposal(lead, state=ProposalState.SUBMITTED)
    workflow.proposal_transition(actor=evaluator, proposal=proposal, to_state=ProposalState.EVALUATING)
    entry = _entry("proposals.accept")
    with translation.override("zh-hans"):
        assert entry.action_label == "受理项目"
        assert entry.object_label == f"项目 {proposal.number} {proposal.title}"
        texts = [change.text for change in entry.change_list]
    assert texts[0] == "状态: 已提交 → 评审中"
    assert "submitted" not in " ".join(texts) and "evaluating" not in " ".join(texts)
    state = entry.change_list[0]
    assert (state.field, state.value) == ("state", None)


def test_an_edit_reads_field_label_old_to_new(city_tree):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    org_services.organization_update(actor=admin, organization=city_tree["mill"], name="北纺新厂")
    entry = _entry("org.update")
    with translation.override("zh-hans"):
        assert entry.object_label == "组织 北纺新厂"
        assert [change.text for change in entry.change_list] == ["名称: 北纺厂 → 北纺新厂"]
    assert entry.changes == {"name": ["北纺厂", "北纺新厂"]}  # the raw form is kept for machines


def test_one_sided_values_and_lists_read_as_values(city_tree):
    auditor_view = factories.make_admin(Role.CITY_ADMIN, city_tree["city"], can_view_pii=True)
    account_services.worker_reveal_pii(actor=auditor_view, worker=city_tree["steel_worker"])
    entry = _entry("pii.view")
    with translation.override("zh-hans"):
        assert entry.action_label == "查看完整个人信息"
        assert entry.object_label == "职工 张伟"
        assert [change.text for change in entry.change_list] == ["查看的字段: 身份证号, 手机号"]
    (change,) = entry.change_list
    assert (change.old, change.new, change.value) == (None, None, "身份证号, 手机号")


def test_a_role_grant_shows_the_role_label_not_its_code(city_tree):
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    user = factories.make_user("grantee", display_name="钱进")
    account_services.role_grant(actor=secadmin, user=user, role=Role.EVALUATOR, organization=city_tree["steel"])
    entry = _entry("role.grant")
    with translation.override("zh-hans"):
        texts = [change.text for change in entry.change_list]
        assert entry.object_label == "账号 钱进"
    assert texts == ["角色: 评审员", "组织: 北钢集团", "个人信息查看权限: 否"]
    assert "evaluator" not in " ".join(texts)


def test_a_failed_login_with_a_mobile_stays_masked(client, db):
    worker_mobile = factories.new_mobile()
    client.login(username=worker_mobile, password="nope")
    entry = _entry("auth.login_failed")
    with translation.override("zh-hans"):
        label = entry.object_label
    assert label == f"账号 {worker_mobile[:3]}****{worker_mobile[-4:]}"
    assert worker_mobile not in label and worker_mobile[3:7] not in label


def test_the_rendering_masks_even_what_was_stored_in_clear(db):
    """Entries are written masked (audit_record); a row written by other means is masked when shown too."""
    id_number, mobile = factories.new_id_number(), factories.new_mobile()
    entry = AuditEntry.objects.create(
        action="worker.update",
        object_type="accounts.worker",
        changes={"note": [f"身份证 {id_number}", mobile], id_number: "x"},
    )
    shown = " ".join(change.text for change in entry.change_list)
    assert shown == (
        f"{id_number[:4]}**********{id_number[-4:]}: x "
        f"note: 身份证 {id_number[:4]}**********{id_number[-4:]}, {mobile[:3]}****{mobile[-4:]}"
    )


def test_changes_of_a_json_field_are_not_taken_for_old_and_new(city_tree):
    """A scorecard of two criteria is a list of two, not a change from the first to the second."""
    entry = audit_record(
        action="proposals.scorecard_save",
        object_type="proposals.scorecard",
        changes={"criteria": [{"key": "a", "weight": 40}, {"key": "b", "weight": 60}], "version": 2},
    )
    criteria, version = entry.change_list
    assert criteria.value is not None and criteria.old is None
    with translation.override("zh-hans"):
        assert version.text == "版本: 2"


def test_changes_come_in_one_order_whatever_order_the_database_keeps():
    """PostgreSQL's jsonb sorts keys (shortest first); SQLite keeps them as written. The page shows one order."""
    written = {"role": "evaluator", "organization": "北钢集团", "can_view_pii": False}
    as_jsonb = {"role": "evaluator", "can_view_pii": False, "organization": "北钢集团"}
    with translation.override("zh-hans"):
        shown = [[c.text for c in labels.changes("accounts.user", kept)] for kept in (written, as_jsonb)]
    assert shown[0] == shown[1] == ["角色: 评审员", "组织: 北钢集团", "个人信息查看权限: 否"]
