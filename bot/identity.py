"""Who a shopper is, as the shop vouches for it: a signed session naming their browser and, once they have
signed in on the shop, their customer id.

The browser never says who it is: the web app issues the session (a first-party cookie) and signs it, so a
client cannot claim another browser's id, and only the shop's own sign-in (a call with the shop's token)
puts a customer id in it. The action server verifies the same session from the widget's metadata.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from recommender.shoppers.identity import find_shopper
from recommender.shoppers.recording import record_events

SALT = "outfitter.shopper-session"
CONVERSATION_PREFIX = "chat:"  # a chat without a verified session stands in for its shopper as "chat:<sender>"
MAX_CONVERSATION_ID = 100  # shopper ids are stored in 120 characters, the prefix included
METADATA_KEY = "session"  # where the chat widget puts the signed session in a message's metadata
COOKIE = "outfitter_session"
HEADER = "X-Outfitter-Session"


@dataclass(frozen=True)
class ShopperSession:
    anonymous_id: str
    customer_id: str | None = None

    @property
    def shopper_id(self) -> str:
        """The id the shopper's history is kept under: the customer's once known, else the browser's."""
        return self.customer_id or self.anonymous_id

    def owns(self, external_id: str) -> bool:
        return external_id in (self.anonymous_id, self.customer_id)


def new_anonymous_id() -> str:
    return f"anon-{secrets.token_urlsafe(16)}"


class SessionSigner:
    """Signs and verifies shopper sessions with the shop's session secret."""

    def __init__(self, secret: str, max_age_days: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self._max_age = max_age_days * 86400

    def sign(self, session: ShopperSession) -> str:
        return self._serializer.dumps({"a": session.anonymous_id, "c": session.customer_id})

    def verify(self, token: str | None) -> ShopperSession | None:
        """The session a token stands for; None when it is missing, forged, expired or malformed."""
        if not token or not isinstance(token, str) or len(token) > 2048:
            return None
        try:
            data = self._serializer.loads(token, max_age=self._max_age)
        except BadSignature:  # SignatureExpired is a BadSignature too
            return None
        if not isinstance(data, dict) or not isinstance(data.get("a"), str):
            return None
        customer = data.get("c")
        return ShopperSession(anonymous_id=data["a"], customer_id=customer if isinstance(customer, str) else None)


def sign_in(db: Session, anonymous_id: str | None, customer_id: str) -> ShopperSession:
    """The session of ``customer_id`` signed in on the browser ``anonymous_id``, whose history joins theirs.

    A browser another customer signed in on (a shared computer) is not this customer's history: it gets a
    fresh anonymous id instead. The caller commits.
    """
    browser = find_shopper(db, anonymous_id) if anonymous_id else None
    shared = browser is not None and browser.customer_id not in (None, customer_id)
    anonymous = anonymous_id if anonymous_id and not shared else new_anonymous_id()
    record_events(db, [{"type": "identify", "anonymousId": anonymous, "userId": customer_id}])
    return ShopperSession(anonymous_id=anonymous, customer_id=customer_id)


def may_see(db: Session, session: ShopperSession | None, external_id: str) -> bool:
    """Whether a verified session may use the history of the shopper known by ``external_id``.

    Only through one of its own ids; and a browser id that has since been linked to a customer opens that
    customer's history only to a session signed in as them: a cookie left on a shared computer after signing
    out must not show someone's purchases.
    """
    if session is None or not session.owns(external_id):
        return False
    shopper = find_shopper(db, external_id)
    return shopper is None or shopper.customer_id in (None, session.customer_id)


def history_owner(db: Session, session: ShopperSession | None) -> str | None:
    """The shopper id whose history a verified session may use, or None."""
    if session is None:
        return None
    return session.shopper_id if may_see(db, session, session.shopper_id) else None


def conversation_shopper(db: Session, signer: SessionSigner, token: str | None, conversation_id: str) -> str:
    """Who a chat is personalized for: the widget's verified session, else the conversation itself.

    The conversation's own id is namespaced, so a client that picks its sender id cannot pick a shopper; a
    long one is hashed to fit the id column.
    """
    owner = history_owner(db, signer.verify(token))
    if owner is not None:
        return owner
    if len(conversation_id) > MAX_CONVERSATION_ID:
        conversation_id = hashlib.sha256(conversation_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{CONVERSATION_PREFIX}{conversation_id}"
