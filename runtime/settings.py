"""Settings read once from the environment into one frozen object.

Every problem is reported as one line that names the variable, so `make run` with a typo says
"COORDINATOR_CHAT_ID must be a number (a chat id like -1001234567890)" and exits with status 2.
The token is wrapped in `Secret`, which never prints its value, and a logging filter blanks it
out of every log line (httpx logs request URLs, and Bot API URLs contain the token).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from telegram.error import InvalidToken, NetworkError

from knowledge import DEFAULT_DIR
from runtime.ratelimit import TelegramLimits
from storage.instance import AnotherInstance, LockFileError

TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{5,}$")
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CONSOLE_TOKEN = "1:console-demo-no-network"  # noqa: S105 - not a secret: the offline demo
CONSOLE_COORDINATOR_CHAT_ID = -100


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


@dataclass(frozen=True, slots=True)
class Secret:
    """A value that never shows itself in logs, reprs or tracebacks."""

    value: str

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from its environment."""

    token: Secret
    coordinator_chat_id: int
    db_path: Path
    knowledge_dir: Path
    log_level: str = "INFO"
    api_base_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    console: bool = False
    # Only these members of the coordinator chat act as coordinators (empty: every member).
    coordinator_user_ids: frozenset[int] = frozenset()
    tickets_per_hour: int = 5  # new questions for the team per citizen and hour
    ticket_retention: timedelta = timedelta(days=180)  # closed or idle answered tickets: anonymised
    signup_retention: timedelta = timedelta(days=730)  # sign-ups are then deleted (24 months)
    reminder_leads: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=2))
    backup_dir: Path | None = None  # a daily backup of the database goes here (runtime/backups.py)
    backup_keep: int = 7  # how many daily backups are kept
    # Not from the environment: Telegram's flood limits and the outbox's retry pace, which
    # tests scale down so that a minute of group traffic takes a second.
    limits: TelegramLimits = field(default_factory=TelegramLimits)
    retry_base: float = 2.0  # seconds before the first retry of a failed send

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values no log line or message may show."""
        webhook = self.webhook_secret.value if self.webhook_secret else ""
        return tuple(s for s in (self.token.value, webhook) if s)

    @property
    def api_file_url(self) -> str | None:
        """The file endpoint that belongs to a custom Bot API server (…/bot -> …/file/bot)."""
        if not self.api_base_url:
            return None
        root, _, _ = self.api_base_url.rstrip("/").rpartition("/")
        return f"{root}/file/bot"


def _int(env: Mapping[str, str], name: str, example: str, default: int | None = None) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        if default is None:
            raise SettingsError(f"{name} is not set (expected a number like {example})")
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number like {example}, not {raw[:20]!r}") from None


def _positive(env: Mapping[str, str], name: str, example: str, default: int) -> int:
    value = _int(env, name, example, default)
    if value <= 0:
        raise SettingsError(f"{name} must be a positive number like {example}, not {value}")
    return value


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name, str(default), default)
    if not 1 <= value <= 65535:
        raise SettingsError(f"{name} must be a port number from 1 to 65535, not {value}")
    return value


def _user_ids(env: Mapping[str, str], name: str) -> frozenset[int]:
    raw = env.get(name, "").strip()
    if not raw:
        return frozenset()
    try:
        return frozenset(int(part) for part in re.split(r"[,\s]+", raw) if part)
    except ValueError:
        raise SettingsError(
            f"{name} must be user ids separated by commas, like 1234,5678"
        ) from None


_DURATION = re.compile(r"^(\d{1,4})\s*(h|min|d)$")
_UNITS = {"h": "hours", "min": "minutes", "d": "days"}


def _leads(env: Mapping[str, str], name: str) -> tuple[timedelta, ...]:
    raw = env.get(name, "").strip()
    if not raw:
        return (timedelta(hours=24), timedelta(hours=2))
    leads = []
    for part in raw.split(","):
        match = _DURATION.match(part.strip().lower())
        if not match or int(match.group(1)) == 0:
            raise SettingsError(f"{name} must be durations like 24h,2h or 30min, not {raw[:30]!r}")
        leads.append(timedelta(**{_UNITS[match.group(2)]: int(match.group(1))}))
    return tuple(sorted(set(leads), reverse=True))


def from_env(env: Mapping[str, str], *, console: bool = False) -> Settings:
    """Read and validate the settings; `console` needs no token and no coordinator chat."""
    if console:
        token = CONSOLE_TOKEN
        coordinator = _int(
            env, "COORDINATOR_CHAT_ID", "-1001234567890", CONSOLE_COORDINATOR_CHAT_ID
        )
    else:
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise SettingsError("TELEGRAM_BOT_TOKEN is not set (ask @BotFather for a token)")
        if not TOKEN_PATTERN.match(token):
            raise SettingsError("TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC…)")
        coordinator = _int(env, "COORDINATOR_CHAT_ID", "-1001234567890")
    if coordinator == 0:
        raise SettingsError("COORDINATOR_CHAT_ID must be a chat id like -1001234567890, not 0")
    base_url = env.get("TELEGRAM_API_BASE_URL", "").strip() or None
    if base_url and not re.match(r"^https?://[^\s/]+(/\S*)?$", base_url):
        raise SettingsError("TELEGRAM_API_BASE_URL must be a URL like http://127.0.0.1:8081/bot")
    level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
    knowledge_dir = Path(env.get("KNOWLEDGE_DIR", "").strip() or DEFAULT_DIR)
    if not knowledge_dir.is_dir():
        raise SettingsError(f"KNOWLEDGE_DIR {str(knowledge_dir)!r} is not a directory")
    db_path = Path(env.get("BOT_DB_PATH", "").strip() or "data/bot.sqlite3")
    if db_path.exists() and db_path.is_dir():
        raise SettingsError(f"BOT_DB_PATH {str(db_path)!r} is a directory, not a file")
    webhook_url = env.get("WEBHOOK_URL", "").strip() or None
    webhook_secret = None
    if webhook_url:
        if not webhook_url.startswith("https://"):
            raise SettingsError("WEBHOOK_URL must start with https:// (Telegram requires TLS)")
        secret = env.get("WEBHOOK_SECRET", "").strip()
        if not WEBHOOK_SECRET_PATTERN.match(secret):
            raise SettingsError(
                "WEBHOOK_SECRET must be set with WEBHOOK_URL: 16-256 characters of A-Z a-z 0-9 _ -"
            )
        webhook_secret = Secret(secret)
    return Settings(
        token=Secret(token),
        coordinator_chat_id=coordinator,
        db_path=db_path,
        knowledge_dir=knowledge_dir,
        log_level=level,
        api_base_url=base_url,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        webhook_listen=env.get("WEBHOOK_LISTEN", "").strip() or "127.0.0.1",
        webhook_port=_port(env, "WEBHOOK_PORT", 8443),
        console=console,
        coordinator_user_ids=_user_ids(env, "COORDINATOR_USER_IDS"),
        tickets_per_hour=_positive(env, "TICKETS_PER_HOUR", "5", 5),
        ticket_retention=timedelta(days=_positive(env, "TICKET_RETENTION_DAYS", "180", 180)),
        signup_retention=timedelta(
            days=round(_positive(env, "SIGNUP_RETENTION_MONTHS", "24", 24) * 365.25 / 12)
        ),
        reminder_leads=_leads(env, "REMINDER_LEAD_TIMES"),
        backup_dir=_backup_dir(env, db_path),
        backup_keep=_positive(env, "BACKUP_KEEP", "7", 7),
    )


def _backup_dir(env: Mapping[str, str], db_path: Path) -> Path | None:
    """BACKUP_DIR: a folder (created if missing) that is not the database file itself."""
    raw = env.get("BACKUP_DIR", "").strip()
    if not raw:
        return None
    path = Path(raw)
    if path.exists() and not path.is_dir():
        raise SettingsError(f"BACKUP_DIR {raw!r} is a file, not a folder")
    if path.resolve() == db_path.resolve():
        raise SettingsError("BACKUP_DIR must be a folder, not the database BOT_DB_PATH")
    return path


def check_db_path(path: Path) -> None:
    """Create the database's folder now, so that a path the bot cannot write is reported as
    a setting (one line) instead of a traceback from deep inside the start-up."""
    if str(path) == ":memory:":
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(
            f"BOT_DB_PATH {str(path)!r}: cannot create its folder ({exc.strerror})"
        ) from None
    target = path if path.exists() else path.parent
    if not os.access(target, os.R_OK | os.W_OK):
        raise SettingsError(f"BOT_DB_PATH {str(path)!r}: the bot may not write {str(target)!r}")


# What can only go wrong once the bot starts: Telegram refuses the token, the database file is
# not SQLite, the Bot API cannot be reached, another bot already runs on the database.
STARTUP_ERRORS = (
    InvalidToken, sqlite3.DatabaseError, NetworkError, AnotherInstance, LockFileError,
)  # fmt: skip


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret blanked out."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[REDACTED]")
    return text


PERSONAL_DATA_AT_DEBUG = (
    "aiosqlite",
    "httpcore",
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Application",
    "telegram.ext.Updater",
    "telegram.ext.ConversationHandler",
)


class RedactingFilter(logging.Filter):
    """Replaces secrets in every log record (message, arguments and traceback text)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        message = record.getMessage()
        redacted = redact(message, self._secrets)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        return True


class _StartupAbortFilter(logging.Filter):
    """Drops python-telegram-bot's traceback of a failed start-up that main() explains in one
    line (a rejected token, an unusable database, an unreachable Bot API)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but those."""
        error = record.exc_info[1] if record.exc_info else None
        return not (
            isinstance(error, STARTUP_ERRORS)
            and record.getMessage().startswith("Network Retry Loop (Bootstrap")
        )


def setup_logging(settings: Settings) -> None:
    """Log to stderr at the configured level, with the token blanked out everywhere."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(settings.secrets))
    handler.addFilter(_StartupAbortFilter())
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Even at LOG_LEVEL=DEBUG these never log below INFO: at DEBUG, python-telegram-bot logs
    # every update and every request's parameters, and aiosqlite every SQL statement with
    # its values, which is what citizens wrote. Personal data must not reach the logs.
    for name in PERSONAL_DATA_AT_DEBUG:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger().level))
