"""Settings: the only place that reads ``AEFLOW_*`` environment variables.

| variable | meaning | default |
| --- | --- | --- |
| ``AEFLOW_DATA_DIR`` | folder for the database and data files | the user's data directory (platformdirs) |
| ``AEFLOW_DATABASE_URL`` | SQLAlchemy URL of the project database | SQLite file ``aeflow.sqlite3`` in the data dir |
| ``AEFLOW_LANG`` | interface language, ``zh`` or ``en`` | from the locale (``LANG``), else ``zh`` |
| ``AEFLOW_USER`` | name recorded in the history for CLI changes | the login name |
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from aeflow.errors import ConfigError
from aeflow.i18n import _

SUPPORTED_LANGUAGES = ("zh", "en")

SETTINGS_DOC = {
    "AEFLOW_DATA_DIR": "folder for the database and data files",
    "AEFLOW_DATABASE_URL": "SQLAlchemy URL of the project database (sqlite:///… or postgresql+psycopg://…)",
    "AEFLOW_LANG": "interface language: zh or en",
    "AEFLOW_USER": "name recorded in the change history for CLI changes",
}


def language_from_locale(env: Mapping[str, str]) -> str:
    """``zh`` unless the locale variables clearly ask for English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def normalise_language(value: str) -> str:
    low = value.strip().lower().replace("_", "-")
    if low in ("zh", "zh-cn", "zh-hans", "cn", "chinese", "中文"):
        return "zh"
    if low in ("en", "en-us", "en-gb", "english"):
        return "en"
    raise ConfigError(_("unsupported language {value}: use zh or en", value=repr(value)))


def language_setting(env: Mapping[str, str] | None = None, override: str | None = None) -> str:
    """The interface language alone: ``override`` (``--lang``), else ``AEFLOW_LANG``, else the locale.

    The CLI needs it before anything else is read, to render ``--help`` in the user's language.
    """
    env = os.environ if env is None else env
    raw = override or env.get("AEFLOW_LANG")
    return normalise_language(raw) if raw else language_from_locale(env)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    language: str
    user: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: str | None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(
            overrides.get("data_dir") or env.get("AEFLOW_DATA_DIR") or platformdirs.user_data_dir("aeflow")
        ).expanduser()
        url = overrides.get("database_url") or env.get("AEFLOW_DATABASE_URL") or ""
        if not url:
            url = f"sqlite:///{data_dir / 'aeflow.sqlite3'}"
        if not (url.startswith("sqlite") or url.startswith("postgresql")):
            raise ConfigError(_("AEFLOW_DATABASE_URL must be a sqlite:/// or postgresql:// URL, got {url}", url=repr(url)))
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        language = language_setting(env, overrides.get("language"))
        user = overrides.get("user") or env.get("AEFLOW_USER") or _login_name()
        return cls(data_dir=data_dir, database_url=url, language=language, user=user)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "aeflow"
