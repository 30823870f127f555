# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from .. import const, utils

_logger = logging.getLogger(__name__)

FINAL_STATES = ("authorized", "done", "cancel", "error")


class WeChatPayNotificationRefused(Exception):
    """A notification refused: answered `status` with {"code": "FAIL", ...}."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class WeChatPayController(http.Controller):
    _notify_url = "/payment/wechatpay/notify"
    _pay_url = "/payment/wechatpay/pay"
    _poll_url = "/payment/wechatpay/poll"
    _return_url = "/payment/wechatpay/return"

    # === NOTIFICATIONS === #

    @http.route(
        _notify_url,
        type="http",
        methods=["POST"],
        auth="public",
        csrf=False,
        save_session=False,
    )
    def wechatpay_notify(self):
        """Process a payment or refund notification of WeChat Pay.

        The signature is verified before anything else is read; then the
        resource is decrypted, matched with its transaction and checked against
        it. WeChat Pay wants HTTP 204 (or 200) when the notification is taken,
        else an error status with {"code": "FAIL", "message": ...}, and then
        sends it again later.
        """
        body = request.httprequest.get_data(as_text=True)
        headers = request.httprequest.headers
        try:
            provider_sudo = self._wechatpay_verify_notification(headers, body)
            self._wechatpay_handle_notification(provider_sudo, body)
        except WeChatPayNotificationRefused as refusal:
            return request.make_json_response(
                {"code": "FAIL", "message": refusal.message}, status=refusal.status
            )
        return request.make_response("", status=204)

    @staticmethod
    def _wechatpay_verify_notification(headers, body):
        """Return the provider whose WeChat Pay public key signed the
        notification, its Wechatpay-Serial being that key's ID.

        :raise WeChatPayNotificationRefused: (401) when the signature is
            missing, stale (more than 5 minutes away) or wrong.
        """
        serial = headers.get("Wechatpay-Serial")
        timestamp = headers.get("Wechatpay-Timestamp")
        if not (
            serial
            and timestamp
            and headers.get("Wechatpay-Nonce")
            and headers.get("Wechatpay-Signature")
        ):
            _logger.warning("WeChat Pay: notification without signature refused.")
            raise WeChatPayNotificationRefused(401, "missing signature")
        if not utils.is_fresh(timestamp):
            _logger.warning(
                "WeChat Pay: notification with a stale timestamp (%s) refused.",
                timestamp,
            )
            raise WeChatPayNotificationRefused(401, "stale timestamp")
        # sudo: the public sends this; only the providers' public keys (no
        # secret) are read, to check the signature before anything else.
        Provider = request.env["payment.provider"].sudo()
        providers_sudo = Provider.search(
            [
                ("code", "=", "wechatpay"),
                ("state", "!=", "disabled"),
                ("wechatpay_public_key_id", "=", serial),
            ]
        )
        for provider_sudo in providers_sudo:
            try:
                verified = provider_sudo._wechatpay_verify_signature(
                    headers, body, check_age=True
                )
            except ValidationError:  # The provider's public key is unusable.
                verified = False
            if verified:
                return provider_sudo
        _logger.warning(
            "WeChat Pay: notification with an invalid signature refused (serial %s).",
            serial,
        )
        raise WeChatPayNotificationRefused(401, "invalid signature")

    @staticmethod
    def _wechatpay_handle_notification(provider_sudo, body):
        """Decrypt a verified notification and process it.

        :raise WeChatPayNotificationRefused: (400) when it does not decrypt or
            does not match its transaction, (404) when its order is unknown.
        """
        try:
            event = json.loads(body)
        except ValueError:
            event = None
        if not isinstance(event, dict):
            _logger.warning("WeChat Pay: notification that is not JSON refused.")
            raise WeChatPayNotificationRefused(400, "invalid body")
        event_type = event.get("event_type")
        if event_type not in const.PAYMENT_EVENTS + const.REFUND_EVENTS:
            _logger.info("WeChat Pay: notification %s ignored.", event_type)
            return
        try:
            data = provider_sudo._wechatpay_decrypt_resource(event.get("resource"))
        except ValidationError:
            _logger.warning(
                "WeChat Pay: notification %s refused: it does not decrypt with the "
                "API v3 key of %s.",
                event.get("id"),
                provider_sudo.name,
            )
            raise WeChatPayNotificationRefused(400, "cannot decrypt") from None
        _logger.info(
            "WeChat Pay: notification %s %s for order %s.",
            event.get("id"),
            event_type,
            data.get("out_refund_no") or data.get("out_trade_no"),
        )
        # The provider's signature was checked: its transactions may be
        # processed whoever the (public) sender is.
        tx_model_sudo = provider_sudo.env["payment.transaction"]
        try:
            with request.env.cr.savepoint():
                tx_sudo = tx_model_sudo._get_tx_from_notification_data(
                    "wechatpay", data
                )
        except ValidationError as error:
            _logger.warning(
                "WeChat Pay: notification %s refused: %s", event.get("id"), error
            )
            raise WeChatPayNotificationRefused(404, "unknown order") from None
        if tx_sudo.provider_id != provider_sudo:
            _logger.warning(
                "WeChat Pay: notification %s refused: transaction %s belongs to "
                "another provider than %s.",
                event.get("id"),
                tx_sudo.reference,
                provider_sudo.name,
            )
            raise WeChatPayNotificationRefused(404, "unknown order")
        try:
            with request.env.cr.savepoint():
                tx_sudo._process_notification_data(data)
        except ValidationError as error:  # Logged by the transaction.
            raise WeChatPayNotificationRefused(400, "data do not match") from error

    # === PAYER'S PAGES === #

    @staticmethod
    def _wechatpay_get_tx(reference, access_token):
        """The transaction named by `reference` if the token opens it.

        :raise NotFound: otherwise.
        """
        # sudo: the public reaches its transaction by reference; the access
        # token, checked right below, is what opens it.
        Transaction = request.env["payment.transaction"].sudo()
        tx_sudo = Transaction.search(
            [("reference", "=", reference), ("provider_code", "=", "wechatpay")],
            limit=1,
        )
        if not (
            reference
            and tx_sudo
            and tx_sudo._wechatpay_check_access_token(access_token)
        ):
            raise NotFound()
        return tx_sudo

    @http.route(
        _pay_url,
        type="http",
        methods=["GET"],
        auth="public",
        website=True,
        sitemap=False,
    )
    def wechatpay_pay(self, reference=None, access_token=None, **kwargs):
        """The payer's page: the QR code of a Native order, or the WeChat Pay
        sheet of a JSAPI order. It polls the transaction's state and goes on to
        /payment/status once paid."""
        tx_sudo = self._wechatpay_get_tx(reference, access_token)
        if tx_sudo.state in FINAL_STATES or tx_sudo.wechatpay_flow not in (
            const.FLOW_NATIVE,
            const.FLOW_JSAPI,
        ):
            return request.redirect("/payment/status")
        values = tx_sudo._wechatpay_get_pay_page_values()
        user_agent = request.httprequest.user_agent.string or ""
        values.update(
            in_wechat=const.WECHAT_BROWSER_MARKER in user_agent,
            jsapi_params=values["jsapi_params"] and json.dumps(values["jsapi_params"]),
        )
        return request.render("payment_wechatpay.pay_page", values)

    @http.route(_poll_url, type="json", auth="public")
    def wechatpay_poll(self, reference=None, access_token=None, **kwargs):
        """The state of the transaction, for the payer's page."""
        tx_sudo = self._wechatpay_get_tx(reference, access_token)
        return {"state": tx_sudo.state, "final": tx_sudo.state in FINAL_STATES}

    @http.route(
        _return_url,
        type="http",
        methods=["GET"],
        auth="public",
        website=True,
        sitemap=False,
    )
    def wechatpay_return(self, reference=None, access_token=None, **kwargs):
        """Where WeChat Pay's H5 page and the JSAPI sheet send the payer back:
        ask WeChat Pay for the order's state once, then show /payment/status."""
        tx_sudo = self._wechatpay_get_tx(reference, access_token)
        if tx_sudo.state in ("draft", "pending") and tx_sudo.wechatpay_out_trade_no:
            try:
                with request.env.cr.savepoint():
                    tx_sudo._wechatpay_query()
            except ValidationError as error:  # The notification or the job will do.
                _logger.info(
                    "WeChat Pay: transaction %s not queried on return: %s",
                    tx_sudo.reference,
                    error,
                )
        return request.redirect("/payment/status")
