# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.payment.controllers.post_processing import PaymentPostProcessing

from .. import const

_logger = logging.getLogger(__name__)


class AlipayController(http.Controller):
    _return_url = "/payment/alipay/return"
    _notify_url = "/payment/alipay/notify"
    _qr_url = "/payment/alipay/qr"
    _qr_status_url = "/payment/alipay/qr/status"

    @http.route(
        _notify_url,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def alipay_notify(self, **data):
        """Process an asynchronous notification of Alipay (a signed form POST).

        The signature is verified before anything else; then the application, the
        seller and the amount must match the transaction. Alipay is answered
        ``success`` once the notification is handled (also when it was already), and
        ``failure`` when it is refused, which changes nothing.

        :param dict data: The notification parameters.
        :return: ``success`` or ``failure``, as plain text.
        """
        Transaction = request.env["payment.transaction"]
        Transaction._alipay_log_notification(data)
        try:
            # Public route: sudo reads the providers' Alipay public keys; nothing in
            # the data is trusted before one of them verifies its signature.
            Transaction.sudo()._handle_notification_data("alipay", data)
        except ValidationError as error:
            _logger.warning(
                "Alipay: refused the notification for order %s: %s",
                data.get("out_trade_no"),
                error,
            )
            return self._plain_response("failure")
        return self._plain_response("success")

    @http.route(_return_url, type="http", auth="public", methods=["GET"])
    def alipay_return(self, **data):
        """The buyer comes back from the Alipay cashier with signed parameters.

        Once their signature is verified, Alipay is asked for the trade status (the
        return alone never marks a payment done); the buyer then sees the payment
        status page.

        :param dict data: The return parameters.
        """
        try:
            Transaction = request.env["payment.transaction"]
            # Public route: sudo reads the providers' Alipay public keys; nothing in
            # the data is trusted before one of them verifies its signature.
            tx_sudo = Transaction.sudo()._get_tx_from_notification_data("alipay", data)
            tx_sudo._alipay_process_return(data)
        except ValidationError as error:
            _logger.warning(
                "Alipay: could not confirm the return for order %s: %s",
                data.get("out_trade_no"),
                error,
            )
        return request.redirect("/payment/status")

    @http.route(
        f"{_qr_url}/<int:tx_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def alipay_qr_page(self, tx_id, access_token=None, **_kwargs):
        """Show the QR code of a transaction (for a counter screen) and follow its
        payment.

        :param int tx_id: The transaction, as a `payment.transaction` id.
        :param str access_token: The access token of the QR code page.
        """
        tx_sudo = self._get_tx_with_token(tx_id, access_token)
        if tx_sudo.state in ("draft", "pending"):
            try:
                tx_sudo._alipay_get_qr_code()
            except ValidationError as error:
                return request.render(
                    "payment_alipay.qr_page", {"tx": tx_sudo, "error": str(error)}
                )
        PaymentPostProcessing.monitor_transaction(tx_sudo)
        if tx_sudo.state not in ("draft", "pending"):
            return request.redirect("/payment/status")
        return request.render(
            "payment_alipay.qr_page",
            {
                "tx": tx_sudo,
                "qr_image_url": tx_sudo._alipay_get_qr_image_url(),
                "access_token": access_token,
            },
        )

    @http.route(_qr_status_url, type="json", auth="public")
    def alipay_qr_status(self, tx_id, access_token=None, **_kwargs):
        """The state of a transaction shown as a QR code. When no notification came
        in, Alipay is asked, at most every few seconds.

        :param int tx_id: The transaction, as a `payment.transaction` id.
        :param str access_token: The access token of the QR code page.
        :return: ``state`` and, once final, ``redirect_url``.
        :rtype: dict
        """
        tx_sudo = self._get_tx_with_token(tx_id, access_token)
        last_query = tx_sudo.alipay_last_query_at
        if tx_sudo.state in ("draft", "pending") and (
            not last_query
            or (fields.Datetime.now() - last_query).total_seconds()
            >= const.QR_QUERY_INTERVAL
        ):
            try:
                tx_sudo._alipay_query_trade()
            except ValidationError as error:
                _logger.warning(
                    "Alipay: could not ask about %s for its QR code page: %s",
                    tx_sudo.reference,
                    error,
                )
        final = tx_sudo.state not in ("draft", "pending")
        return {
            "state": tx_sudo.state,
            "redirect_url": "/payment/status" if final else None,
        }

    @staticmethod
    def _get_tx_with_token(tx_id, access_token):
        """The Alipay transaction of a QR code page, if the access token is its own.

        :raise NotFound: If the transaction does not exist or the token is wrong.
        """
        try:
            tx_id = int(tx_id)
        except (TypeError, ValueError) as error:
            raise NotFound() from error
        Transaction = request.env["payment.transaction"]
        if not Transaction._alipay_check_access_token(tx_id, access_token):
            raise NotFound()
        # The access token of this transaction id was checked above.
        tx_sudo = Transaction.sudo().browse(tx_id).exists()
        if not tx_sudo or tx_sudo.provider_code != "alipay":
            raise NotFound()
        return tx_sudo

    @staticmethod
    def _plain_response(text):
        return request.make_response(
            text, headers=[("Content-Type", "text/plain; charset=utf-8")]
        )
