"""Redaction: secrets in an export are replaced by a marker before anything is rendered (pure).

Over 300 lines on purpose: the key rules and the text rules are one policy, read together.

Two kinds of rule, documented in ``docs/errors.md`` ("Redaction"):

* **Key rules.**  A key *names a secret* when one of its words (split at ``_ - . /``, spaces and
  camelCase, compared without case) is a secret word (``password``, ``token``, ``cookie``...) or
  its words contain a secret pair (``api key``, ``private key``...).  Every string under such a
  key is replaced, also inside nested objects and arrays.  Numbers, booleans and null are kept
  (``token_expired: true`` is not a secret), and so are a few status words (``ok``,
  ``missing``...) that say whether a secret exists without being one.  A key whose last word
  measures (``token_count``, ``password_length``, ``token_expires``) does not name a secret.
  ``tokens`` is not a secret word (``tokens_used: 1200`` is a counter), and neither is
  ``credential(s)``: ``credentials: "ok"`` is a validate_setup status (a ``password`` nested
  under ``credentials`` is still redacted).
* **Text rules**, on every string and every key: ``Bearer``, ``Basic``, ``Digest`` and
  ``Token`` authorization values (a word with a digit or symbol, or 20 characters and more),
  passwords in URLs (``scheme://user:PASSWORD@host``) and in ``-u user:PASSWORD`` options,
  ``key=value``, ``key: value`` and PHP ``'key' => value`` pairs whose key names a secret, the
  password argument of ``PDO->__construct`` and ``mysqli_connect`` in PHP traces, PEM private
  key blocks, and well-known token shapes (JSON Web Tokens, GitHub, GitLab, Slack and AWS access
  keys).

Redaction counts every replaced value, so the page can say how many were redacted.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace
from typing import Any, Final, TypeVar

from pydantic import BaseModel

from generator.exports.model import ExportedRun

MARKER: Final = "[REDACTED]"

#: A key with one of these words names a secret.
SECRET_WORDS: Final = frozenset(
    {
        "password",
        "passwords",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "secrets",
        "token",
        "apikey",
        "authorization",
        "cookie",
        "cookies",
        "privatekey",
        "community",
        "sessionid",
        "jwt",
        "bearer",
        "signature",
    }
)
#: A key with these two words in a row names a secret (``api_key``, ``X-API-Key``, ``privateKey``).
SECRET_PAIRS: Final = frozenset(
    {
        ("api", "key"),
        ("private", "key"),
        ("secret", "key"),
        ("access", "key"),
        ("session", "id"),
        ("client", "secret"),
        ("set", "cookie"),
        ("snmp", "community"),
    }
)
#: A key ending in one of these words counts or measures a secret, in text too: its value is kept.
MEASURE_WORDS: Final = frozenset(
    {"count", "length", "len", "size", "used", "total", "max", "min", "ttl", "age", "expires"}
)
#: Values under a secret key that say whether a secret is there, not what it is: kept.
STATUS_WORDS: Final = frozenset(
    {"", "ok", "valid", "invalid", "missing", "present", "set", "unset", "none", "null"}
    | {"true", "false", "yes", "no", "failed", "expired", "required", "redacted", MARKER.lower()}
    | {"checked", "not_checked", "unchecked", "configured", "not_configured", "unknown", "error"}
)

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def key_words(key: str) -> list[str]:
    """The words of a key: ``X-API-Key`` -> x, api, key; ``clientSecret`` -> client, secret."""
    return [word.lower() for word in _WORD.findall(key)]


@functools.lru_cache(maxsize=4096)
def is_secret_key(key: str) -> bool:
    """True when the key names a secret (see the module docstring)."""
    words = key_words(key)
    if not words or words[-1] in MEASURE_WORDS:
        return False
    if any(word in SECRET_WORDS for word in words):
        return True
    return any(pair in SECRET_PAIRS for pair in itertools.pairwise(words))


# --- Text rules --------------------------------------------------------------------------------

_PEM = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----.*?(?:-----END \1-----|$)", re.DOTALL
)
_AUTH_SCHEME = re.compile(r"(?i)\b(bearer|basic|digest|token)(\s++)([A-Za-z0-9._~+/=-]{8,}+)")
_USER_OPTION = re.compile(r"(?<![\w-])(-u|--user)(\s++|=)([^\s:'\"]++):([^\s'\"]++)")
_PDO_PASSWORD = re.compile(
    r"(\b(?:PDO->__construct|mysqli_connect|mysqli->__construct)\("
    r"(?:\s*'(?:\\.|[^'\\])*'\s*,){2}\s*)'(?:\\.|[^'\\])*'"
)
_URL_PASSWORD = re.compile(
    r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*+://[^\s/:@\"'<>]*+):([^\s/@\"'<>]++)@"
)
_KNOWN_TOKENS = re.compile(
    # JSON Web Token
    r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}+\.[A-Za-z0-9_-]{5,}+\.[A-Za-z0-9_-]{5,}+"
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}+"  # GitHub
    r"|(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}+"  # GitLab
    r"|(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,}+"  # Slack
    r"|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"  # AWS access key id
)
_PAIR_KEY = re.compile(
    r"""(?<![A-Za-z0-9_.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]*+)\1(\s*+(?:=>|[=:])\s*+)"""
)
_PAIR_VALUE = re.compile(r""""(?:\\.|[^"\\])*"|'[^']*'|[^\s,;&'"()<>\[\]{}]+""")
_SCHEMES = ("bearer", "basic", "digest", "token")


def _is_status(value: str) -> bool:
    return value.strip().strip("'\"").lower() in STATUS_WORDS


def _looks_like_credential(value: str) -> bool:
    """An authorization value, not an English word: has a digit or symbol, or is long."""
    return len(value) >= 20 or re.search(r"[0-9._~+/=-]", value) is not None


def _redact_schemes(text: str) -> tuple[str, int]:
    found = 0

    def replacement(match: re.Match[str]) -> str:
        nonlocal found
        if match.group(3) == MARKER or not _looks_like_credential(match.group(3)):
            return match.group(0)
        found += 1
        return f"{match.group(1)}{match.group(2)}{MARKER}"

    return _AUTH_SCHEME.sub(replacement, text), found


def _redact_url_passwords(text: str) -> tuple[str, int]:
    found = 0

    def replacement(match: re.Match[str]) -> str:
        nonlocal found
        if match.group(2) == MARKER:
            return match.group(0)
        found += 1
        return f"{match.group(1)}:{MARKER}@"

    return _URL_PASSWORD.sub(replacement, text), found


def _redact_pairs(text: str) -> tuple[str, int]:
    """``key=value`` and ``key: value`` (quoted or not) whose key names a secret."""
    parts: list[str] = []
    found = 0
    position = 0
    for match in _PAIR_KEY.finditer(text):
        name = match.group(2)
        if match.start() < position or not is_secret_key(name):
            continue
        value = _PAIR_VALUE.match(text, match.end())
        if value is None:
            continue
        raw = value.group(0)
        if _is_status(raw) or raw.lower() in _SCHEMES or "://" in raw or MARKER in raw:
            continue  # a status word, or left to the authorization-scheme and URL rules
        quote = raw[0] if raw[0] in "\"'" else ""
        parts.append(text[position : match.end()] + f"{quote}{MARKER}{quote}")
        position = value.end()
        found += 1
    parts.append(text[position:])
    return "".join(parts), found


def _redact_pattern(pattern: re.Pattern[str], text: str) -> tuple[str, int]:
    return pattern.subn(MARKER.replace("\\", "\\\\"), text)


#: Every text rule needs one of these; most strings have none and are skipped at once.
_TRIGGER = re.compile(
    r"[=:]|-----BEGIN|eyJ|gh[pousr]_|glpat-|xox|AKIA|ASIA|PDO|mysqli|(?i:bearer|basic|digest|token)"
)


#: Short strings repeat (keys, statuses, reason codes): their results are remembered.
_CACHED_LENGTH = 200


def redact_text(text: str) -> tuple[str, int]:
    """``text`` with every secret the text rules find replaced, and how many were."""
    if len(text) <= _CACHED_LENGTH:
        return _redact_short_text(text)
    return _redact_text(text)


@functools.lru_cache(maxsize=8192)
def _redact_short_text(text: str) -> tuple[str, int]:
    return _redact_text(text)


def _redact_text(text: str) -> tuple[str, int]:
    if _TRIGGER.search(text) is None:
        return text, 0
    total = 0
    text, found = _redact_pattern(_PEM, text)
    total += found
    text, found = _redact_pattern(_KNOWN_TOKENS, text)
    total += found
    text, found = _redact_schemes(text)
    total += found
    text, found = _redact_url_passwords(text)
    total += found
    text, found = _USER_OPTION.subn(
        lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}:{MARKER}", text
    )
    total += found
    text, found = _PDO_PASSWORD.subn(lambda m: f"{m.group(1)}'{MARKER}'", text)
    total += found
    text, found = _redact_pairs(text)
    return text, total + found


# --- Values, models, runs ----------------------------------------------------------------------


def redact_value(value: Any, secret: bool = False) -> tuple[Any, int]:
    """A JSON value with its secrets replaced; ``secret`` marks a value under a secret key."""
    if isinstance(value, str):
        if secret and not _is_status(value):
            return MARKER, 1
        return redact_text(value)
    if isinstance(value, list):
        total = 0
        items = []
        for item in value:
            redacted, found = redact_value(item, secret)
            items.append(redacted)
            total += found
        return items, total
    if isinstance(value, dict):
        total = 0
        mapping = {}
        for key, item in value.items():
            new_key, in_key = redact_text(str(key))
            redacted, found = redact_value(item, secret or is_secret_key(str(key)))
            mapping[new_key] = redacted
            total += in_key + found
        return mapping, total
    return value, 0


Model = TypeVar("Model", bound=BaseModel)


def redact_model(model: Model) -> tuple[Model, int]:
    """A pydantic model of the export with every secret replaced (validated again)."""
    data, found = redact_value(model.model_dump(by_alias=True, exclude_unset=True))
    if not found:
        return model, 0
    return type(model).model_validate(data), found


def redact_run(exported: ExportedRun, possible: bool = True) -> ExportedRun:
    """Every string of one report's input redacted (instance, run, stages, history, source).

    The result's ``redactions`` says how many values were replaced; redacting it again
    changes nothing.  ``possible=False``: :func:`may_hold_secrets` ruled out any secret in the
    JSON text the run was read from, so its values need not be read one by one.
    """
    if exported.redactions is not None:
        return exported
    if not possible:
        source, found = redact_text(exported.source)  # a file name is not in the text
        return replace(exported, source=source, redactions=found)
    total = 0

    def clean(model: Model) -> Model:
        nonlocal total
        redacted, found = redact_model(model)
        total += found
        return redacted

    def clean_text(text: str | None) -> str | None:
        nonlocal total
        if text is None:
            return None
        redacted, found = redact_text(text)
        total += found
        return redacted

    result = replace(
        exported,
        source=clean_text(exported.source) or "",
        instance=clean(exported.instance),
        run=None if exported.run is None else clean(exported.run),
        stages=tuple(clean(stage) for stage in exported.stages),
        history=tuple(clean(run) for run in exported.history),
        rconfig_version=clean_text(exported.rconfig_version),
        exported_at=clean_text(exported.exported_at),
    )
    return replace(result, redactions=total)


# --- Ruling secrets out ------------------------------------------------------------------------


def _without_longer(words: set[bytes]) -> tuple[bytes, ...]:
    """``words`` less those that hold another of them: where ``passwords`` is, ``password`` is
    too, so looking for the shorter one alone finds both."""
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


#: Lower-case words one of which every rule needs in its key or text: the secret words, one
#: word of each secret pair, and the words of the text rules (PEM, PHP, ``-u``, token shapes,
#: authorization schemes).
_NEEDED_WORDS: Final = _without_longer(
    {word.encode("ascii") for word in SECRET_WORDS}
    | {max(pair, key=len).encode("ascii") for pair in SECRET_PAIRS}
    | {scheme.encode("ascii") for scheme in _SCHEMES}
    | {b"-----begin", b"pdo->", b"mysqli", b"-u", b"eyj", b"glpat-", b"xox", b"akia", b"asia"}
    | {f"gh{kind}_".encode("ascii") for kind in "pousr"}
)


def may_hold_secrets(json_text: bytes) -> bool:
    """False only when no rule can find a secret in any key or string of this JSON text.

    In ASCII JSON without a backslash, every key and string is a piece of the text as it
    stands, and lower-casing is plain ASCII (no Unicode case folding for the ``(?i)`` rules to
    see): a text in which none of :data:`_NEEDED_WORDS` appears in any case, and that lacks
    ``://`` or ``@`` (the URL rule), gives every rule nothing to match.
    """
    if not json_text.isascii() or b"\\" in json_text:
        return True
    if b"://" in json_text and b"@" in json_text:
        return True
    lowered = json_text.lower()
    return any(word in lowered for word in _NEEDED_WORDS)
