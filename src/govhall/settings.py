"""GovHall settings: one module. Every environment variable is read here through a typed helper (govhall.env) and is
documented in .env.example. Defaults give a working development checkout on SQLite under var/."""

import base64
import ipaddress
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from govhall.env import (
    DEVELOPMENT_SECRET,
    ConfigError,
    development_key,
    env_bool,
    env_fernet_keys,
    env_hmac_keys,
    env_int,
    env_list,
    env_str,
)
from govhall.payments import keys as payment_keys

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("GOVHALL_VAR_DIR", str(PROJECT_DIR / "var")))

# DEBUG: development conveniences; never on in production.
DEBUG = env_bool("DEBUG", False)
# Secrets: SECRET_KEY, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEYS and OIDC_RSA_PRIVATE_KEY are four separate secrets, none
# derived from another. Each may be given as NAME_FILE, a file holding it (/etc/govhall/env, systemd LoadCredential).
# With DEBUG on a missing one falls back to a development value; DEVELOPMENT_SECRETS names those. With DEBUG off the
# servers refuse to start while any is missing (govhall.core.checks: manage.py check, migrate, the task worker,
# run_periodic and wsgi.py for gunicorn); the test suite, which starts none of them, uses the development values.
DEVELOPMENT_SECRETS: list[str] = []
# SECRET_KEY: Django's signing key (sessions, CSRF, password reset links); required unless DEBUG is on.
_secret = env_str("SECRET_KEY", "")
if not _secret:
    if not DEBUG:
        raise ConfigError("SECRET_KEY must be set when DEBUG is off (or set DEBUG=true for development)")
    _secret = DEVELOPMENT_SECRET
    DEVELOPMENT_SECRETS.append("SECRET_KEY")
SECRET_KEY = _secret
# ALLOWED_HOSTS: comma-separated host names GovHall answers to.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
# TRUSTED_PROXIES: comma-separated addresses or networks of the reverse proxies in front of GovHall (nginx on the same
# host: 127.0.0.1,::1). X-Forwarded-For is honoured only from these (core/clients.py, applied to REMOTE_ADDR by
# core/proxy.py's middleware); empty: REMOTE_ADDR as it is.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ConfigError(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network") from _exc
# CSRF_TRUSTED_ORIGINS: comma-separated origins (scheme://host) allowed to POST, behind a TLS proxy.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The third-party apps under Chinese names (govhall/core/third_party.py).
    "govhall.core.third_party.HtmxConfig",
    "govhall.core.third_party.TasksConfig",
    "govhall.core.third_party.OAuthConfig",
    "govhall.core",
    "govhall.organisations",
    "govhall.accounts",
    "govhall.catalog",
    "govhall.notices",
    "govhall.transparency",
    "govhall.licences",
    "govhall.sharing",
    "govhall.cases",
    "govhall.integrations",
    "govhall.payments",
    "govhall.delivery",
    "govhall.appointments",
    "govhall.queueing",
    "govhall.instant",
    "govhall.entitlements",
    "govhall.bundles",
    "govhall.evaluation",
    "govhall.enquiries",
    "govhall.kiosk",
    "govhall.supervision",
    "govhall.outreach",
    "govhall.assist",
    "govhall.portal",
    "govhall.workbench",
    "govhall.demo",
    "govhall.contrib.demo",
]

MIDDLEWARE = [
    "govhall.core.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "govhall.core.machine.MachineEndpointMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "govhall.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "govhall.core.middleware.PrivacyHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "govhall.core.middleware.ChannelMiddleware",
    "govhall.core.middleware.ApiJsonRefusalMiddleware",
    "govhall.core.middleware.RefuseNulMiddleware",
    "govhall.accounts.middleware.IdleTimeoutMiddleware",
    "govhall.accounts.middleware.ActingForMiddleware",
]

# Where the views marked @machine_endpoint (the gateways' and couriers' signed notifications) are called without the
# middleware below MachineEndpointMiddleware (core/machine.py): none of it serves a server posting a notification.
MACHINE_ENDPOINT_PREFIXES = ["/payments/notify/", "/delivery/notify/"]

ROOT_URLCONF = "govhall.urls"
WSGI_APPLICATION = "govhall.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "govhall.core.context_processors.display",
                "govhall.portal.context_processors.phone_frame",
                "govhall.kiosk.context.kiosk",
            ],
        },
    },
]

# DATABASE_URL: sqlite:///path or postgres://user@host:port/name. Default: SQLite at var/govhall.sqlite3.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'govhall.sqlite3'}")
# DB_CONN_MAX_AGE: seconds a database connection is kept between requests.
_conn_max_age = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=_conn_max_age, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parallel workers speed up one query but cost throughput when many requests share two cores.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c max_parallel_workers_per_gather=0"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
            "PRAGMA cache_size=-32000; PRAGMA mmap_size=134217728;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:me"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "govhall.accounts.passwords.CharacterClassesValidator"},
]

# Chinese first; English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
# MEDIA_ROOT: where uploaded files are stored (Django's storage API; local disk by default).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# CACHE_URL: "locmem" (default) or a redis:// URL shared by all workers.
_cache_url = env_str("CACHE_URL", "locmem")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url.startswith("redis")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background work: Django's tasks API on the database queue, run by `manage.py run_worker` (db_worker with leases).
# TASKS_IMMEDIATE: run tasks in the request instead (tests).
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# TASK_LEASE_SECONDS: a running task whose worker has not renewed its lease for this long is run again (the worker
# died), and a notice or webhook left "sending" that long by a dead worker is sent again with the same idempotency key.
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 300, minimum=5)

# Security by default.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# SECURE_COOKIES: send session and CSRF cookies over HTTPS only (on in production behind TLS).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
# SECURE_HSTS_SECONDS: how long browsers must use HTTPS only (Strict-Transport-Security); 31536000 in production
#   behind TLS, 0 (no header) by default. SECURE_HSTS_INCLUDE_SUBDOMAINS / SECURE_HSTS_PRELOAD: the header's flags.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# SECURE_SSL_REDIRECT: redirect plain HTTP to HTTPS. SECURE_PROXY_SSL_HEADER: the header a TLS-terminating proxy sets
#   to say the request came over HTTPS, as NAME=value (e.g. X-Forwarded-Proto=https); only set it behind such a proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
_proxy_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    _name, _, _value = _proxy_header.partition("=")
    if not _name or not _value:
        raise ConfigError(f"SECURE_PROXY_SSL_HEADER={_proxy_header!r} must look like X-Forwarded-Proto=https")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())
# Browser features no page uses are switched off; the service-hall map may ask for the person's location.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(self), geolocation=(self), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# FIELD_ENCRYPTION_KEYS: comma-separated Fernet keys for personal data at rest. The first encrypts, all decrypt: to
# rotate, put a new key first, keep the old ones, run `manage.py rotate_keys`, then drop the old ones. Generate with
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
FIELD_ENCRYPTION_KEYS = env_fernet_keys("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS:
    FIELD_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(development_key("field-encryption")).decode()]
    DEVELOPMENT_SECRETS.append("FIELD_ENCRYPTION_KEYS")
# BLIND_INDEX_KEYS: comma-separated HMAC keys (at least 32 characters) of the keyed hashes that find encrypted
# identifiers (phone, document number). The first computes every index; after putting a new one first,
# `manage.py rotate_keys` recomputes the stored indexes (servers refuse to start until it has). Generate with
#   python -c "import secrets; print(secrets.token_urlsafe(32))"
if env_str("BLIND_INDEX_KEY", ""):
    raise ConfigError("BLIND_INDEX_KEY has been renamed BLIND_INDEX_KEYS (a comma-separated list, newest first)")
BLIND_INDEX_KEYS = env_hmac_keys("BLIND_INDEX_KEYS")
if not BLIND_INDEX_KEYS:
    BLIND_INDEX_KEYS = [development_key("blind-index")]
    DEVELOPMENT_SECRETS.append("BLIND_INDEX_KEYS")

# LOGIN_MAX_FAILURES / LOGIN_LOCKOUT_MINUTES: lock an account or an address after this many failures, for this long.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# STAFF_IDLE_MINUTES / PERSON_IDLE_MINUTES: sign out after this long without a request.
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30, minimum=1)
PERSON_IDLE_MINUTES = env_int("PERSON_IDLE_MINUTES", 120, minimum=1)
# QR_LOGIN_SECONDS: how long a 扫码登录 QR code (login page, kiosk) waits for the phone's confirmation and its use;
# QR_LOGIN_PER_IP_PER_HOUR: how many QR codes one address may have made in an hour.
QR_LOGIN_SECONDS = env_int("QR_LOGIN_SECONDS", 120, minimum=30)
QR_LOGIN_PER_IP_PER_HOUR = env_int("QR_LOGIN_PER_IP_PER_HOUR", 60, minimum=1)
# SMS_CODE_MINUTES: how long an SMS code is valid; SMS limits per phone (a minute apart, so many a day) and per address.
SMS_CODE_MINUTES = env_int("SMS_CODE_MINUTES", 5, minimum=1)
SMS_PER_PHONE_PER_DAY = env_int("SMS_PER_PHONE_PER_DAY", 10, minimum=1)
SMS_PER_IP_PER_HOUR = env_int("SMS_PER_IP_PER_HOUR", 20, minimum=1)


# OIDC_RSA_PRIVATE_KEY (or OIDC_RSA_PRIVATE_KEY_FILE): the PEM key that signs id_tokens. Unset: a development key
# generated once into var/oidc-signing-key.pem (servers refuse to start with it when DEBUG is off).
def _oidc_key() -> str:
    from cryptography.hazmat.primitives import serialization

    key = env_str("OIDC_RSA_PRIVATE_KEY", "")
    if key:
        try:
            serialization.load_pem_private_key(key.encode(), password=None)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"OIDC_RSA_PRIVATE_KEY is not an unencrypted PEM private key: {exc}") from exc
        return key
    DEVELOPMENT_SECRETS.append("OIDC_RSA_PRIVATE_KEY")
    path = VAR_DIR / "oidc-signing-key.pem"
    if not path.exists():
        from cryptography.hazmat.primitives.asymmetric import rsa

        pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pem)
        path.chmod(0o600)
    return path.read_text()


OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _oidc_key(),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,  # tokens are stored hashed
    # RFC 9700 (OAuth 2.0 Security BCP), all enforced: PKCE S256 only, no access token in a query string, no implicit or
    # password grant, the `iss` parameter in authorization responses.
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    # `http` stays allowed for native apps' loopback callbacks (RFC 8252) only: GovHallValidator refuses other http URIs.
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    # A replayed (already rotated) refresh token revokes its whole family.
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ROTATE_REFRESH_TOKEN": True,
    # Discovery advertises what is supported: the code flow, RS256 (accounts/oidc_views.py drops HS256).
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_GRANT_TYPES_SUPPORTED": ["authorization_code", "refresh_token"],
    # OIDC_REDIRECT_SCHEMES: schemes a client's redirect URI may use; production: https (http is for loopback apps).
    "ALLOWED_REDIRECT_URI_SCHEMES": env_list("OIDC_REDIRECT_SCHEMES", ["https", "http"]),
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "姓名与账户名",
        "phone": "手机号码",
        "identity": "证件类型与号码",
        "organisations": "可代表办事的法人",
        "cases": "代本人申报、补正、撤回和查询办件",
        "appointments": "代本人预约大厅办事，查询、取消和改约本人的预约",
    },
    "DEFAULT_SCOPES": ["openid"],
    "OAUTH2_VALIDATOR_CLASS": "govhall.accounts.oidc.GovHallValidator",
    "OIDC_SERVER_CLASS": "govhall.accounts.oidc.GovHallServer",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("OIDC_ACCESS_TOKEN_SECONDS", 3600, minimum=60),
}
# oauth2_provider.W008 warns that `http` redirect URIs are allowed at all; GovHallValidator allows them only for
# native apps' loopback callbacks (RFC 8252), so `check --deploy` stays clean.
# security.W021 asks for HSTS `preload`: the browsers' preload list takes only a registrable domain (example.gov.cn),
# which is the city's decision for all its sites, not one service's; GovHall never sends `preload`.
SILENCED_SYSTEM_CHECKS = ["oauth2_provider.W008", "security.W021"]

# CASE_WARNING_DAYS: warn the handler when this many working days or fewer are left before the promised deadline.
CASE_WARNING_DAYS = env_int("CASE_WARNING_DAYS", 2, minimum=0)
# RATING_WINDOW_DAYS: how many days after a case is concluded its applicant may rate it (好差评).
RATING_WINDOW_DAYS = env_int("RATING_WINDOW_DAYS", 30, minimum=1)
# RATING_RECTIFICATION_DAYS: working days a department has to call back and answer a bad rating before it escalates.
RATING_RECTIFICATION_DAYS = env_int("RATING_RECTIFICATION_DAYS", 5, minimum=1)
# LOOKUP_PER_IP_PER_HOUR: progress lookups without login allowed per address and hour; LOOKUP_FAILURES_PER_CASE_PER_DAY:
# wrong verifications allowed per case number and day (the last four characters are guessable otherwise).
LOOKUP_PER_IP_PER_HOUR = env_int("LOOKUP_PER_IP_PER_HOUR", 30, minimum=1)
LOOKUP_FAILURES_PER_CASE_PER_DAY = env_int("LOOKUP_FAILURES_PER_CASE_PER_DAY", 10, minimum=1)
# The tasks `manage.py run_periodic --loop` enqueues, each every PERIODIC_INTERVAL seconds (10 minutes) unless
# PERIODIC_INTERVALS gives it its own interval (govhall.core.periodic). LOG_SIGNING_INTERVAL: seconds between two
# signed tree heads of the transparency log while it grows (at most a minute, issue 11).
PERIODIC_INTERVAL = env_int("PERIODIC_INTERVAL", 600, minimum=1)
LOG_SIGNING_INTERVAL = env_int("LOG_SIGNING_INTERVAL", 60, minimum=1)
PERIODIC_TASKS = [
    "govhall.core.worker.requeue_abandoned_tasks",
    "govhall.cases.deadlines.sweep_deadlines",
    "govhall.notices.sending.retry_pending_deliveries",
    "govhall.integrations.webhooks.retry_pending_webhooks",
    "govhall.evaluation.tasks.send_rating_reminders",
    "govhall.evaluation.tasks.escalate_overdue_rectifications",
    "govhall.outreach.notices.retry_outreach_deliveries",
    "govhall.supervision.tasks.refresh_figures",
    "govhall.transparency.tasks.sign_tree_head",
    "govhall.licences.tasks.expire_due_licences",
    "govhall.entitlements.tasks.match_benefit_policies",
    "govhall.payments.orders.close_expired_orders",
    "govhall.payments.orders.sync_pending_orders",
    "govhall.payments.reconciliation.reconcile_yesterday",
    "govhall.delivery.tracking.sync_tracking",
    "govhall.appointments.tasks.mark_no_shows",
    "govhall.appointments.tasks.send_appointment_reminders",
    "govhall.enquiries.tasks.remind_and_flag_enquiries",
    "govhall.enquiries.tasks.retry_hotline_deliveries",
]
PERIODIC_INTERVALS = {
    "govhall.transparency.tasks.sign_tree_head": LOG_SIGNING_INTERVAL,
    "govhall.payments.reconciliation.reconcile_yesterday": 3600,  # a day already reconciled is skipped
}
# Appointments (预约, docs/appointments.md). APPOINTMENT_FIRST_DAY / APPOINTMENT_LAST_DAY: the days ahead a slot may be
# booked (0 = today; default tomorrow up to 14 days ahead). APPOINTMENT_NO_SHOW_LIMIT no-shows within
# APPOINTMENT_NO_SHOW_WINDOW_DAYS pause the person's bookings for APPOINTMENT_PAUSE_DAYS after the last one.
APPOINTMENT_FIRST_DAY = env_int("APPOINTMENT_FIRST_DAY", 1, minimum=0)
APPOINTMENT_LAST_DAY = max(env_int("APPOINTMENT_LAST_DAY", 14, minimum=0), APPOINTMENT_FIRST_DAY)
APPOINTMENT_NO_SHOW_LIMIT = env_int("APPOINTMENT_NO_SHOW_LIMIT", 3, minimum=1)
APPOINTMENT_NO_SHOW_WINDOW_DAYS = env_int("APPOINTMENT_NO_SHOW_WINDOW_DAYS", 90, minimum=1)
APPOINTMENT_PAUSE_DAYS = env_int("APPOINTMENT_PAUSE_DAYS", 30, minimum=0)
# APPOINTMENT_SLOTS_CACHE_SECONDS: how long a slot query's answer may be kept in the cache at most (0 turns keeping
# off). Bookings, cancellations and changes to halls, groups, items or holidays drop it at once
# (appointments.slot_cache); this bound only covers writes that send no signal.
APPOINTMENT_SLOTS_CACHE_SECONDS = env_int("APPOINTMENT_SLOTS_CACHE_SECONDS", 60, minimum=0)
# INSTANT_AUDIT_SAMPLE_PERCENT: the share (0–100) of 秒批 approvals sampled for a reviewer's audit (秒批抽查), chosen
# by the case number's hash so the same case is always in or out.
INSTANT_AUDIT_SAMPLE_PERCENT = min(env_int("INSTANT_AUDIT_SAMPLE_PERCENT", 10, minimum=0), 100)
# BENEFIT_RUN_CHUNK: how many real-name users a 免申即享 policy run reads at a time.
BENEFIT_RUN_CHUNK = env_int("BENEFIT_RUN_CHUNK", 200, minimum=1)
# CASE_UPLOAD_MAX_MB: largest file accepted as a case material, in MB.
CASE_UPLOAD_MAX_MB = env_int("CASE_UPLOAD_MAX_MB", 20, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# CASE_UPLOAD_MAX_MEGAPIXELS: largest image accepted (width × height, in millions of pixels), checked before decoding.
CASE_UPLOAD_MAX_MEGAPIXELS = env_int("CASE_UPLOAD_MAX_MEGAPIXELS", 40, minimum=1)

# Email goes out through SMTP (Django 6.1 mailers). EMAIL_HOST / EMAIL_PORT: the SMTP server (make run starts a local
# one on 1025 that keeps messages under var/mail); EMAIL_HOST_USER / EMAIL_HOST_PASSWORD; EMAIL_USE_TLS;
# DEFAULT_FROM_EMAIL: the sender.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "127.0.0.1"),
            "port": env_int("EMAIL_PORT", 1025, minimum=1),
            "username": env_str("EMAIL_HOST_USER", "") or None,
            "password": env_str("EMAIL_HOST_PASSWORD", "") or None,
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 10,
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "GovHall 政务服务 <noreply@zwfw.example.gov.cn>")

# GOVHALL_HOTLINE: the platform hotline shown where a guide has no phone of its own.
GOVHALL_HOTLINE = env_str("GOVHALL_HOTLINE", "12345")
# SMS_SIGNATURE: the 短信签名 the carrier registered for this government (put in 【】 before every SMS).
SMS_SIGNATURE = env_str("SMS_SIGNATURE", "政务服务")
# OVERSIGHT_DEPARTMENTS: comma-separated names of the departments whose staff act for the whole district (the
# government office: its supervisors supervise, and its catalog managers manage, every department).
OVERSIGHT_DEPARTMENTS = env_list("OVERSIGHT_DEPARTMENTS", ["区政府办"])
# SITE_URL: GovHall's public address (scheme://host[:port]), for links printed on documents (the receipt's QR code).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ConfigError(f"SITE_URL={SITE_URL!r} must start with https:// or http://")
# LICENCE_SHOWING_MINUTES: how long a 亮证 QR code and short code stay good (minutes).
LICENCE_SHOWING_MINUTES = env_int("LICENCE_SHOWING_MINUTES", 5, minimum=1)
# LICENCE_GRANT_MAX_DAYS: the longest a holder may grant another department or enterprise use of a licence (授权用证).
LICENCE_GRANT_MAX_DAYS = env_int("LICENCE_GRANT_MAX_DAYS", 30, minimum=1)
# SEARCH_CACHE_SECONDS: how long a search result is kept (0 turns the cache off; keys include the catalog's last change).
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 300, minimum=0)
# SEARCH_MAX_QUERY_LENGTH: longest search text accepted (characters).
SEARCH_MAX_QUERY_LENGTH = env_int("SEARCH_MAX_QUERY_LENGTH", 100, minimum=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Providers: the outside systems (core.providers; docs/deployment.md lists them). Each *_PROVIDER names a class;
# with DEBUG on the defaults are GovHall's HTTP clients pointed at the demo outside world on DEMO_SERVICES_URL
# (`manage.py run_demo_services`, started by make run), with development keys. With DEBUG off nothing is assumed:
# name your providers and their URLs and keys (an unset one fails `check --deploy`; a broken one fails every start).
_demo = env_str("DEMO_SERVICES_URL", "http://127.0.0.1:8470") if DEBUG else ""
DEMO_SERVICES_URL = _demo  # the demo outside world (pages link its bank counter in development), "" otherwise


def _dev(value: str) -> str:
    return value if DEBUG else ""


# PROVIDER_TIMEOUT_SECONDS: how long an HTTP provider call may take.
PROVIDER_TIMEOUT_SECONDS = env_int("PROVIDER_TIMEOUT_SECONDS", 10, minimum=1)
# IDENTITY_PROVIDER: class that checks real names against documents (the national identity-check service);
# IDENTITY_SERVICE_URL / _KEY_ID / _KEY_SECRET: where HttpIdentityCheck posts and the access key it signs with.
IDENTITY_PROVIDER = env_str("IDENTITY_PROVIDER", _dev("govhall.accounts.providers.HttpIdentityCheck"))
IDENTITY_SERVICE_URL = env_str("IDENTITY_SERVICE_URL", _demo and f"{_demo}/identity/verify")
IDENTITY_SERVICE_KEY_ID = env_str("IDENTITY_SERVICE_KEY_ID", _dev("demo-identity"))
IDENTITY_SERVICE_KEY_SECRET = env_str("IDENTITY_SERVICE_KEY_SECRET", _dev("demo-identity-secret"))
# SMS_PROVIDER: class that sends SMS; SMS_GATEWAY_URL / _KEY_ID / _KEY_SECRET: the gateway HttpSmsSender posts to.
SMS_PROVIDER = env_str("SMS_PROVIDER", _dev("govhall.notices.providers.HttpSmsSender"))
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", _demo and f"{_demo}/sms/send")
SMS_GATEWAY_KEY_ID = env_str("SMS_GATEWAY_KEY_ID", _dev("demo-sms"))
SMS_GATEWAY_KEY_SECRET = env_str("SMS_GATEWAY_KEY_SECRET", _dev("demo-sms-secret"))
# SMS_OUTBOX_FILE: the demo gateway's "phone": every SMS it takes, codes included, as a JSON line.
SMS_OUTBOX_FILE = env_str("SMS_OUTBOX_FILE", str(VAR_DIR / "sms" / "outbox.jsonl"))
# Self-service kiosks (docs/kiosk.md). KIOSK_IDLE_SECONDS: a kiosk left untouched this long goes back to its home page
# and signs the person out; KIOSK_COUNTDOWN_SECONDS: the last seconds of it are counted down on screen (继续 stays).
KIOSK_IDLE_SECONDS = env_int("KIOSK_IDLE_SECONDS", 90, minimum=20)
KIOSK_COUNTDOWN_SECONDS = env_int("KIOSK_COUNTDOWN_SECONDS", 15, minimum=5)
# CARD_READER_PROVIDER: class that reads the ID card on a kiosk's reader (kiosk.cardreader.HttpCardReader);
# CARD_READER_URL / _KEY_ID / _KEY_SECRET: the reader service and the key requests and reads are signed with;
# CARD_READ_MAX_AGE_SECONDS: how old a signed read may be.
CARD_READER_PROVIDER = env_str("CARD_READER_PROVIDER", _dev("govhall.kiosk.cardreader.HttpCardReader"))
CARD_READER_URL = env_str("CARD_READER_URL", _demo and f"{_demo}/cardreader")
CARD_READER_KEY_ID = env_str("CARD_READER_KEY_ID", _dev("demo-cardreader"))
CARD_READER_KEY_SECRET = env_str("CARD_READER_KEY_SECRET", _dev("demo-cardreader-secret"))
CARD_READ_MAX_AGE_SECONDS = env_int("CARD_READ_MAX_AGE_SECONDS", 60, minimum=5)
# PRINTER_PROVIDER: class that prints on a kiosk's printer (kiosk.printing.HttpPrinter); PRINTER_URL / _KEY_ID /
# _KEY_SECRET: the print service. PRINTER_OUTBOX_DIR: where the demo printer keeps what it printed (<job id>.pdf).
PRINTER_PROVIDER = env_str("PRINTER_PROVIDER", _dev("govhall.kiosk.printing.HttpPrinter"))
PRINTER_URL = env_str("PRINTER_URL", _demo and f"{_demo}/printer")
PRINTER_KEY_ID = env_str("PRINTER_KEY_ID", _dev("demo-printer"))
PRINTER_KEY_SECRET = env_str("PRINTER_KEY_SECRET", _dev("demo-printer-secret"))
PRINTER_OUTBOX_DIR = env_str("PRINTER_OUTBOX_DIR", str(VAR_DIR / "printer"))
# 咨询 · 投诉 · 建议 (docs/enquiries.md). ENQUIRY_REPLY_DAYS_<KIND>: the working days within which staff answer a question,
# a complaint, a suggestion (counted from the day after it arrives); ENQUIRY_REMINDER_DAYS: working days before the
# limit when the department is reminded. The 12345 hotline: HOTLINE_PROVIDER (optional: the class that tells the
# hotline an order it sent was replied or closed), HOTLINE_NOTIFY_URL (where), HOTLINE_SECRET (the shared secret of the
# HMAC-SHA256 signatures both ways), HOTLINE_REPLAY_SECONDS (how far a signed timestamp may be from now).
ENQUIRY_REPLY_DAYS = {
    "consult": env_int("ENQUIRY_REPLY_DAYS_CONSULT", 3, minimum=1),
    "complaint": env_int("ENQUIRY_REPLY_DAYS_COMPLAINT", 5, minimum=1),
    "suggestion": env_int("ENQUIRY_REPLY_DAYS_SUGGESTION", 10, minimum=1),
}
ENQUIRY_REMINDER_DAYS = env_int("ENQUIRY_REMINDER_DAYS", 1, minimum=0)
# ENQUIRY_PER_PERSON_PER_DAY: enquiries one person may file in a day (more is refused with a message).
ENQUIRY_PER_PERSON_PER_DAY = env_int("ENQUIRY_PER_PERSON_PER_DAY", 20, minimum=1)
HOTLINE_PROVIDER = env_str("HOTLINE_PROVIDER", _dev("govhall.enquiries.hotline.HttpHotline"))
HOTLINE_NOTIFY_URL = env_str("HOTLINE_NOTIFY_URL", _dev("http://127.0.0.1:8471/notify"))
HOTLINE_SECRET = env_str("HOTLINE_SECRET", _dev("demo-12345-secret"))
HOTLINE_REPLAY_SECONDS = env_int("HOTLINE_REPLAY_SECONDS", 300, minimum=1)
# COURIER_PROVIDER: class that books the courier of 双向寄递 (results out, originals in; docs/delivery.md);
# COURIER_API_URL / COURIER_KEY_ID / COURIER_KEY_SECRET: the courier's API HttpCourier calls, and the key its tracking
# pushes to /delivery/notify/<COURIER_CARRIER>/ are signed with. COURIER_CARRIER: the carrier code its waybills are
# recorded under (delivery.constants.Carrier: ems, sf, jd, zto, yto, sto, yunda). COURIER_SYNC_HOURS: a parcel under
# way without tracking news this long is queried (delivery.tracking.sync_tracking). POSTAGE_FEN: the postage, in fen,
# an applicant owes for one parcel when the item's postage is the applicant's (delivery.services.postage_due).
COURIER_PROVIDER = env_str("COURIER_PROVIDER", _dev("govhall.delivery.couriers.HttpCourier"))
COURIER_API_URL = env_str("COURIER_API_URL", _demo and f"{_demo}/courier")
COURIER_KEY_ID = env_str("COURIER_KEY_ID", _dev("demo-courier"))
COURIER_KEY_SECRET = env_str("COURIER_KEY_SECRET", _dev("demo-courier-secret"))
COURIER_CARRIER = env_str("COURIER_CARRIER", "ems")
COURIER_SYNC_HOURS = env_int("COURIER_SYNC_HOURS", 6, minimum=1)
POSTAGE_FEN = env_int("POSTAGE_FEN", 1200, minimum=0)
# SHARED_DATA_PROVIDER: class that asks departments' systems for shared data (数据共享); SHARED_DATA_URL /
# _KEY_ID / _KEY_SECRET: the exchange HttpDataSource posts to ({URL}/{provider}/query, docs/sharing.md) and the
# access key it signs with. Each data resource has its own timeout (数据资源目录, admin).
SHARED_DATA_PROVIDER = env_str("SHARED_DATA_PROVIDER", _dev("govhall.sharing.providers.HttpDataSource"))
SHARED_DATA_URL = env_str("SHARED_DATA_URL", _demo and f"{_demo}/shared")
SHARED_DATA_KEY_ID = env_str("SHARED_DATA_KEY_ID", _dev("demo-shared"))
SHARED_DATA_KEY_SECRET = env_str("SHARED_DATA_KEY_SECRET", _dev("demo-shared-secret"))
# Payment gateways (docs/payments-gateways.md). PAYMENT_NOTIFY_BASE_URL: GovHall's address as the gateways reach it;
# they send their notifications to {PAYMENT_NOTIFY_BASE_URL}/payments/notify/<channel>/. With DEBUG on, the gateways
# are the demo ones of the outside world (/wechatpay, /alipay) and the keys development keys generated once into
# PAYMENT_DEMO_KEY_DIR (the demo gateways read their own halves there).
PAYMENT_NOTIFY_BASE_URL = env_str("PAYMENT_NOTIFY_BASE_URL", SITE_URL).rstrip("/")
PAYMENT_DEMO_KEY_DIR = Path(env_str("PAYMENT_DEMO_KEY_DIR", str(VAR_DIR / "demo-keys")))


def _demo_payment_key(name: str, public: bool = False) -> str:
    """With DEBUG on, the development key `name` (payments.keys), its private PEM or its public half; else ""."""
    if not DEBUG:
        return ""
    key = payment_keys.development_key(PAYMENT_DEMO_KEY_DIR, name)
    return payment_keys.public_pem(key) if public else key


# WECHAT_PAY_PROVIDER: class speaking WeChat Pay API v3 (govhall.payments.wechat.WechatPayV3); WECHAT_PAY_URL: its API
# (https://api.mch.weixin.qq.com); WECHAT_PAY_MCHID / _APPID: 商户号 and the app the payments are made to;
# WECHAT_PAY_PRIVATE_KEY (secret, _FILE: apiclient_key.pem) and WECHAT_PAY_CERT_SERIAL: the merchant API key and its
# certificate's serial; WECHAT_PAY_APIV3_KEY (secret): the 32-byte APIv3 key; WECHAT_PAY_PLATFORM_PUBLIC_KEY (_FILE:
# the 微信支付公钥 or a 平台证书, PEM) and WECHAT_PAY_PLATFORM_SERIAL (its PUB_KEY_ID_… or certificate serial).
WECHAT_PAY_PROVIDER = env_str("WECHAT_PAY_PROVIDER", _dev("govhall.payments.wechat.WechatPayV3"))
WECHAT_PAY_URL = env_str("WECHAT_PAY_URL", f"{_demo}/wechatpay" if DEBUG else "https://api.mch.weixin.qq.com")
WECHAT_PAY_MCHID = env_str("WECHAT_PAY_MCHID", _dev("1900000001"))
WECHAT_PAY_APPID = env_str("WECHAT_PAY_APPID", _dev("wx0000000000demo01"))
WECHAT_PAY_PRIVATE_KEY = env_str("WECHAT_PAY_PRIVATE_KEY", "") or _demo_payment_key(payment_keys.WECHAT_MERCHANT)
WECHAT_PAY_CERT_SERIAL = env_str("WECHAT_PAY_CERT_SERIAL", _dev("0000000000000000000000000000DEMO00000001"))
WECHAT_PAY_APIV3_KEY = env_str("WECHAT_PAY_APIV3_KEY", _dev("demo-apiv3-key-not-a-secret-0001"))
WECHAT_PAY_PLATFORM_PUBLIC_KEY = env_str("WECHAT_PAY_PLATFORM_PUBLIC_KEY", "") or _demo_payment_key(
    payment_keys.WECHAT_PLATFORM, public=True
)
WECHAT_PAY_PLATFORM_SERIAL = env_str("WECHAT_PAY_PLATFORM_SERIAL", _dev("PUB_KEY_ID_0000000000DEMO0000000001"))
# ALIPAY_PROVIDER: class speaking Alipay's open API (govhall.payments.alipay.Alipay); ALIPAY_URL: its gateway
# (https://openapi.alipay.com/gateway.do); ALIPAY_APP_ID: the app; ALIPAY_PRIVATE_KEY (secret, _FILE): the app's RSA2
# private key; ALIPAY_PUBLIC_KEY (_FILE): Alipay's public key (支付宝公钥) that signs answers and notifications.
ALIPAY_PROVIDER = env_str("ALIPAY_PROVIDER", _dev("govhall.payments.alipay.Alipay"))
ALIPAY_URL = env_str("ALIPAY_URL", f"{_demo}/alipay/gateway.do" if DEBUG else "https://openapi.alipay.com/gateway.do")
ALIPAY_APP_ID = env_str("ALIPAY_APP_ID", _dev("2021000000000001"))
ALIPAY_PRIVATE_KEY = env_str("ALIPAY_PRIVATE_KEY", "") or _demo_payment_key(payment_keys.ALIPAY_APP)
ALIPAY_PUBLIC_KEY = env_str("ALIPAY_PUBLIC_KEY", "") or _demo_payment_key(payment_keys.ALIPAY_GATEWAY, public=True)
# NON_TAX_PROVIDER: class that speaks to the finance department's non-tax revenue system (政府非税收入, docs/payments.md);
# NON_TAX_URL / _KEY_ID / _KEY_SECRET: its API and the access key GovHall signs with (and checks its notifications by);
# NON_TAX_NOTIFY_URL: where it posts payment notifications (GovHall's /payments/notify/non_tax/).
NON_TAX_PROVIDER = env_str("NON_TAX_PROVIDER", _dev("govhall.payments.nontax.NonTaxGateway"))
NON_TAX_URL = env_str("NON_TAX_URL", _demo and f"{_demo}/finance")
NON_TAX_KEY_ID = env_str("NON_TAX_KEY_ID", _dev("demo-finance"))
NON_TAX_KEY_SECRET = env_str("NON_TAX_KEY_SECRET", _dev("demo-finance-secret"))
NON_TAX_NOTIFY_URL = env_str("NON_TAX_NOTIFY_URL", f"{PAYMENT_NOTIFY_BASE_URL}/payments/notify/non_tax/")
# PAYMENT_ORDER_MINUTES: how long a payment order can be paid before it is closed (a new one is made while the fee is
# still due); PAYMENT_QUERY_AFTER_MINUTES: a pending order that no notification reached is asked about after this.
PAYMENT_ORDER_MINUTES = env_int("PAYMENT_ORDER_MINUTES", 1440, minimum=5)
PAYMENT_QUERY_AFTER_MINUTES = env_int("PAYMENT_QUERY_AFTER_MINUTES", 10, minimum=1)
# FINANCE_RECEIPT_CODE: the 票据代码 the finance department gave this platform's 财政电子票据 (8 digits).
FINANCE_RECEIPT_CODE = env_str("FINANCE_RECEIPT_CODE", "51160126")
if not (len(FINANCE_RECEIPT_CODE) == 8 and FINANCE_RECEIPT_CODE.isascii() and FINANCE_RECEIPT_CODE.isdigit()):
    raise ConfigError(f"FINANCE_RECEIPT_CODE={FINANCE_RECEIPT_CODE!r} must be 8 digits")
# COURIER_OUTBOX_FILE: where the demo courier keeps its waybills.
COURIER_OUTBOX_FILE = env_str("COURIER_OUTBOX_FILE", str(VAR_DIR / "courier" / "waybills.jsonl"))
# VIRUS_SCAN_PROVIDER: class that scans uploads (govhall.cases.scanning.ClamdScanner). Unset with DEBUG off: uploads
# are refused and `check --deploy` fails (govhall.E010).
VIRUS_SCAN_PROVIDER = env_str("VIRUS_SCAN_PROVIDER", _dev("govhall.cases.scanning.ClamdScanner"))
# CLAMD_HOST / CLAMD_PORT / CLAMD_TIMEOUT_SECONDS: the clamd daemon ClamdScanner talks to (INSTREAM over TCP; the
# demo clamd of make run listens on 3311).
CLAMD_HOST = env_str("CLAMD_HOST", "127.0.0.1")
CLAMD_PORT = env_int("CLAMD_PORT", 3311 if DEBUG else 3310, minimum=1)
CLAMD_TIMEOUT_SECONDS = env_int("CLAMD_TIMEOUT_SECONDS", 30, minimum=1)
# WEBHOOK_TRANSPORT: class that POSTs webhooks to department systems (direct, refusing redirects).
WEBHOOK_TRANSPORT = env_str("WEBHOOK_TRANSPORT", "govhall.integrations.transport.UrllibTransport")
# SITE_NAME: the government service site's name as the public sees it (page header, rating screen).
SITE_NAME = env_str("SITE_NAME", "广安区政务服务网")


# 国密 signing keys (SM2, govhall.core.gm). LICENCE_SIGNING_KEY_DIR: one sub-directory per issuing department, named
# by its 统一社会信用代码, holding its unencrypted PEM keys; in name order, the last signs and all verify (rotation).
# LICENCE_DEVELOPMENT_KEYS (default: DEBUG): generate a missing department's key there. LICENCE_SIGNING_KEYS (set in
# settings, not the environment): {uscc: [PEM or hex, oldest first]} taking precedence over the directory.
LICENCE_SIGNING_KEY_DIR = Path(env_str("LICENCE_SIGNING_KEY_DIR", str(VAR_DIR / "licence-keys")))
LICENCE_DEVELOPMENT_KEYS = env_bool("LICENCE_DEVELOPMENT_KEYS", DEBUG)
LICENCE_SIGNING_KEYS: dict[str, list[str]] = {}


# LOG_SIGNING_KEY (or LOG_SIGNING_KEY_FILE): the SM2 key (PEM or 64 hex digits) that signs the transparency log's tree
# heads. Unset: a development key generated once into var/log-signing-key.pem (servers refuse to start with it when
# DEBUG is off). LOG_RETIRED_PUBLIC_KEYS: comma-separated hex public keys of earlier log keys, still verifying.
def _log_key() -> str:
    key = env_str("LOG_SIGNING_KEY", "")
    if key:
        return key
    DEVELOPMENT_SECRETS.append("LOG_SIGNING_KEY")
    path = VAR_DIR / "log-signing-key.pem"
    if not path.exists():
        from govhall.core.gm import generate_private_key, private_key_pem

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(private_key_pem(generate_private_key()))
        path.chmod(0o600)
    return path.read_text()


LOG_SIGNING_KEYS = [_log_key()]
LOG_RETIRED_PUBLIC_KEYS = env_list("LOG_RETIRED_PUBLIC_KEYS", [])

# 取号叫号 (docs/queue.md). The order in which a window calls the priority classes (queueing/priority.py), and the
# anti-starvation rule: a ticket that has waited longer than QUEUE_STARVATION_MINUTES is called before any other,
# oldest first (0 turns the rule off). QUEUE_OVERDUE_WAIT_MINUTES is the 超时等候 limit of the figures.
QUEUE_PRIORITY_ORDER = env_list("QUEUE_PRIORITY_ORDER", ["appointment", "priority", "general"])
if sorted(QUEUE_PRIORITY_ORDER) != ["appointment", "general", "priority"]:
    raise ConfigError("QUEUE_PRIORITY_ORDER must name appointment, priority and general once each")
QUEUE_STARVATION_MINUTES = env_int("QUEUE_STARVATION_MINUTES", 40, minimum=0)
QUEUE_OVERDUE_WAIT_MINUTES = env_int("QUEUE_OVERDUE_WAIT_MINUTES", 30, minimum=1)
# The estimate of a ticket's wait before the group has served anyone today (minutes per person and window).
QUEUE_DEFAULT_SERVICE_MINUTES = env_int("QUEUE_DEFAULT_SERVICE_MINUTES", 6, minimum=1)
# The hall calling screen's event stream: each stream ends after QUEUE_STREAM_SECONDS (the browser reconnects), so a
# gunicorn worker is never held longer; it looks for new calls every QUEUE_STREAM_POLL_SECONDS.
QUEUE_STREAM_SECONDS = env_int("QUEUE_STREAM_SECONDS", 25, minimum=0)
QUEUE_STREAM_POLL_SECONDS = env_int("QUEUE_STREAM_POLL_SECONDS", 1, minimum=1)
# At most this many database connections per process serve the streams at once (the reads queue for a turn).
QUEUE_STREAM_DB_CONNECTIONS = env_int("QUEUE_STREAM_DB_CONNECTIONS", 8, minimum=1)
