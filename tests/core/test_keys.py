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


def test_generate_keys_works_on_a_new_server_with_no_key_set():
    # README step 3: before the environment file has keys, with DEBUG off, the settings refuse to load.
    import subprocess
    import sys
    from pathlib import Path

    import zhichuang

    src = str(Path(zhichuang.__file__).resolve().parent.parent)
    result = subprocess.run(
        [sys.executable, "-m", "zhichuang.manage", "generate_keys"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": src, "DEBUG": "0", "SECRET_KEY": "", "PII_ENCRYPTION_KEY": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    names = [line.split("=", 1)[0] for line in result.stdout.splitlines()]
    assert names == ["SECRET_KEY", "PII_ENCRYPTION_KEY"]
    assert all(key_weakness(line.split("=", 1)[1]) == "" for line in result.stdout.splitlines())
