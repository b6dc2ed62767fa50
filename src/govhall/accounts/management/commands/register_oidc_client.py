from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from govhall.accounts.models import OidcClientProfile
from govhall.accounts.oidc import LOOPBACK_HOSTS
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.organisations.models import Department


class Command(BaseCommand):
    help = "Registers a department system for single sign-on (OIDC code flow with PKCE) and prints its id and secret."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True, dest="redirect_uris")
        parser.add_argument("--logout-uri", action="append", default=[], dest="logout_uris")
        parser.add_argument("--department", help="the department that runs the system (its name)")
        parser.add_argument("--full-identity", action="store_true", help="may receive unmasked ID and phone numbers")
        parser.add_argument("--public", action="store_true", help="a public client (no secret; PKCE only)")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        validate = URLValidator(schemes=["http", "https"])
        for uri in options["redirect_uris"] + options["logout_uris"]:
            try:
                validate(uri)
            except Exception as exc:
                raise CommandError(f"不是有效的网址：{uri}") from exc
            if urlsplit(uri).scheme == "http" and urlsplit(uri).hostname not in LOOPBACK_HOSTS:
                raise CommandError(f"回调地址须使用 https（http 仅限本机回环地址）：{uri}")
        department = None
        if options["department"]:
            department = Department.objects.filter(name=options["department"]).first()
            if department is None:
                raise CommandError(f"没有名为“{options['department']}”的部门")
        application_model = get_application_model()
        secret = "" if options["public"] else generate_client_secret()
        application = application_model.objects.create(
            name=options["name"],
            client_type=application_model.CLIENT_PUBLIC if options["public"] else application_model.CLIENT_CONFIDENTIAL,
            authorization_grant_type=application_model.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(options["redirect_uris"]),
            post_logout_redirect_uris=" ".join(options["logout_uris"]),
            client_secret=secret,
            algorithm=application_model.RS256_ALGORITHM,
            skip_authorization=False,
        )
        OidcClientProfile.objects.create(
            application=application, department=department, full_identity=options["full_identity"]
        )
        audit.record(
            actor=None,
            action="accounts.register_oidc_client",
            channel=Channel.ADMIN,
            target=application,
            detail={"full_identity": options["full_identity"]},
        )
        self.stdout.write(f"client_id: {application.client_id}")
        if secret:
            self.stdout.write(f"client_secret: {secret}")
        self.stdout.write("（密钥只显示这一次，请妥善保存）")
