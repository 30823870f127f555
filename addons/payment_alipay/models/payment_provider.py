# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import io
import logging
import re
import zipfile
from decimal import Decimal, InvalidOperation

import requests
from alipay.exceptions import AliPayException
from werkzeug import urls

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.const import REPORT_REASONS_MAPPING

from .. import const
from ..utils import (
    AlipayClient,
    AlipayTransportError,
    load_rsa_key,
    private_key_pem,
    public_key_pem,
)

_logger = logging.getLogger(__name__)

KEY_FIELDS = ("alipay_app_private_key", "alipay_public_key")


class AlipayUnreachable(ValidationError):
    """Alipay could not be reached or did not answer clearly: the outcome of the call
    is unknown, and it may be asked again later."""


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("alipay", "Alipay")], ondelete={"alipay": "set default"}
    )
    alipay_app_id = fields.Char(
        string="Alipay App ID",
        help="The APPID of the application on the Alipay open platform (开放平台).",
        required_if_provider="alipay",
        copy=False,
    )
    alipay_seller_id = fields.Char(
        string="Alipay Seller ID (PID)",
        help="The partner ID of the merchant account (合作伙伴身份 PID), 16 digits "
        "starting with 2088. Notifications for another seller are refused.",
        required_if_provider="alipay",
        copy=False,
    )
    alipay_app_private_key = fields.Char(
        help="The RSA2 private key of the application (应用私钥), in PEM or as the "
        "Base64 text of the Alipay key tool. It signs every request.",
        required_if_provider="alipay",
        groups="base.group_system",
        copy=False,
    )
    alipay_public_key = fields.Text(
        help="The public key of Alipay (支付宝公钥) shown in the application's "
        "settings, not the application's own public key. It verifies every answer "
        "and notification.",
        required_if_provider="alipay",
        groups="base.group_system",
        copy=False,
    )
    alipay_order_timeout = fields.Integer(
        string="Alipay Order Validity (minutes)",
        help="An unpaid order is closed after this time, at Alipay and in Odoo.",
        default=120,
    )
    alipay_gateway_url = fields.Char(
        string="Alipay Gateway URL",
        help="Leave empty to use the Alipay sandbox in test mode and the production "
        "gateway when enabled. Set it only to reach a local simulator.",
        copy=False,
    )

    # === COMPUTE METHODS === #

    def _compute_feature_support_fields(self):
        """Override of `payment` to enable additional features."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "alipay").update(
            {"support_refund": "partial"}
        )
        return res

    # === CONSTRAINT METHODS === #

    @api.constrains("alipay_app_id", "alipay_seller_id", "alipay_order_timeout")
    def _check_alipay_account(self):
        for provider in self.filtered(lambda p: p.code == "alipay"):
            if provider.alipay_app_id and not re.fullmatch(
                r"\d{8,32}", provider.alipay_app_id
            ):
                raise ValidationError(
                    self.env._(
                        "The Alipay App ID is made of digits only, e.g. "
                        "2021000123456789: copy it from the application on the Alipay "
                        "open platform."
                    )
                )
            if provider.alipay_seller_id and not re.fullmatch(
                r"2088\d{12}", provider.alipay_seller_id
            ):
                raise ValidationError(
                    self.env._(
                        "The Alipay seller ID (PID) has 16 digits and starts with "
                        "2088: copy it from Account Center > Partner Identity of the "
                        "Alipay merchant platform."
                    )
                )
            if not 1 <= provider.alipay_order_timeout <= 21600:
                raise ValidationError(
                    self.env._(
                        "The Alipay order validity must be between 1 minute and 15 "
                        "days (21600 minutes)."
                    )
                )

    @api.constrains(*KEY_FIELDS)
    def _check_alipay_keys(self):
        for provider in self.filtered(lambda p: p.code == "alipay"):
            app_key = alipay_key = None
            if provider.alipay_app_private_key:
                app_key = provider._alipay_load_key(
                    provider.alipay_app_private_key, private=True
                )
            if provider.alipay_public_key:
                alipay_key = provider._alipay_load_key(
                    provider.alipay_public_key, private=False
                )
            if app_key and alipay_key and app_key.public_key() == alipay_key:
                raise ValidationError(
                    self.env._(
                        "The Alipay public key is the public key of your own "
                        "application. Paste the Alipay public key (支付宝公钥) shown "
                        "next to it on the Alipay open platform."
                    )
                )

    def _alipay_load_key(self, text, private):
        """The RSA key in ``text``, checked for its kind and size.

        :raise ValidationError: If it is not an RSA key of the expected kind.
        """
        try:
            key = load_rsa_key(text)
        except (ValueError, IndexError, TypeError):
            key = None
        if private and (key is None or not key.has_private()):
            raise ValidationError(
                self.env._(
                    "The Alipay app private key is not an RSA private key: paste the "
                    "application private key (应用私钥) made by the Alipay key tool, "
                    "in PEM (-----BEGIN PRIVATE KEY-----) or as its Base64 text."
                )
            )
        if not private and (key is None or key.has_private()):
            raise ValidationError(
                self.env._(
                    "The Alipay public key is not an RSA public key: paste the Alipay "
                    "public key (支付宝公钥) from the application settings of the "
                    "Alipay open platform, in PEM (-----BEGIN PUBLIC KEY-----) or as "
                    "its Base64 text."
                )
            )
        if key.size_in_bits() < const.MIN_KEY_SIZE:
            raise ValidationError(
                self.env._(
                    "The Alipay key has %(bits)s bits; RSA2 needs a key of at least "
                    "%(min_bits)s bits. Generate a new key pair with the Alipay key "
                    "tool.",
                    bits=key.size_in_bits(),
                    min_bits=const.MIN_KEY_SIZE,
                )
            )
        return key

    # === CRUD METHODS === #

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._alipay_normalize_keys(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._alipay_normalize_keys(vals)
        return super().write(vals)

    @api.model
    def _alipay_normalize_keys(self, vals):
        """Store the keys as PEM whatever form they were pasted in (PEM, PEM without
        its line breaks, Base64 text); what does not parse is left for the
        constraint to refuse."""
        for field_name in KEY_FIELDS:
            if not vals.get(field_name):
                continue
            try:
                key = load_rsa_key(vals[field_name])
            except (ValueError, IndexError, TypeError):
                continue
            if field_name == "alipay_app_private_key" and key.has_private():
                vals[field_name] = private_key_pem(key)
            elif field_name == "alipay_public_key" and not key.has_private():
                vals[field_name] = public_key_pem(key)

    # === BUSINESS METHODS - PAYMENT FLOW === #

    @api.model
    def _get_compatible_providers(
        self, *args, currency_id=None, is_validation=False, report=None, **kwargs
    ):
        """Override of `payment` to offer Alipay only for payments in yuan: it
        neither saves payment methods nor pays in another currency."""
        providers = super()._get_compatible_providers(
            *args,
            currency_id=currency_id,
            is_validation=is_validation,
            report=report,
            **kwargs,
        )
        if is_validation:
            unfiltered_providers = providers
            providers = providers.filtered(lambda p: p.code != "alipay")
            payment_utils.add_to_report(
                report,
                unfiltered_providers - providers,
                available=False,
                reason=REPORT_REASONS_MAPPING["validation_not_supported"],
            )
        currency = self.env["res.currency"].browse(currency_id).exists()
        if currency and currency.name not in const.SUPPORTED_CURRENCIES:
            unfiltered_providers = providers
            providers = providers.filtered(lambda p: p.code != "alipay")
            payment_utils.add_to_report(
                report,
                unfiltered_providers - providers,
                available=False,
                reason=REPORT_REASONS_MAPPING["incompatible_currency"],
            )
        return providers

    def _get_supported_currencies(self):
        """Override of `payment` to return the supported currencies."""
        supported_currencies = super()._get_supported_currencies()
        if self.code == "alipay":
            supported_currencies = supported_currencies.filtered(
                lambda c: c.name in const.SUPPORTED_CURRENCIES
            )
        return supported_currencies

    def _get_default_payment_method_codes(self):
        """Override of `payment` to return the default payment method codes."""
        default_codes = super()._get_default_payment_method_codes()
        if self.code != "alipay":
            return default_codes
        return const.DEFAULT_PAYMENT_METHOD_CODES

    # === BUSINESS METHODS - ALIPAY API === #

    def _alipay_get_gateway_url(self):
        """The gateway: the simulator URL if one is set, else the sandbox in test mode
        and the production gateway otherwise."""
        self.ensure_one()
        if self.alipay_gateway_url:
            return self.alipay_gateway_url
        return const.GATEWAY_URLS["test" if self.state == "test" else "enabled"]

    def _alipay_get_notify_url(self):
        self.ensure_one()
        return urls.url_join(self.get_base_url(), "/payment/alipay/notify")

    def _alipay_get_return_url(self):
        self.ensure_one()
        return urls.url_join(self.get_base_url(), "/payment/alipay/return")

    def _alipay_get_client(self):
        """The SDK client of this provider. Reads the keys: sudo or administrator
        only.

        :raise ValidationError: If the credentials are missing.
        """
        self.ensure_one()
        if not (
            self.alipay_app_id
            and self.alipay_app_private_key
            and self.alipay_public_key
        ):
            raise ValidationError(
                self.env._(
                    "The Alipay provider %(name)s has no App ID or keys: fill its "
                    "credentials first.",
                    name=self.name,
                )
            )
        try:
            return AlipayClient(
                self._alipay_get_gateway_url(),
                appid=self.alipay_app_id,
                app_notify_url=self._alipay_get_notify_url(),
                app_private_key_string=self.alipay_app_private_key,
                alipay_public_key_string=self.alipay_public_key,
            )
        except (ValueError, IndexError, TypeError) as error:
            raise ValidationError(
                self.env._(
                    "The keys of the Alipay provider %(name)s cannot be read: paste "
                    "them again.",
                    name=self.name,
                )
            ) from error

    def _alipay_send_api_request(self, method, biz_content):
        """Call ``method`` of the Alipay API and return its verified answer.

        Note: self.ensure_one()

        :param str method: The API method, e.g. ``alipay.trade.query``.
        :param dict biz_content: The business parameters.
        :return: The answer (code ``10000``, or ``40004`` with its sub_code).
        :rtype: dict
        :raise AlipayUnreachable: If the outcome is unknown (no answer, an answer
            whose signature does not verify, or the system is busy).
        :raise ValidationError: If Alipay refused the call itself.
        """
        self.ensure_one()
        client = self._alipay_get_client()
        _logger.info(
            "Alipay: calling %s for %s",
            method,
            biz_content.get("out_request_no") or biz_content.get("out_trade_no"),
        )
        try:
            response = client.server_api(method, dict(biz_content))
        except AlipayTransportError as error:
            raise AlipayUnreachable(
                self.env._(
                    "Alipay could not be reached or its answer could not be trusted "
                    "(%(error)s). Try again later.",
                    error=error,
                )
            ) from error
        except AliPayException as error:
            raise ValidationError(
                self.env._("Alipay refused the call: %(error)s", error=error)
            ) from error
        code = response.get("code")
        _logger.info(
            "Alipay: %s answered code %s %s",
            method,
            code,
            response.get("sub_code") or "",
        )
        if code in const.CODE_UNKNOWN:
            raise AlipayUnreachable(
                self.env._(
                    "Alipay is busy (%(message)s). Try again later.",
                    message=response.get("sub_msg") or response.get("msg"),
                )
            )
        if code not in (const.CODE_SUCCESS, const.CODE_BUSINESS_FAILED):
            raise ValidationError(
                self.env._(
                    "Alipay refused the call: %(message)s (%(code)s). Check the "
                    "provider's App ID, keys and the application's permissions.",
                    message=response.get("sub_msg") or response.get("msg"),
                    code=response.get("sub_code") or code,
                )
            )
        return response

    @api.model
    def _alipay_find_signer(self, params):
        """The Alipay provider whose Alipay public key verifies the signature of these
        notification or return parameters. Verifying comes before anything else.

        :raise ValidationError: If no provider's key verifies the signature.
        """
        providers = self.search([("code", "=", "alipay"), ("state", "!=", "disabled")])
        for provider in providers:
            try:
                client = provider._alipay_get_client()
            except ValidationError:
                continue
            if client.verify_params(params):
                return provider
        raise ValidationError(
            self.env._("Alipay: Received data with an invalid signature.")
        )

    # Settlement files (payment_provider_settlement): the trade bill.

    def _settlement_supports_files(self):
        if self.code == "alipay":
            return True
        return super()._settlement_supports_files()

    def _settlement_parse_file(self, content, filename):
        if self.code != "alipay":
            return super()._settlement_parse_file(content, filename)
        return self._alipay_parse_trade_bill(content)

    def _settlement_download(self, date):
        if self.code != "alipay":
            return super()._settlement_download(date)
        return self._alipay_download_trade_bill(date), f"alipay_{date}.zip"

    def _alipay_download_trade_bill(self, date):
        """The trade bill zip of a day: its address from
        alipay.data.dataservice.bill.downloadurl.query (a signed answer), then
        the file from that address.

        :param date date: the day of the bill.
        :rtype: bytes
        """
        self.ensure_one()
        response = self._alipay_send_api_request(
            const.BILL_DOWNLOAD_METHOD,
            {"bill_type": "trade", "bill_date": date.isoformat()},
        )
        url = response.get("bill_download_url")
        if response.get("code") != const.CODE_SUCCESS or not url:
            raise UserError(
                self.env._(
                    "Alipay has no trade bill for %(date)s (%(message)s): there were "
                    "no payments that day, or the bill is not ready yet (it is, the "
                    "next day from 9:00).",
                    date=date,
                    message=response.get("sub_msg") or response.get("msg") or "",
                )
            )
        try:
            answer = requests.get(url, timeout=const.BILL_DOWNLOAD_TIMEOUT)
            answer.raise_for_status()
        except requests.exceptions.RequestException as error:
            _logger.info(
                "Alipay: the bill of %s could not be downloaded: %s", date, error
            )
            raise UserError(
                self.env._("Alipay: the bill could not be downloaded; try again.")
            ) from error
        if len(answer.content) > const.BILL_MAX_SIZE:
            raise UserError(
                self.env._(
                    "Alipay: the downloaded bill is larger than the 50 MB that are "
                    "read: import the business details CSV of the zip instead."
                )
            )
        return answer.content

    def _alipay_parse_trade_bill(self, content):
        """Read a trade bill (bill_type=trade): the zip downloaded from
        alipay.data.dataservice.bill.downloadurl.query, or its business details
        CSV (业务明细), in GBK. Lines starting with # are comments; the columns
        are found by their names."""
        self.ensure_one()
        bad_file = self.env._(
            "This is not an Alipay trade bill: download the trade bill (业务明细) "
            "of the day from the merchant platform or the API and import the zip "
            "or its details CSV as it is."
        )
        texts = []
        if content[:2] == b"PK":
            try:
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    texts = [
                        archive.read(info)
                        for info in archive.infolist()
                        if not info.is_dir() and info.file_size <= const.BILL_MAX_SIZE
                    ]
            except (zipfile.BadZipFile, OSError) as error:
                raise UserError(bad_file) from error
        else:
            texts = [content]
        for raw in texts:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                continue
            lines = [
                line
                for line in text.lstrip("\ufeff").splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            ]
            rows = list(csv.reader(lines))
            header = [name.strip() for name in rows[0]] if rows else []
            if set(const.BILL_COLUMNS.values()) <= set(header):
                return self._alipay_read_bill_rows(header, rows[1:])
        raise UserError(bad_file)

    def _alipay_read_bill_rows(self, header, rows):
        index = {key: header.index(name) for key, name in const.BILL_COLUMNS.items()}
        result = []
        for line_number, values in enumerate(rows, start=2):
            values = [value.strip() for value in values]
            try:
                row = {key: values[position] for key, position in index.items()}
                refund = const.BILL_REFUND_TYPE in row["type"]
                fee = abs(Decimal(row["fee"] or "0"))
                amount = abs(Decimal(row["amount"] or "0"))
                date = fields.Date.to_date(row["time"][:10])
            except (IndexError, InvalidOperation, ValueError) as error:
                raise UserError(
                    self.env._(
                        "Row %(line)s of the Alipay trade bill cannot be read: "
                        "import the file as downloaded, without editing it.",
                        line=line_number,
                    )
                ) from error
            if not row["order_ref"] or not date:
                raise UserError(
                    self.env._(
                        "Row %(line)s of the Alipay trade bill has no merchant order "
                        "number or time: import the file as downloaded.",
                        line=line_number,
                    )
                )
            result.append(
                {
                    "order_ref": row["order_ref"],
                    "provider_ref": row["provider_ref"],
                    "kind": "refund" if refund else "payment",
                    "amount": amount,
                    # A refund gives back (part of) the fee of its payment.
                    "fee": -fee if refund else fee,
                    "date": date,
                }
            )
        return result
