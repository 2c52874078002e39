"""Open Badges 3.0 credentials: the issuer's keys, signing, the status list, checking.

Built on openbadgeslib (LGPL-3.0; anchors-wave2.md §1.1): each credential is an
`OpenBadgeCredential` signed as a VC-JWT with Ed25519 (`EdDSA`, OB 3.0 §8.2), issued by the
county office as `did:web:<host>`, with a `BitstringStatusListEntry` pointing at the list this
module serves, so a revoked credential stops verifying anywhere (W3C Bitstring Status List).

Keys live in files under ROPDESK["CREDENTIAL_KEY_DIR"], never in the database (so no dump
holds them): `issuer-<n>.pem` is a private key, `issuer-<n>.pub.pem` its public half. The
highest n with a private key signs new credentials. Every key stays in the DID document. A
status list holds the credentials of one key only (a rotation starts a new list) and is
signed by that key, so a verifier that checks the list against the credential's own key
still can after a rotation; that is why a rotation keeps the older private halves (they sign
only their lists). After a leak they can be forgotten (docs/operations.md, "Issuer keys").
"""

from __future__ import annotations

import functools
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft201909Validator
from openbadgeslib.ob3 import (
    OB3Signer,
    OB3VerificationError,
    OB3Verifier,
    build_status_list_credential,
    sign_status_list_credential,
)

ALGORITHM = "EdDSA"
STATUS_LIST_SIZE = 131072  # the W3C minimum, which hides how many were revoked
KEY_NAME = re.compile(r"^issuer-(\d+)\.pem$")


class NoIssuerKey(RuntimeError):
    """No signing key yet: `ropdesk portfolio-issuer-key` makes one."""


class SchemaBroken(RuntimeError):
    """A credential ropdesk built breaks the OB 3.0 schema: a defect, never signed or stored."""


# --- the issuer ---------------------------------------------------------------------------------


def public_url(path: str = "/") -> str:
    return str(settings.ROPDESK["PORTFOLIO_PUBLIC_URL"]).rstrip("/") + path


def issuer_did() -> str:
    """did:web of the public host (a port is written %3A, per the did:web method)."""
    host = urlsplit(public_url()).netloc
    return "did:web:" + host.replace(":", "%3A")


def issuer_name() -> str:
    from ropdesk.documents.pdf import office_name

    return office_name()


# --- keys ---------------------------------------------------------------------------------------


def key_dir() -> Path:
    return Path(settings.ROPDESK["CREDENTIAL_KEY_DIR"])


@dataclass(frozen=True)
class IssuerKey:
    number: int
    public_pem: bytes
    private_pem: bytes | None

    @property
    def key_id(self) -> str:
        return f"{issuer_did()}#key-{self.number}"

    def public_jwk(self) -> dict[str, Any]:
        from jwt.algorithms import OKPAlgorithm

        key = serialization.load_pem_public_key(self.public_pem)
        return dict(json.loads(OKPAlgorithm.to_jwk(key)))  # type: ignore[arg-type]


def issuer_keys() -> list[IssuerKey]:
    """Every key the office has signed with, oldest first."""
    found: dict[int, IssuerKey] = {}
    folder = key_dir()
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = re.match(r"^issuer-(\d+)\.pub\.pem$", path.name)
        if match:
            number = int(match.group(1))
            private = folder / f"issuer-{number}.pem"
            found[number] = IssuerKey(
                number, path.read_bytes(), private.read_bytes() if private.is_file() else None
            )
    return [found[n] for n in sorted(found)]


def signing_key() -> IssuerKey:
    usable = [k for k in issuer_keys() if k.private_pem is not None]
    if not usable:
        raise NoIssuerKey(f"No issuer signing key in {key_dir()}")
    return usable[-1]


def key_by_id(key_id: str) -> IssuerKey | None:
    return next((k for k in issuer_keys() if k.key_id == key_id), None)


def issuer_key_new(*, forget_previous: bool = False) -> IssuerKey:
    """Make the next Ed25519 key pair. The older keys stop signing credentials but keep
    signing their own status lists; with `forget_previous` (after a leak) their private
    halves are deleted, and their public halves stay published."""
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    existing = issuer_keys()
    number = (existing[-1].number + 1) if existing else 1
    private = Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private_path = folder / f"issuer-{number}.pem"
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_pem)
    (folder / f"issuer-{number}.pub.pem").write_bytes(public_pem)
    if forget_previous:
        for old in existing:
            (folder / f"issuer-{old.number}.pem").unlink(missing_ok=True)
    return IssuerKey(number, public_pem, private_pem)


def did_document() -> dict[str, Any]:
    """The did:web document (served at /.well-known/did.json) listing every public key."""
    did = issuer_did()
    methods = [
        {
            "id": k.key_id,
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": k.public_jwk(),
        }
        for k in issuer_keys()
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def sign(payload_credential: Any) -> tuple[str, str]:
    """Sign an openbadgeslib OpenBadgeCredential; the token and the key's id. A document that
    breaks the OB 3.0 schema is never signed (SchemaBroken names what is wrong)."""
    key = signing_key()
    assert key.private_pem is not None
    token = OB3Signer(key.private_pem, algorithm=ALGORITHM).sign(payload_credential)
    problems = ob3_problems(jwt.decode(token, options={"verify_signature": False}))
    if problems:
        raise SchemaBroken("; ".join(problems))
    return token, key.key_id


# --- the status list ----------------------------------------------------------------------------


def status_list_path(number: int) -> str:
    return reverse("portfolio_status_list", args=[number])


def status_list_url(number: int) -> str:
    return public_url(status_list_path(number))


def status_list_key(number: int) -> IssuerKey:
    """The key that signs list `number`: the one that signed the credentials on it (a list
    holds one key's credentials), while its private half is kept; else the signing key."""
    from ropdesk.portfolio.models import Credential

    first = number * STATUS_LIST_SIZE
    key_id = (
        Credential.objects.filter(
            status_index__gte=first, status_index__lt=first + STATUS_LIST_SIZE
        )
        .order_by("status_index")
        .values_list("key_id", flat=True)
        .first()
    )
    key = key_by_id(key_id) if key_id else None
    if key is not None and key.private_pem is not None:
        return key
    return signing_key()


def status_list_token(number: int) -> str:
    """The signed BitstringStatusListCredential of list `number`, from the revoked rows."""
    from ropdesk.portfolio.models import Credential

    first = number * STATUS_LIST_SIZE
    revoked = Credential.objects.filter(
        revoked_at__isnull=False, status_index__gte=first, status_index__lt=first + STATUS_LIST_SIZE
    ).values_list("status_index", flat=True)
    document = build_status_list_credential(
        issuer_did(),
        status_list_url(number),
        "revocation",
        [index - first for index in revoked],
        size_bits=STATUS_LIST_SIZE,
        issued=timezone.now(),
    )
    key = status_list_key(number)
    return sign_status_list_credential(document, key.private_pem, ALGORITHM)


def local_download(url: str) -> bytes:
    """What a verifier fetches for our own status lists, answered without the network."""
    prefix = public_url("")
    if url.startswith(prefix):
        from django.urls import Resolver404, resolve

        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            match = None
        if match is not None and match.url_name == "portfolio_status_list":
            return status_list_token(int(match.kwargs["number"])).encode()
    raise OB3VerificationError(f"Not one of this office's status lists: {url}")


# --- checking -----------------------------------------------------------------------------------

VALID, REVOKED, EXPIRED, INVALID = "valid", "revoked", "expired", "invalid"


@dataclass
class Check:
    state: str  # VALID, REVOKED, EXPIRED or INVALID
    credential: Any = None  # the Credential row, when the token is one of ours
    payload: dict[str, Any] | None = None
    reason: str = ""


def _key_of(token: str) -> IssuerKey | None:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return None
    jwk = header.get("jwk") or {}
    for key in issuer_keys():
        if key.public_jwk().get("x") == jwk.get("x"):
            return key
    return None


def check(token: str) -> Check:
    """Whether a credential token is ours, untampered, unexpired and not revoked: the
    library's verifier with the status list answered locally."""
    from ropdesk.portfolio.models import Credential

    token = token.strip()
    key = _key_of(token)
    if key is None:
        return Check(INVALID, reason="not signed by this office's keys")
    try:
        payload = jwt.decode(
            token,
            key.public_pem,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_aud": False},
        )
    except jwt.PyJWTError as error:
        return Check(INVALID, reason=f"signature: {error}")
    credential_id = _uuid_of(payload.get("id"))
    row = (
        Credential.objects.select_related("entry", "student").filter(uuid=credential_id).first()
        if credential_id
        else None
    )
    try:
        # The list comes from our own database here, so its own signature proves nothing
        # more (and a list whose key was forgotten after a leak is signed by the newer key).
        OB3Verifier(key.public_pem).verify(
            token, check_status=True, verify_status_list=False, download=local_download
        )
    except OB3VerificationError as error:
        until = payload.get("validUntil")
        if until and datetime.fromisoformat(until.replace("Z", "+00:00")) <= timezone.now():
            return Check(EXPIRED, row, payload, str(error))
        if row is not None and row.revoked_at is not None:
            return Check(REVOKED, row, payload, str(error))
        return Check(INVALID, row, payload, str(error))
    return Check(VALID, row, payload)


def _uuid_of(credential_id: Any) -> uuid.UUID | None:
    if not isinstance(credential_id, str) or not credential_id.startswith("urn:uuid:"):
        return None
    try:
        return uuid.UUID(credential_id.removeprefix("urn:uuid:"))
    except ValueError:
        return None


# --- the shape OB 3.0 requires -----------------------------------------------------------------
# A JSON Schema (draft 2019-09, as 1EdTech publishes OB 3.0's) written for ropdesk from the data
# model of OB 3.0.3, appendix B (data/achievementcredential.schema.json; docs/portfolio.md says
# why it is ours and not 1EdTech's file). Every credential is checked against it before it is
# signed, and the tests check issued ones.

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "achievementcredential.schema.json"


@functools.cache
def _ob3_validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema)


def ob3_problems(document: dict[str, Any]) -> list[str]:
    """What an OpenBadgeCredential breaks of the OB 3.0 AchievementCredential schema, as
    `path: problem` lines in document order (empty when it conforms)."""
    errors = sorted(_ob3_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    problems = []
    for error in errors:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        problems.append(f"{path.lstrip('.') or '(credential)'}: {error.message}")
    return problems
