"""Every path, setting and default of the program, declared once."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

HOME_ENV = "NETRAL_HOME"
DB_FILENAME = "netral.sqlite"
# Where a data folder whose database lives on a PostgreSQL server keeps that server's address
# (never a password: that stays in the keyring or the environment).
DB_CONFIG_FILENAME = "database.json"
DB_PASSWORD_ENV = "NETRAL_DB_PASSWORD"
SETTINGS_FILENAME = "settings.json"

# Account lock-out: this many failed logins in a row lock the account for LOCKOUT_MINUTES.
MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 15
MIN_PASSWORD_LENGTH = 8
SQLITE_BUSY_TIMEOUT_MS = 10_000


def _bundle_root() -> Path:
    """The folder holding resources/ and forms/: the checkout, or PyInstaller's bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def forms_dir() -> Path:
    return _bundle_root() / "forms"


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("NetralDesktop", "Bawaslu"))


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--home``, else ``NETRAL_HOME``, else the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_home()


@dataclass(frozen=True)
class HomeLayout:
    """Where everything the program writes lives inside the data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILENAME

    @property
    def key_file(self) -> Path:
        """The passphrase-protected key file, used only where no OS keyring exists."""
        return self.root / "keys.netralkey"

    @property
    def database_config(self) -> Path:
        return self.root / DB_CONFIG_FILENAME

    def server_database(self) -> dict[str, str] | None:
        """The PostgreSQL server this data folder uses (url, and how to find the password),
        or None for the embedded SQLite file."""
        try:
            raw = json.loads(self.database_config.read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (ValueError, OSError) as exc:
            raise ValueError(f"{self.database_config}: {exc}") from exc
        if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
            raise ValueError(f"{self.database_config}: no url")
        return {str(k): str(v) for k, v in raw.items()}

    def has_database(self) -> bool:
        """Whether this folder has been set up (a SQLite file, or a server's address)."""
        return self.database_config.exists() or self.database.exists()

    def database_url(self) -> str:
        server = self.server_database()
        if server is not None:
            return server["url"]
        return f"sqlite:///{self.database}"


@dataclass
class LocalSettings:
    """Settings of this installation that are not office data (kept in settings.json)."""

    language: str = "id"
    last_username: str = ""
    # Shown by the login dialog before the database is open (start-up stays fast).
    office_name: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, layout: HomeLayout) -> LocalSettings:
        try:
            raw = json.loads(layout.settings_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, OSError):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, layout: HomeLayout) -> None:
        layout.root.mkdir(parents=True, exist_ok=True)
        from netral_desktop.store.files import write_whole  # (store imports this module)

        text = json.dumps(asdict(self), indent=2, ensure_ascii=False)
        write_whole(layout.settings_file, text.encode("utf-8"))
