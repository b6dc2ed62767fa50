import pytest

from govhall.env import ConfigError, env_bool, env_int, env_list, env_str


def test_typed_readers(monkeypatch, tmp_path):
    monkeypatch.setenv("GH_BOOL", "yes")
    monkeypatch.setenv("GH_INT", "42")
    monkeypatch.setenv("GH_LIST", "a, b,,c")
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("GH_SECRET_FILE", str(secret))
    assert env_bool("GH_BOOL", False) is True
    assert env_int("GH_INT", 1) == 42
    assert env_list("GH_LIST", []) == ["a", "b", "c"]
    assert env_str("GH_SECRET", "") == "from-file"
    assert env_str("GH_UNSET", "default") == "default"


@pytest.mark.parametrize(
    ("name", "value", "reader"),
    [
        ("GH_BAD_BOOL", "maybe", lambda: env_bool("GH_BAD_BOOL", False)),
        ("GH_BAD_INT", "ten", lambda: env_int("GH_BAD_INT", 1)),
        ("GH_LOW_INT", "-1", lambda: env_int("GH_LOW_INT", 1, minimum=0)),
    ],
)
def test_bad_values_fail_loudly(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        reader()
