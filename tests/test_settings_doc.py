"""Every setting is documented in docs/reference/settings.md, with its variable."""

from onefactory.config import Settings

from support import REPO


def test_every_setting_is_documented_with_its_environment_variable():
    doc = (REPO / "docs" / "reference" / "settings.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert f"`{name}`" in doc, name
        assert f"`ONEFACTORY_{name.upper()}`" in doc, name
        assert field.description, f"{name} has no description"


def test_postgres_urls_are_normalised(monkeypatch):
    monkeypatch.setenv("ONEFACTORY_STORE_URL", "postgres://u@h/db")
    assert Settings().database_url == "postgresql+psycopg://u@h/db"
    assert Settings(store_url=None, data_dir="x").database_url == "sqlite:///x/onefactory.db"
