# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import csv
import hashlib
import io
import json
import logging
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode, urlsplit

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.payment import utils as payment_utils

from .. import const, utils

_logger = logging.getLogger(__name__)

MCHID_FORMAT = re.compile(r"^\d{6,32}$")
APPID_FORMAT = re.compile(r"^wx[0-9A-Za-z]{16}$")
SERIAL_FORMAT = re.compile(r"^[0-9A-Fa-f]{8,64}$")
PUBLIC_KEY_ID_FORMAT = re.compile(r"^PUB_KEY_ID_[0-9A-Za-z_]+$")
APIV3_KEY_FORMAT = re.compile(r"^[\x21-\x7e]{32}$")


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("wechatpay", "WeChat Pay")],
        ondelete={"wechatpay": "set default"},
    )
    wechatpay_mchid = fields.Char(
        string="Merchant ID",
        help="The merchant number (商户号) of the WeChat Pay merchant account, "
        "e.g. 1230000109.",
        required_if_provider="wechatpay",
    )
    wechatpay_appid = fields.Char(
        string="App ID",
        help="The AppID bound to the merchant account: the official account's "
        "(公众号) AppID, which the JSAPI payments inside WeChat need.",
        required_if_provider="wechatpay",
    )
    wechatpay_cert_serial_no = fields.Char(
        string="Merchant Certificate Serial Number",
        help="The serial number of the merchant API certificate "
        "(商户API证书序列号), named in the signature of every request.",
        required_if_provider="wechatpay",
    )
    wechatpay_apiv3_key = fields.Char(
        string="API v3 Key",
        help="The 32-character API v3 key (APIv3密钥) set in the merchant "
        "platform; it decrypts the notifications.",
        required_if_provider="wechatpay",
        groups="base.group_system",
    )
    wechatpay_private_key = fields.Text(
        string="Merchant Private Key",
        help="The content of apiclient_key.pem (PEM text). It signs every request. "
        "Alternatively upload the file below.",
        groups="base.group_system",
    )
    wechatpay_private_key_file = fields.Binary(
        string="Merchant Private Key File",
        help="The file apiclient_key.pem, used when the text field is empty.",
        attachment=True,
        groups="base.group_system",
    )
    wechatpay_private_key_filename = fields.Char(
        string="Merchant Private Key File Name", groups="base.group_system"
    )
    wechatpay_public_key = fields.Text(
        string="WeChat Pay Public Key",
        help="The WeChat Pay public key (微信支付公钥, pub_key.pem) that signs "
        "the answers and notifications of WeChat Pay.",
        required_if_provider="wechatpay",
    )
    wechatpay_public_key_id = fields.Char(
        string="WeChat Pay Public Key ID",
        help="The ID of the WeChat Pay public key, e.g. PUB_KEY_ID_0112...",
        required_if_provider="wechatpay",
    )
    wechatpay_test_api_url = fields.Char(
        string="Test API URL",
        help="In test mode only: the address of a WeChat Pay simulator to talk to "
        "instead of the real WeChat Pay, which has no sandbox. Left empty, test "
        "mode uses the real WeChat Pay with real money.",
    )
    wechatpay_order_validity = fields.Integer(
        string="Order Validity (minutes)",
        help="How long a customer has to pay an order; after that the order is "
        "closed at WeChat Pay and the transaction canceled.",
        default=120,
    )
    wechatpay_allow_h5 = fields.Boolean(
        string="H5 Payments",
        help="Phone browsers other than WeChat's are sent to WeChat Pay's H5 "
        "page. Untick it when H5 payment is not enabled on the merchant account: "
        "they are shown the QR code instead.",
        default=True,
    )

    # === COMPUTE METHODS === #

    def _compute_feature_support_fields(self):
        """Override of `payment` to enable refunds."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "wechatpay").update(
            {"support_refund": "partial"}
        )
        return res

    # === CONSTRAINT METHODS === #

    @api.constrains(
        "code",
        "state",
        "wechatpay_mchid",
        "wechatpay_appid",
        "wechatpay_cert_serial_no",
        "wechatpay_apiv3_key",
        "wechatpay_private_key",
        "wechatpay_private_key_file",
        "wechatpay_public_key",
        "wechatpay_public_key_id",
        "wechatpay_test_api_url",
        "wechatpay_order_validity",
    )
    def _check_wechatpay_credentials(self):
        """Refuse credentials WeChat Pay would refuse, with what to do."""
        for provider in self.filtered(lambda p: p.code == "wechatpay"):
            error = provider._wechatpay_credentials_error()
            if error:
                raise ValidationError(error)

    def _wechatpay_credentials_error(self):
        """The first problem with the provider's credentials, or None."""
        self.ensure_one()
        if self.wechatpay_mchid and not MCHID_FORMAT.match(self.wechatpay_mchid):
            return self.env._(
                "The WeChat Pay merchant ID is made of digits only, e.g. 1230000109."
            )
        if self.wechatpay_appid and not APPID_FORMAT.match(self.wechatpay_appid):
            return self.env._(
                "The App ID is 18 characters long and starts with “wx”: copy it "
                "from the official account or the merchant platform."
            )
        if self.wechatpay_cert_serial_no and not SERIAL_FORMAT.match(
            self.wechatpay_cert_serial_no
        ):
            return self.env._(
                "The merchant certificate serial number is a hexadecimal number: "
                "copy it from the merchant platform (API安全 > API证书)."
            )
        if self.wechatpay_apiv3_key and not APIV3_KEY_FORMAT.match(
            self.wechatpay_apiv3_key
        ):
            return self.env._(
                "The API v3 key must be exactly 32 characters (letters and "
                "digits), as set in the merchant platform (API安全 > APIv3密钥)."
            )
        private_key = self._wechatpay_get_private_key_text()
        if private_key:
            try:
                utils.load_rsa_private_key(private_key)
            except ValueError:
                return self.env._(
                    "The merchant private key is not an RSA private key in PEM "
                    "format: paste the content of apiclient_key.pem, or upload the "
                    "file, as the WeChat Pay certificate tool made it."
                )
        elif self.state != "disabled":
            return self.env._(
                "Enter the merchant private key (apiclient_key.pem) before enabling "
                "WeChat Pay: it signs every request."
            )
        if self.wechatpay_public_key:
            try:
                utils.load_rsa_public_key(self.wechatpay_public_key)
            except ValueError:
                return self.env._(
                    "The WeChat Pay public key is not an RSA public key in PEM "
                    "format: paste the content of pub_key.pem downloaded from the "
                    "merchant platform (API安全 > 微信支付公钥)."
                )
        if self.wechatpay_public_key_id and not PUBLIC_KEY_ID_FORMAT.match(
            self.wechatpay_public_key_id
        ):
            return self.env._(
                "The WeChat Pay public key ID starts with PUB_KEY_ID_: copy it from "
                "the merchant platform (API安全 > 微信支付公钥)."
            )
        if self.wechatpay_test_api_url:
            url = urlsplit(self.wechatpay_test_api_url)
            if url.scheme not in ("http", "https") or not url.netloc:
                return self.env._(
                    "The test API URL must be an http(s) address, e.g. "
                    "http://127.0.0.1:8090."
                )
        if self.wechatpay_order_validity < 5:
            return self.env._("Give the customers at least 5 minutes to pay an order.")
        return None

    # === BUSINESS METHODS - PAYMENT FLOW === #

    @api.model
    def _get_compatible_providers(
        self,
        company_id,
        partner_id,
        amount,
        currency_id=None,
        force_tokenization=False,
        is_express_checkout=False,
        is_validation=False,
        report=None,
        **kwargs,
    ):
        """Override of `payment` to offer WeChat Pay for payments in CNY only:
        it has no validation operation and no other currency."""
        providers = super()._get_compatible_providers(
            company_id,
            partner_id,
            amount,
            currency_id=currency_id,
            force_tokenization=force_tokenization,
            is_express_checkout=is_express_checkout,
            is_validation=is_validation,
            report=report,
            **kwargs,
        )
        currency = self.env["res.currency"].browse(currency_id).exists()
        if is_validation or (
            currency and currency.name not in const.SUPPORTED_CURRENCIES
        ):
            unfiltered_providers = providers
            providers = providers.filtered(lambda p: p.code != "wechatpay")
            payment_utils.add_to_report(
                report,
                unfiltered_providers - providers,
                available=False,
                reason=self.env._("WeChat Pay only takes payments in Chinese yuan."),
            )
        return providers

    def _get_supported_currencies(self):
        """Override of `payment` to return CNY, the only currency of WeChat Pay."""
        supported_currencies = super()._get_supported_currencies()
        if self.code == "wechatpay":
            supported_currencies = supported_currencies.filtered(
                lambda c: c.name in const.SUPPORTED_CURRENCIES
            )
        return supported_currencies

    def _get_default_payment_method_codes(self):
        """Override of `payment` to return the default payment method codes."""
        default_codes = super()._get_default_payment_method_codes()
        if self.code != "wechatpay":
            return default_codes
        return const.DEFAULT_PAYMENT_METHOD_CODES

    def _should_build_inline_form(self, is_validation=False):
        """Override of `payment`: WeChat Pay always goes through a redirection."""
        if self.code != "wechatpay":
            return super()._should_build_inline_form(is_validation=is_validation)
        return False

    # === BUSINESS METHODS - WECHAT PAY API === #

    def _wechatpay_get_api_url(self):
        """The gateway: the simulator in test mode when one is set, else the
        real WeChat Pay (there is no sandbox)."""
        self.ensure_one()
        if self.state == "test" and self.wechatpay_test_api_url:
            return self.wechatpay_test_api_url.rstrip("/")
        return const.PRODUCTION_API_URL

    def _wechatpay_get_private_key_text(self):
        self.ensure_one()
        if self.wechatpay_private_key:
            return self.wechatpay_private_key
        if self.wechatpay_private_key_file:
            return base64.b64decode(self.wechatpay_private_key_file).decode(
                "utf-8", "replace"
            )
        return ""

    def _wechatpay_get_private_key(self):
        self.ensure_one()
        try:
            return utils.load_rsa_private_key(self._wechatpay_get_private_key_text())
        except ValueError as error:
            raise ValidationError(
                self.env._(
                    "WeChat Pay: the merchant private key of %(provider)s is "
                    "missing or invalid.",
                    provider=self.name,
                )
            ) from error

    def _wechatpay_get_public_key(self):
        self.ensure_one()
        try:
            return utils.load_rsa_public_key(self.wechatpay_public_key)
        except ValueError as error:
            raise ValidationError(
                self.env._(
                    "WeChat Pay: the WeChat Pay public key of %(provider)s is "
                    "missing or invalid.",
                    provider=self.name,
                )
            ) from error

    def _wechatpay_verify_signature(self, headers, body, check_age=False):
        """Whether `body` was signed by WeChat Pay with this provider's WeChat
        Pay public key (headers Wechatpay-Timestamp, -Nonce, -Signature and
        -Serial, the latter being the public key ID).

        :param bool check_age: refuse a timestamp further than 5 minutes from now.
        """
        self.ensure_one()
        if headers.get("Wechatpay-Serial") != self.wechatpay_public_key_id:
            return False
        timestamp = headers.get("Wechatpay-Timestamp")
        if check_age and not utils.is_fresh(timestamp):
            return False
        return utils.verify_signature(
            timestamp,
            headers.get("Wechatpay-Nonce"),
            body,
            headers.get("Wechatpay-Signature"),
            self._wechatpay_get_public_key(),
        )

    def _wechatpay_decrypt_resource(self, resource):
        """Decrypt the resource of a notification with the API v3 key.

        :return: the decrypted object.
        :raise ValidationError: when it does not decrypt.
        """
        self.ensure_one()
        plain = utils.decrypt_resource(resource, self.wechatpay_apiv3_key)
        try:
            data = json.loads(plain) if plain else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise ValidationError(
                self.env._("WeChat Pay: the notification could not be decrypted.")
            )
        return data

    def _wechatpay_make_request(self, method, endpoint, payload=None, params=None):
        """Send a signed request to WeChat Pay and return its verified answer.

        The request carries the merchant's Authorization header; the answer must
        carry WeChat Pay's signature made with the WeChat Pay public key.

        :param str method: GET or POST.
        :param str endpoint: the path, e.g. /v3/pay/transactions/native.
        :param dict payload: the JSON body of a POST.
        :param dict params: the query string.
        :return: the JSON answer, {} for an empty one (204).
        :rtype: dict
        :raise WeChatPayApiError: when WeChat Pay answers an error or cannot be
            reached, or when its answer is not signed by it.
        """
        self.ensure_one()
        url_path = endpoint + (f"?{urlencode(params)}" if params else "")
        url = self._wechatpay_get_api_url() + url_path
        body = (
            json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            if payload is not None
            else ""
        )
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Odoo payment_wechatpay",
            "Wechatpay-Serial": self.wechatpay_public_key_id or "",
            "Authorization": utils.authorization_header(
                method,
                url_path,
                body,
                self.wechatpay_mchid,
                self.wechatpay_cert_serial_no,
                self._wechatpay_get_private_key(),
            ),
        }
        try:
            response = requests.request(
                method, url, data=body.encode(), headers=headers, timeout=10
            )
        except requests.exceptions.RequestException as error:
            _logger.info("WeChat Pay: %s %s could not be sent: %s", method, url, error)
            raise utils.WeChatPayApiError(
                self.env._("WeChat Pay: could not establish the connection to the API.")
            ) from error
        _logger.info(
            "WeChat Pay: %s %s answered %s", method, url_path, response.status_code
        )
        try:
            content = response.json() if response.content else {}
        except ValueError:
            content = {}
        if not response.ok:
            code = isinstance(content, dict) and content.get("code") or ""
            message = isinstance(content, dict) and content.get("message") or ""
            raise utils.WeChatPayApiError(
                self.env._(
                    "WeChat Pay refused the request (%(code)s): %(message)s",
                    code=code or response.status_code,
                    message=message,
                ),
                status=response.status_code,
                code=code,
            )
        if not self._wechatpay_verify_signature(response.headers, response.text):
            _logger.warning(
                "WeChat Pay: the answer to %s %s is not signed by WeChat Pay's "
                "public key %s; it is ignored.",
                method,
                url_path,
                self.wechatpay_public_key_id,
            )
            raise utils.WeChatPayApiError(
                self.env._(
                    "WeChat Pay: the answer of WeChat Pay could not be verified."
                )
            )
        return content if isinstance(content, dict) else {}

    def _wechatpay_get_jsapi_parameters(self, prepay_id):
        """The signed parameters of getBrandWCPayRequest for a JSAPI order."""
        self.ensure_one()
        return utils.jsapi_parameters(
            self.wechatpay_appid, prepay_id, self._wechatpay_get_private_key()
        )

    # Settlement files (payment_provider_settlement): the trade bill.

    def _settlement_supports_files(self):
        if self.code == "wechatpay":
            return True
        return super()._settlement_supports_files()

    def _settlement_parse_file(self, content, filename):
        if self.code != "wechatpay":
            return super()._settlement_parse_file(content, filename)
        return self._wechatpay_parse_trade_bill(content)

    def _settlement_download(self, date):
        if self.code != "wechatpay":
            return super()._settlement_download(date)
        return self._wechatpay_download_trade_bill(date), f"wechatpay_{date}.csv"

    def _wechatpay_download_trade_bill(self, date):
        """The trade bill (type ALL) of a day, through the API: ask for its
        download URL, download it with the merchant's signature, check its SHA-1.

        :param date date: the day of the bill.
        :return: the file.
        :rtype: bytes
        """
        self.ensure_one()
        try:
            answer = self._wechatpay_make_request(
                "GET",
                "/v3/bill/tradebill",
                params={"bill_date": date.isoformat(), "bill_type": "ALL"},
            )
        except utils.WeChatPayApiError as error:
            if error.code == "NO_STATEMENT_EXIST":
                raise UserError(
                    self.env._(
                        "WeChat Pay has no trade bill for %(date)s: there were no "
                        "payments that day, or the bill is not ready yet (it is, "
                        "the next day from 10:00).",
                        date=date,
                    )
                ) from error
            raise
        download = urlsplit(answer.get("download_url") or "")
        if not download.path:
            raise UserError(
                self.env._("WeChat Pay gave no download address for the bill.")
            )
        # The file is downloaded from the API host only, whatever host the answer
        # names: the merchant's signature goes nowhere else.
        url_path = download.path + (f"?{download.query}" if download.query else "")
        headers = {
            "Accept": "*/*",
            "User-Agent": "Odoo payment_wechatpay",
            "Authorization": utils.authorization_header(
                "GET",
                url_path,
                "",
                self.wechatpay_mchid,
                self.wechatpay_cert_serial_no,
                self._wechatpay_get_private_key(),
            ),
        }
        try:
            response = requests.get(
                self._wechatpay_get_api_url() + url_path, headers=headers, timeout=30
            )
        except requests.exceptions.RequestException as error:
            _logger.info("WeChat Pay: the bill could not be downloaded: %s", error)
            raise UserError(
                self.env._("WeChat Pay: the bill could not be downloaded; try again.")
            ) from error
        content = response.content
        expected = (answer.get("hash_value") or "").lower()
        if (
            not response.ok
            or (answer.get("hash_type") or "SHA1").upper() != "SHA1"
            or hashlib.sha1(content).hexdigest() != expected
        ):
            _logger.info(
                "WeChat Pay: the bill of %s answered %s and does not match its hash",
                date,
                response.status_code,
            )
            raise UserError(
                self.env._(
                    "WeChat Pay: the downloaded bill is incomplete or altered; try "
                    "again."
                )
            )
        return content

    def _settlement_get_transactions(self, order_refs):
        if self.code != "wechatpay":
            return super()._settlement_get_transactions(order_refs)
        # The bill names the out_trade_no, which is derived from the reference.
        transactions = self.env["payment.transaction"].search(
            [
                ("provider_id", "=", self.id),
                ("wechatpay_out_trade_no", "in", list(order_refs)),
            ]
        )
        return {tx.wechatpay_out_trade_no: tx for tx in transactions}

    def _wechatpay_parse_trade_bill(self, content):
        """Read a trade bill (交易账单) of type ALL, SUCCESS or REFUND.

        The file is CSV in UTF-8 (with a BOM): the detail header, the detail rows
        with each value behind a backtick, then the summary header and row. The
        columns are found by their names, whose order WeChat Pay may change.
        """
        self.ensure_one()
        bad_file = self.env._(
            "This is not a WeChat Pay trade bill (交易账单): download the bill of "
            "the day from the merchant platform or the API and import it as it is."
        )
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(bad_file) from error
        rows = list(csv.reader(io.StringIO(text)))
        header = [name.strip() for name in rows[0]] if rows else []
        if not set(const.BILL_COLUMNS.values()) <= set(header):
            raise UserError(bad_file)
        index = {key: header.index(name) for key, name in const.BILL_COLUMNS.items()}
        result = []
        for line_number, values in enumerate(rows[1:], start=2):
            values = [value.strip().lstrip("`").strip() for value in values]
            if not any(values):
                continue
            if values[0] == const.BILL_SUMMARY_FIRST_COLUMN:
                break
            try:
                row = {key: values[position] for key, position in index.items()}
                refund = row["status"] in const.BILL_REFUND_STATUSES
                fee = abs(Decimal(row["fee"] or "0"))
                amount = abs(
                    Decimal((row["refund_amount"] if refund else row["amount"]) or "0")
                )
                date = fields.Date.to_date(row["time"][:10])
            except (IndexError, InvalidOperation, ValueError) as error:
                raise UserError(
                    self.env._(
                        "Line %(line)s of the WeChat Pay trade bill cannot be read: "
                        "import the file as downloaded, without editing it.",
                        line=line_number,
                    )
                ) from error
            if not row["order_ref"] or not date:
                raise UserError(
                    self.env._(
                        "Line %(line)s of the WeChat Pay trade bill has no merchant "
                        "order number or time: import the file as downloaded.",
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
