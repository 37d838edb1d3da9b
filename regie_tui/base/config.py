"""Where files live and what the user has chosen.

Locations follow platformdirs; ``REGIE_HOME`` puts everything under one
folder (tests, a portable install on a USB stick).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "regie-tui"
DB_ENV = "REGIE_DB"
HOME_ENV = "REGIE_HOME"


def _base(kind: str) -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / kind
    import platformdirs

    finder = {
        "data": platformdirs.user_data_path,
        "config": platformdirs.user_config_path,
        "state": platformdirs.user_state_path,
    }[kind]
    return finder(APP_NAME)


def private_dir(path: Path) -> Path:
    """Create ``path`` readable by the user only (0700), whatever the umask."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def data_dir() -> Path:
    return private_dir(_base("data"))


def config_dir() -> Path:
    return private_dir(_base("config"))


def state_dir() -> Path:
    return private_dir(_base("state"))


# A team store is named by its URL (data/engines); anything else names a file.
URL_SCHEMES = ("postgresql://", "postgres://")


def _store_named(text: str) -> Path | str:
    """A file's Path, or a team store's URL kept as written (a Path folds its ``//``)."""
    return text if text.startswith(URL_SCHEMES) else Path(text)


def configured_store() -> Path | str | None:
    """The store ``REGIE_DB`` names, else ``store = …`` in config.toml; None when neither
    does (then it is the user's own store file)."""
    env = os.environ.get(DB_ENV)
    if env:
        return _store_named(env)
    path = settings_path()
    value = read_toml(path).get("store")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: key 'store': expected a file path or a "
                          "postgresql:// URL")
    value = value.strip()
    return value if value.startswith(URL_SCHEMES) else Path(value).expanduser()


def default_db_path() -> Path | str:
    """The store to open when --db names none: a file's Path or a team store's URL."""
    return configured_store() or data_dir() / "regie.sqlite"


def store_label(target: Path | str) -> str:
    """A store as shown to the user: a team store's URL without its password."""
    if isinstance(target, str) and target.startswith(URL_SCHEMES):
        from urllib.parse import parse_qsl, urlencode, urlsplit

        parts = urlsplit(target)
        netloc = parts.netloc
        if parts.password is not None:  # user:password@host
            host = netloc.rsplit("@", 1)[1]
            netloc = f"{parts.username}@{host}" if parts.username else host
        # libpq also takes ``?password=…``.
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                 if k != "password"]
        # Put together by hand: urlunsplit drops the ``//`` of an empty host
        # (``postgresql:///regie`` is the local server).
        label = f"{parts.scheme}://{netloc}{parts.path}"
        return label + (f"?{urlencode(query)}" if query else "")
    return str(target)


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite"


def settings_path() -> Path:
    return config_dir() / "config.toml"


def rules_path() -> Path:
    return config_dir() / "rules.toml"


class ConfigError(Exception):
    """A settings file that cannot be used; the message names file, key and reason."""


DEFAULT_LOCK_MINUTES = 5.0


@dataclass
class Settings:
    user: str | None = None
    language: str | None = None
    # Hide case data after this many idle minutes; 0 turns the lock off.
    lock_after_minutes: float = DEFAULT_LOCK_MINUTES
    # The colour theme last chosen (Textual's theme name); None: the default.
    theme: str | None = None
    # The folder of the last export from the app, offered for the next one.
    export_folder: str | None = None


def read_toml(path: Path) -> dict:
    """A TOML file as a dict ({} when absent); a broken file is a ConfigError naming it."""
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    raw = read_toml(path)
    user = raw.get("user")
    language = raw.get("language")
    if user is not None and not isinstance(user, str):
        raise ConfigError(f"{path}: key 'user': expected text")
    if language is not None and language not in ("nl", "en"):
        raise ConfigError(f"{path}: key 'language': expected 'nl' or 'en'")
    lock = raw.get("lock_after_minutes", DEFAULT_LOCK_MINUTES)
    if isinstance(lock, bool) or not isinstance(lock, int | float) or not 0 <= lock <= 24 * 60:
        raise ConfigError(f"{path}: key 'lock_after_minutes': expected minutes from 0 to 1440")
    remembered = {}
    for key in ("theme", "export_folder"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{path}: key '{key}': expected text")
        remembered[key] = value or None
    return Settings(user=user, language=language, lock_after_minutes=float(lock),
                    **remembered)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    import tomli_w

    path = path or settings_path()
    # Keep keys this function does not manage (lock_after_minutes, later ones).
    data = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            data = {}
    for key, value in (("user", settings.user), ("language", settings.language)):
        if value:
            data[key] = value
        else:
            data.pop(key, None)
    write_private_text(path, tomli_w.dumps(data))


def remember(key: str, value: str | None, path: Path | None = None) -> None:
    """Keep one choice (``theme``, ``export_folder``) in config.toml, the other keys as
    they are; None forgets it."""
    import tomli_w

    path = path or settings_path()
    data = read_toml(path)
    if value:
        data[key] = value
    else:
        data.pop(key, None)
    write_private_text(path, tomli_w.dumps(data))


def write_private_text(path: Path, text: str) -> None:
    """Write a file that only the user can read (0600), whatever the umask."""
    write_private_bytes(path, text.encode("utf-8"))


def write_private_bytes(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)
