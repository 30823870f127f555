# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Alipay client (python-alipay-sdk, sent through ``requests``) and key helpers."""

import base64
import binascii
import re
from datetime import datetime
from urllib.parse import parse_qsl

import pytz
import requests
from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig
from Cryptodome.PublicKey import RSA

from . import const

PEM_ARMOR = re.compile(r"-----(BEGIN|END)[A-Z ]*-----")


class AlipayTransportError(Exception):
    """The gateway could not be reached, or its answer could not be trusted: the
    outcome of the call is unknown."""


class AlipayClient(AliPay):
    """The SDK's client, with the gateway it is given, Beijing timestamps, and the
    calls sent as a form POST through ``requests`` (with a timeout) instead of
    ``urllib``. Signing and verifying stay the SDK's."""

    def __init__(self, gateway_url, **kwargs):
        super().__init__(
            config=AliPayConfig(timeout=const.API_TIMEOUT),
            sign_type=const.SIGN_TYPE,
            **kwargs,
        )
        self._gateway = gateway_url

    @property
    def gateway(self):
        return self._gateway

    def build_body(self, method, biz_content=None, **kwargs):
        data = super().build_body(method, biz_content, **kwargs)
        # The gateway checks the timestamp against Beijing time.
        data["timestamp"] = api_now().strftime(const.API_DATETIME_FORMAT)
        return data

    def signed_params(self, method, biz_content, **kwargs):
        """The signed parameters of a call the buyer's browser makes (page, WAP)."""
        signed = self.client_api(method, biz_content, **kwargs)
        return dict(parse_qsl(signed, keep_blank_values=True))

    def verified_sync_response(self, data, response_type):
        body = self.sign_data(data)
        try:
            response = requests.post(
                self._gateway,
                data=body.encode(),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded;charset=utf-8"
                },
                timeout=self._config.timeout,
            )
            response.raise_for_status()
        except requests.exceptions.RequestException as error:
            raise AlipayTransportError(str(error)) from error
        try:
            return self._verify_and_return_sync_response(response.text, response_type)
        except AliPayValidationError as error:
            raise AlipayTransportError("the answer has a bad signature") from error
        except AliPayException:
            raise
        except (ValueError, TypeError, AttributeError, binascii.Error) as error:
            raise AlipayTransportError("the answer cannot be read") from error

    def verify_params(self, params):
        """Whether the parameters of a notification or return carry a valid
        signature of Alipay (every parameter but ``sign`` and ``sign_type``, sorted,
        joined as ``key=value`` with ``&``)."""
        signature = params.get("sign")
        if not signature or params.get("sign_type", const.SIGN_TYPE) != const.SIGN_TYPE:
            return False
        unsigned = {
            key: value
            for key, value in params.items()
            if key not in ("sign", "sign_type") and isinstance(value, str)
        }
        try:
            return self.verify(unsigned, signature)
        except (AliPayException, ValueError, TypeError, binascii.Error):
            return False


def api_now():
    """The current Beijing time, naive, as the API expects it."""
    return datetime.now(pytz.timezone(const.API_TIMEZONE)).replace(tzinfo=None)


def to_api_datetime(utc_datetime):
    """The Beijing time of a naive UTC datetime, as text for the API."""
    local = pytz.utc.localize(utc_datetime).astimezone(
        pytz.timezone(const.API_TIMEZONE)
    )
    return local.strftime(const.API_DATETIME_FORMAT)


def load_rsa_key(text):
    """The RSA key in ``text``: PEM (PKCS#1, PKCS#8, X.509 SubjectPublicKeyInfo), with
    or without its line breaks, or the bare Base64 body the Alipay key tool prints.

    :raise ValueError: If the text holds no RSA key.
    """
    body = re.sub(r"\s+", "", PEM_ARMOR.sub("", text or ""))
    if not body:
        raise ValueError("empty key")
    try:
        der = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not Base64") from error
    return RSA.import_key(der)


def private_key_pem(key):
    return key.export_key(format="PEM", pkcs=8).decode()


def public_key_pem(key):
    return key.public_key().export_key(format="PEM").decode()
