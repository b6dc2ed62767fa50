"""The tokens and short codes of 亮证 (showing a licence). A showing's token is signed (django.core.signing, with a salt
of its own) over a random key and the moment it expires, so a changed token fails its signature and an old one says
when it ran out; the short code is what a clerk types instead of scanning. Neither is stored in clear: the showing
keeps keyed hashes of both (`digest`)."""

import hashlib
import hmac
import secrets
from datetime import datetime

from django.conf import settings
from django.core import signing

SALT = "govhall.licences.showing"
# Crockford's base32 without look-alikes: a code read aloud or typed from a phone screen survives I/1 and O/0.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
CONFUSED = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


class TokenRefused(Exception):
    """A token that cannot be read (changed, truncated) or that has expired; `expired` tells which."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


def new_key() -> str:
    return secrets.token_urlsafe(12)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a clerk typed (spaces, dashes, lower case, O for 0) as a code."""
    return "".join(character for character in text.upper() if character.isalnum()).translate(CONFUSED)


def looks_like_code(text: str) -> bool:
    code = normalise_code(text)
    return len(code) == CODE_LENGTH and all(character in CODE_ALPHABET for character in code)


def display_code(code: str) -> str:
    """ABCD-EFGH, easier to read out."""
    return f"{code[:4]}-{code[4:]}"


def digest(value: str) -> str:
    """A keyed hash (HMAC-SHA256 under SECRET_KEY and the salt) of a showing's key or code: what the database keeps."""
    key = hashlib.sha256(f"{SALT}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def make_token(key: str, expires_at: datetime) -> str:
    return signing.dumps({"k": key, "e": int(expires_at.timestamp())}, salt=SALT)


def read_token(token: str, *, now: datetime) -> str:
    """The key inside `token`, or TokenRefused when it was changed or has expired at `now`."""
    try:
        payload = signing.loads(token, salt=SALT)
        key, expires = str(payload["k"]), int(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenRefused("亮证码无效：它不是本平台生成的，或已被改动。") from error
    if now.timestamp() >= expires:
        raise TokenRefused("亮证码已过期，请持证人重新亮证。", expired=True)
    return key
