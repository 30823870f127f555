# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Signing, verifying and decrypting for WeChat Pay API v3.

The cryptography itself is the `wechatpayv3` SDK's (``wechatpayv3.utils``:
``build_authorization``, ``rsa_sign``, ``rsa_verify``, ``aes_decrypt``); this
file only loads the keys the way merchants paste them and names the messages.
The SDK's client (``WeChatPay`` / ``Core``) is not used: see readme/DESCRIPTION.md.
"""

import binascii
import re
import time
import uuid

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import (
    load_pem_private_key,
    load_pem_public_key,
)
from wechatpayv3.utils import aes_decrypt, build_authorization, rsa_sign, rsa_verify

from odoo.exceptions import ValidationError

from . import const

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)
_AUTH_PARAM = re.compile(r'(\w+)="([^"]*)"')

MIN_RSA_KEY_SIZE = 2048


class WeChatPayApiError(ValidationError):
    """WeChat Pay answered with an error: `status` is the HTTP status, `code`
    WeChat Pay's error code (e.g. ORDER_NOT_EXIST), None when it did not answer."""

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.status = status
        self.code = code


def normalize_pem(text, label):
    """Return `text` as PEM, whether it was pasted with or without its BEGIN/END
    lines and with or without its line breaks (a password input drops them)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = (text or "").strip()
    match = _PEM.search(text)
    if match:
        label, body = match.group(1), match.group(2)
    else:
        body = text
    body = "".join(body.split())
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}-----\n{lines}\n-----END {label}-----\n"


def load_rsa_private_key(text):
    """Load an RSA private key (PKCS#8 or PKCS#1 PEM, e.g. apiclient_key.pem).

    :raise ValueError: if it is not an unencrypted RSA key of 2048 bits or more.
    """
    try:
        key = load_pem_private_key(
            normalize_pem(text, "PRIVATE KEY").encode(), password=None
        )
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise ValueError("not a PEM private key") from error
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_RSA_KEY_SIZE:
        raise ValueError("not an RSA key of 2048 bits or more")
    return key


def load_rsa_public_key(text):
    """Load an RSA public key in PEM (the WeChat Pay public key, pub_key.pem).

    :raise ValueError: if it is not an RSA public key of 2048 bits or more.
    """
    try:
        key = load_pem_public_key(normalize_pem(text, "PUBLIC KEY").encode())
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise ValueError("not a PEM public key") from error
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < MIN_RSA_KEY_SIZE:
        raise ValueError("not an RSA key of 2048 bits or more")
    return key


def authorization_header(method, url_path, body, mchid, serial_no, private_key):
    """The merchant's Authorization header: WECHATPAY2-SHA256-RSA2048 over
    method\\nurl_path\\ntimestamp\\nnonce\\nbody\\n (the SDK's build_authorization).

    :param str url_path: the path with its query string, e.g.
        /v3/pay/transactions/out-trade-no/X?mchid=1230000109
    :param str body: the exact body sent ('' for a GET).
    """
    return build_authorization(url_path, method, mchid, serial_no, private_key, body)


def parse_authorization(header):
    """Split an Authorization header into its scheme and its parameters."""
    scheme, _sep, params = (header or "").partition(" ")
    return scheme, dict(_AUTH_PARAM.findall(params))


def verify_signature(timestamp, nonce, body, signature, public_key):
    """Whether `signature` signs timestamp\\nnonce\\nbody\\n with `public_key`."""
    if not (timestamp and nonce and signature):
        return False
    return rsa_verify(timestamp, nonce, body, signature, public_key)


def is_fresh(timestamp, max_age=const.NOTIFICATION_MAX_AGE, now=None):
    """Whether a Wechatpay-Timestamp (seconds) is within `max_age` of now."""
    try:
        timestamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    return abs(now - timestamp) <= max_age


def decrypt_resource(resource, apiv3_key):
    """Decrypt the `resource` of a notification (AEAD_AES_256_GCM).

    :return: the plain text, or None when it does not decrypt with this key.
    """
    if not isinstance(resource, dict):
        return None
    if resource.get("algorithm") != "AEAD_AES_256_GCM":
        return None
    nonce, ciphertext = resource.get("nonce"), resource.get("ciphertext")
    if not (nonce and ciphertext and apiv3_key):
        return None
    try:
        return aes_decrypt(
            nonce=nonce,
            ciphertext=ciphertext,
            associated_data=resource.get("associated_data") or "",
            apiv3_key=apiv3_key,
        )
    except (ValueError, TypeError, binascii.Error):
        return None


def jsapi_parameters(appid, prepay_id, private_key):
    """The parameters of WeixinJSBridge.invoke('getBrandWCPayRequest', ...),
    paySign being RSA-SHA256 of appId\\ntimeStamp\\nnonceStr\\npackage\\n with
    the merchant private key."""
    timestamp = str(int(time.time()))
    nonce = uuid.uuid4().hex
    package = f"prepay_id={prepay_id}"
    message = f"{appid}\n{timestamp}\n{nonce}\n{package}\n"
    return {
        "appId": appid,
        "timeStamp": timestamp,
        "nonceStr": nonce,
        "package": package,
        "signType": "RSA",
        "paySign": rsa_sign(private_key, message),
    }


def truncate_bytes(text, max_bytes):
    """Cut `text` to `max_bytes` bytes of UTF-8 without splitting a character."""
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", "ignore")
