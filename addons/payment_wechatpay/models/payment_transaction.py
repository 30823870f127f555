# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re
from datetime import timedelta
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import SQL, consteq
from odoo.tools.misc import hmac

from odoo.addons.payment import utils as payment_utils

from .. import const, utils

_logger = logging.getLogger(__name__)

OUT_NO_FORBIDDEN = re.compile(f"[^{const.OUT_NO_ALLOWED}]")


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    wechatpay_out_trade_no = fields.Char(
        string="WeChat Pay Merchant Order No.",
        help="The out_trade_no of the order at WeChat Pay (the out_refund_no for a "
        "refund), derived from the reference.",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    wechatpay_flow = fields.Selection(
        string="WeChat Pay Flow",
        selection=[
            (const.FLOW_NATIVE, "QR code (Native)"),
            (const.FLOW_H5, "Phone browser (H5)"),
            (const.FLOW_JSAPI, "Inside WeChat (JSAPI)"),
        ],
        readonly=True,
        copy=False,
    )
    wechatpay_code_url = fields.Char(
        string="WeChat Pay QR Code Content",
        help="The code_url of a Native order, shown as a QR code.",
        readonly=True,
        copy=False,
    )
    wechatpay_prepay_id = fields.Char(
        string="WeChat Pay Prepay ID", readonly=True, copy=False
    )
    wechatpay_time_expire = fields.Datetime(
        string="WeChat Pay Order Expiry",
        help="After this time the order is closed and the transaction canceled.",
        readonly=True,
        copy=False,
    )
    wechatpay_last_sync = fields.Datetime(
        string="WeChat Pay Last Query",
        help="When the scheduled job last asked WeChat Pay about this transaction.",
        readonly=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "wechatpay_out_trade_no_uniq",
            "unique(wechatpay_out_trade_no)",
            "The WeChat Pay merchant order number must be unique.",
        ),
    ]

    # === HOOKS === #

    def _wechatpay_get_payer_openid(self):
        """Return the openid of the person paying, for the AppID of the provider
        (`provider_id.wechatpay_appid`), or False when it is not known.

        The JSAPI flow (paying inside WeChat's browser) needs it; without it the
        payer is shown the QR code. This module does not know WeChat users: a
        WeChat login module overrides this method, e.g. to return the openid it
        bound to the logged-in user (`request.env.user`) or kept in the session.

        Note: self.ensure_one()

        :return: the openid, or False.
        :rtype: str | bool
        """
        self.ensure_one()
        return False

    def _wechatpay_get_user_agent(self):
        """The browser's User-Agent, '' outside a request."""
        return request.httprequest.user_agent.string if request else ""

    def _wechatpay_get_client_ip(self):
        """The payer's IP address (H5 orders need it)."""
        return (request and request.httprequest.remote_addr) or "127.0.0.1"

    # === BUSINESS METHODS - PAYMENT FLOW === #

    def _wechatpay_choose_flow(self, user_agent, openid):
        """Choose the payment flow from the browser:

        - WeChat's browser: JSAPI when the payer's openid is known, else the QR
          code (H5 pages are refused inside WeChat);
        - another phone browser: H5 (unless the provider has it off: QR code);
        - a desktop browser: the QR code (Native).
        """
        self.ensure_one()
        user_agent = user_agent or ""
        if const.WECHAT_BROWSER_MARKER in user_agent:
            return const.FLOW_JSAPI if openid else const.FLOW_NATIVE
        if self.provider_id.wechatpay_allow_h5 and any(
            marker in user_agent for marker in const.MOBILE_MARKERS
        ):
            return const.FLOW_H5
        return const.FLOW_NATIVE

    def _get_specific_rendering_values(self, processing_values):
        """Override of `payment` to create the order at WeChat Pay and send the
        payer to its page: ours with the QR code (Native) or the WeixinJSBridge
        call (JSAPI), or WeChat Pay's H5 page.

        Note: self.ensure_one() from `_get_processing_values`
        """
        res = super()._get_specific_rendering_values(processing_values)
        if self.provider_code != "wechatpay":
            return res

        openid = self._wechatpay_get_payer_openid()
        flow = self._wechatpay_choose_flow(self._wechatpay_get_user_agent(), openid)
        order = self._wechatpay_create_order(flow, openid=openid)
        if flow == const.FLOW_H5:
            split_url = urlsplit(order["h5_url"])
            url_params = dict(parse_qsl(split_url.query))
            url_params["redirect_url"] = self._wechatpay_get_url("/return")
            api_url = urlunsplit(split_url._replace(query=""))
        else:
            api_url = self._wechatpay_get_url("/pay", with_token=False)
            url_params = {
                "reference": self.reference,
                "access_token": self._wechatpay_get_access_token(),
            }
        return {"api_url": api_url, "url_params": url_params}

    def _wechatpay_create_order(self, flow, openid=None):
        """Create the order at WeChat Pay (trade type `flow`) and keep what the
        payer's page needs.

        :return: WeChat Pay's answer (code_url, h5_url or prepay_id).
        :rtype: dict
        """
        self.ensure_one()
        provider = self.provider_id
        if self.currency_id.name not in const.SUPPORTED_CURRENCIES:
            raise ValidationError(
                self.env._("WeChat Pay only takes payments in Chinese yuan (CNY).")
            )
        self._wechatpay_assign_out_no()
        time_expire = fields.Datetime.now() + timedelta(
            minutes=provider.wechatpay_order_validity
        )
        payload = {
            "appid": provider.wechatpay_appid,
            "mchid": provider.wechatpay_mchid,
            "description": utils.truncate_bytes(
                f"{self.company_id.name} {self.reference}",
                const.DESCRIPTION_MAX_BYTES,
            ),
            "out_trade_no": self.wechatpay_out_trade_no,
            "time_expire": self._wechatpay_format_time(time_expire),
            "notify_url": self._wechatpay_get_notify_url(),
            "amount": {"total": self._wechatpay_fen(self.amount), "currency": "CNY"},
        }
        if flow == const.FLOW_JSAPI:
            payload["payer"] = {"openid": openid}
        elif flow == const.FLOW_H5:
            payload["scene_info"] = {
                "payer_client_ip": self._wechatpay_get_client_ip(),
                "h5_info": {"type": "Wap"},
            }
        _logger.info(
            "WeChat Pay: creating the %s order %s for transaction %s",
            flow,
            self.wechatpay_out_trade_no,
            self.reference,
        )
        try:
            order = provider._wechatpay_make_request(
                "POST", const.ORDER_ENDPOINTS[flow], payload=payload
            )
        except utils.WeChatPayApiError as error:
            raise ValidationError(
                self.env._(
                    "WeChat Pay could not take the payment: %(reason)s",
                    reason=error.args[0],
                )
            ) from error
        expected_key = {
            const.FLOW_NATIVE: "code_url",
            const.FLOW_H5: "h5_url",
            const.FLOW_JSAPI: "prepay_id",
        }[flow]
        if not order.get(expected_key):
            raise ValidationError(
                self.env._(
                    "WeChat Pay: the order was created without %(key)s.",
                    key=expected_key,
                )
            )
        self.write(
            {
                "wechatpay_flow": flow,
                "wechatpay_time_expire": time_expire,
                "wechatpay_code_url": order.get("code_url"),
                "wechatpay_prepay_id": order.get("prepay_id"),
            }
        )
        return order

    def _wechatpay_assign_out_no(self):
        """Give the transactions their out_trade_no (out_refund_no for refunds):
        the reference with the characters WeChat Pay refuses replaced by "_",
        made unique with the transaction's id when needed."""
        for tx in self.filtered(lambda t: not t.wechatpay_out_trade_no):
            candidate = OUT_NO_FORBIDDEN.sub("_", tx.reference)
            if (
                len(candidate) < const.OUT_NO_MIN_LENGTH
                or len(candidate) > const.OUT_NO_MAX_LENGTH
                or self.search_count(
                    [("wechatpay_out_trade_no", "=", candidate)], limit=1
                )
            ):
                suffix = f"_{tx.id}"
                candidate = candidate[: const.OUT_NO_MAX_LENGTH - len(suffix)] + suffix
                if len(candidate) < const.OUT_NO_MIN_LENGTH:
                    candidate = f"odoo{candidate}"
            tx.wechatpay_out_trade_no = candidate

    @api.model
    def _wechatpay_format_time(self, value):
        """A UTC datetime as WeChat Pay wants it: 2018-06-08T10:34:56+08:00."""
        tz = pytz.timezone(const.WECHATPAY_TIMEZONE)
        return pytz.utc.localize(value).astimezone(tz).isoformat(timespec="seconds")

    def _wechatpay_fen(self, amount):
        """An amount in CNY as an integer number of fen."""
        return payment_utils.to_minor_currency_units(abs(amount), self.currency_id)

    def _wechatpay_get_notify_url(self):
        return f"{self.provider_id.get_base_url()}/payment/wechatpay/notify"

    def _wechatpay_get_access_token(self):
        """The token that opens the payer's page and state of this transaction."""
        self.ensure_one()
        return hmac(self.env(su=True), "payment_wechatpay", (self.id, self.reference))

    def _wechatpay_check_access_token(self, access_token):
        self.ensure_one()
        return bool(access_token) and consteq(
            str(access_token), self._wechatpay_get_access_token()
        )

    def _wechatpay_get_url(self, route, with_token=True):
        """The absolute URL of one of the module's routes for this transaction."""
        url = f"{self.provider_id.get_base_url()}/payment/wechatpay{route}"
        if with_token:
            url += "?" + urlencode(
                {
                    "reference": self.reference,
                    "access_token": self._wechatpay_get_access_token(),
                }
            )
        return url

    def _wechatpay_get_pay_page_values(self):
        """The values of the payer's page (QR code or WeixinJSBridge call); no
        credential is among them, only the signed JSAPI parameters."""
        self.ensure_one()
        values = {
            "tx": self,
            "access_token": self._wechatpay_get_access_token(),
            "return_url": self._wechatpay_get_url("/return"),
            "qr_url": False,
            "jsapi_params": False,
        }
        if self.wechatpay_flow == const.FLOW_NATIVE and self.wechatpay_code_url:
            values["qr_url"] = "/report/barcode/?" + urlencode(
                {
                    "barcode_type": "QR",
                    "value": self.wechatpay_code_url,
                    "width": 240,
                    "height": 240,
                },
                quote_via=quote,
            )
        elif self.wechatpay_flow == const.FLOW_JSAPI and self.wechatpay_prepay_id:
            values["jsapi_params"] = self.provider_id._wechatpay_get_jsapi_parameters(
                self.wechatpay_prepay_id
            )
        return values

    # === BUSINESS METHODS - NOTIFICATIONS AND QUERIES === #

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        """Override of `payment` to find the transaction of a WeChat Pay order
        (decrypted notification or query answer) by its out_trade_no, or of a
        refund by its out_refund_no.

        :raise ValidationError: if it matches no transaction.
        """
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "wechatpay" or len(tx) == 1:
            return tx

        out_refund_no = notification_data.get("out_refund_no")
        out_trade_no = notification_data.get("out_trade_no")
        domain = [("provider_code", "=", "wechatpay")]
        if out_refund_no:
            tx = self.search(
                [
                    *domain,
                    ("operation", "=", "refund"),
                    ("wechatpay_out_trade_no", "=", out_refund_no),
                ]
            )
            if not tx and out_trade_no:  # A refund made in the merchant platform.
                source_tx = self.search(
                    [
                        *domain,
                        ("operation", "!=", "refund"),
                        ("wechatpay_out_trade_no", "=", out_trade_no),
                    ]
                )
                if source_tx:
                    tx = source_tx._wechatpay_create_refund_tx_from_data(
                        notification_data
                    )
        elif out_trade_no:
            tx = self.search(
                [
                    *domain,
                    ("operation", "!=", "refund"),
                    ("wechatpay_out_trade_no", "=", out_trade_no),
                ]
            )
        if len(tx) != 1:
            raise ValidationError(
                self.env._(
                    "WeChat Pay: no transaction found matching the order number "
                    "%(number)s.",
                    number=out_refund_no or out_trade_no,
                )
            )
        return tx

    def _wechatpay_create_refund_tx_from_data(self, refund_data):
        """Create the refund transaction of a refund made in WeChat Pay's
        merchant platform (its notification names an unknown out_refund_no)."""
        self.ensure_one()
        amount = refund_data.get("amount") or {}
        if (
            refund_data.get("mchid", self.provider_id.wechatpay_mchid)
            != self.provider_id.wechatpay_mchid
            or not isinstance(amount.get("refund"), int)
            or refund_data.get("refund_status") != "SUCCESS"
        ):
            return self.browse()
        refund_tx = self._create_child_transaction(
            payment_utils.to_major_currency_units(amount["refund"], self.currency_id),
            is_refund=True,
        )
        refund_tx.wechatpay_out_trade_no = refund_data["out_refund_no"]
        return refund_tx

    def _process_notification_data(self, notification_data):
        """Override of `payment` to process a WeChat Pay order or refund, from a
        notification or a query alike, after checking it against the
        transaction: merchant, AppID, amount in fen and currency.

        Note: self.ensure_one()

        :raise ValidationError: when the data do not match the transaction
            (nothing is changed; a warning is logged).
        """
        super()._process_notification_data(notification_data)
        if self.provider_code != "wechatpay":
            return
        if self.operation == "refund":
            self._wechatpay_process_refund_data(notification_data)
        else:
            self._wechatpay_process_payment_data(notification_data)

    def _wechatpay_refuse(self, reason):
        _logger.warning(
            "WeChat Pay: data for transaction %s refused: %s", self.reference, reason
        )
        raise ValidationError(self.env._("WeChat Pay: %(reason)s", reason=reason))

    def _wechatpay_check_payment_data(self, data):
        """Check an order's data against the transaction (see
        `_process_notification_data`)."""
        provider = self.provider_id
        if data.get("mchid") != provider.wechatpay_mchid:
            self._wechatpay_refuse(self.env._("the merchant ID does not match."))
        if data.get("appid") != provider.wechatpay_appid:
            self._wechatpay_refuse(self.env._("the App ID does not match."))
        if data.get("out_trade_no") != self.wechatpay_out_trade_no:
            self._wechatpay_refuse(self.env._("the order number does not match."))
        amount = data.get("amount") or {}
        paid = data.get("trade_state") in const.PAYMENT_STATUS_MAPPING["done"]
        if (paid or "total" in amount) and amount.get("total") != self._wechatpay_fen(
            self.amount
        ):
            self._wechatpay_refuse(
                self.env._(
                    "the amount %(received)s fen does not match %(expected)s fen.",
                    received=amount.get("total"),
                    expected=self._wechatpay_fen(self.amount),
                )
            )
        if (paid or "currency" in amount) and amount.get("currency") != "CNY":
            self._wechatpay_refuse(self.env._("the currency is not CNY."))

    def _wechatpay_process_payment_data(self, data):
        self._wechatpay_check_payment_data(data)
        trade_state = data.get("trade_state")
        mapping = const.PAYMENT_STATUS_MAPPING
        if self.state == "done" and trade_state not in mapping["done"]:
            _logger.info(
                "WeChat Pay: transaction %s is paid; trade state %s ignored.",
                self.reference,
                trade_state,
            )
            return
        if trade_state in mapping["done"]:
            self.provider_reference = data.get("transaction_id")
            # Money was taken: a transaction canceled in the meantime is paid.
            self._set_done(extra_allowed_states=("cancel",))
        elif trade_state in mapping["pending"]:
            if self.state == "draft":
                self._set_pending()
        elif trade_state in mapping["cancel"]:
            if self.state in ("draft", "pending"):
                self._set_canceled(
                    state_message=self.env._("The WeChat Pay order was closed.")
                )
        elif trade_state in mapping["error"]:
            if self.state in ("draft", "pending"):
                self._set_error(
                    self.env._(
                        "WeChat Pay: the payment failed (%(reason)s).",
                        reason=data.get("trade_state_desc") or trade_state,
                    )
                )
        elif trade_state not in mapping["unpaid"]:
            _logger.warning(
                "WeChat Pay: transaction %s received the unknown trade state %s.",
                self.reference,
                trade_state,
            )

    def _wechatpay_check_refund_data(self, data):
        source_tx = self.source_transaction_id
        provider = self.provider_id
        if data.get("mchid", provider.wechatpay_mchid) != provider.wechatpay_mchid:
            self._wechatpay_refuse(self.env._("the merchant ID does not match."))
        if data.get("out_refund_no") != self.wechatpay_out_trade_no:
            self._wechatpay_refuse(self.env._("the refund number does not match."))
        if data.get("out_trade_no") != source_tx.wechatpay_out_trade_no:
            self._wechatpay_refuse(self.env._("the order number does not match."))
        amount = data.get("amount") or {}
        if amount.get("refund") != self._wechatpay_fen(self.amount):
            self._wechatpay_refuse(
                self.env._(
                    "the refunded amount %(received)s fen does not match "
                    "%(expected)s fen.",
                    received=amount.get("refund"),
                    expected=self._wechatpay_fen(self.amount),
                )
            )
        if amount.get("total") != self._wechatpay_fen(source_tx.amount):
            self._wechatpay_refuse(self.env._("the order amount does not match."))

    def _wechatpay_process_refund_data(self, data):
        self._wechatpay_check_refund_data(data)
        # The refund API answers `status`, its notification `refund_status`.
        status = data.get("status") or data.get("refund_status")
        mapping = const.REFUND_STATUS_MAPPING
        if self.state == "done":
            return
        if data.get("refund_id"):
            self.provider_reference = data["refund_id"]
        if status in mapping["done"]:
            self._set_done()
            # Post-process the refund now: no customer browses its status page.
            self.env.ref("payment.cron_post_process_payment_tx")._trigger()
        elif status in mapping["pending"]:
            if self.state == "draft":
                self._set_pending()
        elif status in mapping["cancel"]:
            if self.state in ("draft", "pending"):
                self._set_canceled(
                    state_message=self.env._("WeChat Pay closed the refund.")
                )
        elif status in mapping["error"]:
            if self.state in ("draft", "pending"):
                self._set_error(
                    self.env._(
                        "WeChat Pay could not pay the refund back (the payer's "
                        "account or bank card is no longer usable): handle it in "
                        "the merchant platform."
                    )
                )
        else:
            _logger.warning(
                "WeChat Pay: refund %s received the unknown status %s.",
                self.reference,
                status,
            )

    def _wechatpay_handle_api_data(self, data):
        """Process an answer of WeChat Pay about this transaction (query, refund)
        exactly as a notification: same lookup, same checks."""
        self.ensure_one()
        tx = self._get_tx_from_notification_data("wechatpay", data)
        if tx != self:
            self._wechatpay_refuse(self.env._("the answer is about another order."))
        tx._process_notification_data(data)

    def _wechatpay_query(self):
        """Ask WeChat Pay for the state of this order or refund and process it."""
        self.ensure_one()
        provider = self.provider_id
        if self.operation == "refund":
            data = provider._wechatpay_make_request(
                "GET",
                const.QUERY_REFUND_ENDPOINT.format(
                    out_refund_no=quote(self.wechatpay_out_trade_no, safe="")
                ),
            )
        else:
            data = provider._wechatpay_make_request(
                "GET",
                const.QUERY_ORDER_ENDPOINT.format(
                    out_trade_no=quote(self.wechatpay_out_trade_no, safe="")
                ),
                params={"mchid": provider.wechatpay_mchid},
            )
        self._wechatpay_handle_api_data(data)

    def _wechatpay_close(self):
        """Close the order at WeChat Pay and cancel the transaction."""
        self.ensure_one()
        provider = self.provider_id
        try:
            provider._wechatpay_make_request(
                "POST",
                const.CLOSE_ORDER_ENDPOINT.format(
                    out_trade_no=quote(self.wechatpay_out_trade_no, safe="")
                ),
                payload={"mchid": provider.wechatpay_mchid},
            )
        except utils.WeChatPayApiError as error:
            if error.code == const.ERROR_ORDER_PAID:
                self._wechatpay_query()  # Paid at the last minute.
                return
            if error.code != const.ERROR_ORDER_NOT_EXIST:
                raise
        self._set_canceled(
            state_message=self.env._(
                "The WeChat Pay order expired unpaid and was closed."
            )
        )

    # === BUSINESS METHODS - REFUNDS === #

    def _send_refund_request(self, amount_to_refund=None):
        """Override of `payment` to request the refund from WeChat Pay; its final
        state comes by notification or by the scheduled query."""
        refund_tx = super()._send_refund_request(amount_to_refund=amount_to_refund)
        if self.provider_code != "wechatpay":
            return refund_tx

        refund_tx._wechatpay_assign_out_no()
        payload = {
            "out_trade_no": self.wechatpay_out_trade_no,
            "out_refund_no": refund_tx.wechatpay_out_trade_no,
            "reason": self.env._("Refund of %(reference)s", reference=self.reference)[
                : const.REFUND_REASON_MAX_LENGTH
            ],
            "notify_url": self._wechatpay_get_notify_url(),
            "amount": {
                "refund": self._wechatpay_fen(refund_tx.amount),
                "total": self._wechatpay_fen(self.amount),
                "currency": "CNY",
            },
        }
        _logger.info(
            "WeChat Pay: requesting refund %s of transaction %s",
            refund_tx.wechatpay_out_trade_no,
            self.reference,
        )
        try:
            data = self.provider_id._wechatpay_make_request(
                "POST", const.REFUND_ENDPOINT, payload=payload
            )
        except utils.WeChatPayApiError as error:
            raise ValidationError(
                self.env._(
                    "WeChat Pay could not refund %(reference)s: %(reason)s",
                    reference=self.reference,
                    reason=error.args[0],
                )
            ) from error
        refund_tx._wechatpay_handle_api_data(data)
        return refund_tx

    # === BUSINESS METHODS - SCHEDULED JOB === #

    @api.model
    def _cron_wechatpay_sync(self, batch_size=const.CRON_BATCH_SIZE):
        """Catch up with the notifications WeChat Pay could not deliver.

        Pending orders older than a couple of minutes are queried and processed
        as a notification would be; those past their expiry still unpaid are
        closed (transaction canceled). Pending refunds are queried until they are
        final. A batch at a time; two workers never take the same transaction
        (rows locked, others skipped) and a second run finds nothing left to do.
        """
        self.flush_model(
            ["state", "wechatpay_out_trade_no", "wechatpay_last_sync", "provider_id"]
        )
        not_after = fields.Datetime.now() - timedelta(seconds=const.QUERY_DELAY)
        self.env.cr.execute(
            SQL(
                """
                SELECT tx.id
                  FROM payment_transaction tx
                  JOIN payment_provider provider ON provider.id = tx.provider_id
                 WHERE provider.code = 'wechatpay'
                   AND provider.state != 'disabled'
                   AND tx.state IN ('draft', 'pending')
                   AND tx.wechatpay_out_trade_no IS NOT NULL
                   AND tx.create_date <= %s
                   AND (tx.wechatpay_last_sync IS NULL OR tx.wechatpay_last_sync <= %s)
                 ORDER BY tx.id
                 LIMIT %s
                   FOR UPDATE OF tx SKIP LOCKED
                """,
                not_after,
                not_after,
                batch_size + 1,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        txs = self.browse(ids[:batch_size])
        # Not taken again by the next batch of this run, nor for a couple of minutes.
        txs.write({"wechatpay_last_sync": fields.Datetime.now()})
        for tx in txs:
            try:
                with self.env.cr.savepoint():
                    tx._wechatpay_sync()
            except ValidationError as error:
                _logger.warning(
                    "WeChat Pay: transaction %s could not be brought up to date: %s",
                    tx.reference,
                    error.args[0],
                )
        self.env["ir.cron"]._notify_progress(
            done=len(txs), remaining=max(len(ids) - batch_size, 0)
        )

    def _wechatpay_sync(self):
        """Query the order or refund; close the order if it expired unpaid."""
        self.ensure_one()
        try:
            self._wechatpay_query()
        except utils.WeChatPayApiError as error:
            if error.code not in (
                const.ERROR_ORDER_NOT_EXIST,
                const.ERROR_RESOURCE_NOT_EXISTS,
            ):
                raise
        if (
            self.operation != "refund"
            and self.state in ("draft", "pending")
            and self.wechatpay_time_expire
            and self.wechatpay_time_expire <= fields.Datetime.now()
        ):
            self._wechatpay_close()
