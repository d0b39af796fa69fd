from django.core.management import call_command
from django.test import override_settings

from zhichuang.core.checks import check_keys
from zhichuang.core.keys import generate_key, key_weakness


def test_generated_keys_are_long_random_and_different(capsys):
    call_command("generate_keys")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("=", 1)[0] for line in lines] == ["SECRET_KEY", "PII_ENCRYPTION_KEY"]
    secret, pii = (line.split("=", 1)[1] for line in lines)
    assert secret != pii
    assert key_weakness(secret) == key_weakness(pii) == ""
    assert len(generate_key()) == 64


def test_weak_keys_are_named_with_the_reason():
    assert key_weakness("") == "it is not set"
    assert key_weakness("ci-check") == "it has 8 characters; at least 50 are needed"
    assert key_weakness("ab" * 40) == "it has fewer than 5 different characters"
    assert key_weakness("change-me-" + generate_key()) == "it is a placeholder from an example, not a generated key"


def test_the_deploy_check_refuses_weak_keys_and_accepts_generated_ones():
    with override_settings(SECRET_KEY=generate_key(), PII_ENCRYPTION_KEY="ci-check"):
        errors = check_keys(None)
    assert [(error.id, error.msg) for error in errors] == [
        ("zhichuang.E002", "PII_ENCRYPTION_KEY must not be used: it has 8 characters; at least 50 are needed.")
    ]
    with override_settings(SECRET_KEY=generate_key(), PII_ENCRYPTION_KEY=generate_key()):
        assert check_keys(None) == []
