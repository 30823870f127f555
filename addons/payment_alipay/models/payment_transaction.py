# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import pprint
import re
from datetime import timedelta
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import SQL, consteq, float_repr, float_round
from odoo.tools.misc import hmac as hmac_tool

from odoo.addons.payment import utils as payment_utils

from .. import const
from ..utils import to_api_datetime
from .payment_provider import AlipayUnreachable

_logger = logging.getLogger(__name__)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    alipay_flow = fields.Selection(
        selection=[
            ("page", "Desktop page"),
            ("wap", "Mobile web"),
            ("precreate", "QR code"),
        ],
        readonly=True,
        copy=False,
    )
    alipay_expire_at = fields.Datetime(
        string="Alipay Order Expiry",
        help="When Alipay stops accepting the payment of this order; it is then "
        "closed.",
        readonly=True,
        copy=False,
    )
    alipay_qr_code = fields.Char(
        string="Alipay QR Code",
        help="The content of the QR code the buyer scans (当面付).",
        readonly=True,
        copy=False,
    )
    alipay_last_query_at = fields.Datetime(
        string="Alipay Last Check",
        readonly=True,
        copy=False,
    )

    # === BUSINESS METHODS - PAYMENT FLOW === #

    @api.model
    def _compute_reference(self, provider_code, prefix=None, separator="-", **kwargs):
        """Override of `payment` to make references Alipay accepts as order and refund
        request numbers: letters, digits and underscores, 64 characters at most.

        :param str provider_code: The code of the provider handling the transaction.
        :param str prefix: The custom prefix used to compute the full reference.
        :param str separator: The custom separator used to separate the prefix from
            the suffix.
        :return: The unique reference for the transaction.
        :rtype: str
        """
        if provider_code != "alipay":
            return super()._compute_reference(
                provider_code, prefix=prefix, separator=separator, **kwargs
            )
        if not prefix:
            # Only names of the documents being paid are read (as the payment module
            # does when no prefix is given); they are sanitized below.
            tx_sudo = self.sudo()
            prefix = tx_sudo._compute_reference_prefix(provider_code, "_", **kwargs)
        prefix = re.sub(r"[^A-Za-z0-9_]", "_", prefix or "")[
            : const.REFERENCE_MAX_LENGTH - 8
        ]
        if not re.search(r"[A-Za-z0-9]", prefix):
            prefix = payment_utils.singularize_reference_prefix(separator="_")
        return super()._compute_reference(
            provider_code, prefix=prefix, separator="_", **kwargs
        )

    def _get_specific_rendering_values(self, processing_values):
        """Override of `payment` to return the signed redirect form of Alipay: the
        desktop cashier (alipay.trade.page.pay) or, for phones, the mobile web
        cashier (alipay.trade.wap.pay).

        Note: self.ensure_one() from `_get_processing_values`.

        :param dict processing_values: The generic processing values of the
            transaction.
        :return: The dict of provider-specific rendering values.
        :rtype: dict
        """
        res = super()._get_specific_rendering_values(processing_values)
        if self.provider_code != "alipay":
            return res

        user_agent = request.httprequest.user_agent.string if request else ""
        flow = "wap" if const.MOBILE_USER_AGENT.search(user_agent or "") else "page"
        params = self._alipay_prepare_redirect_params(flow)
        return {
            "api_url": self.provider_id._alipay_get_gateway_url(),
            "url_params": params,
        }

    def _alipay_prepare_redirect_params(self, flow):
        """Sign the parameters of the page or WAP payment of this transaction.

        :param str flow: ``page`` or ``wap``.
        :return: The signed parameters the buyer's browser sends to the gateway.
        :rtype: dict
        """
        self.ensure_one()
        self._alipay_check_payable()
        provider = self.provider_id
        expire_at = self._alipay_compute_expiry()
        biz_content = {
            **self._alipay_prepare_order_content(),
            "product_code": const.FLOW_PRODUCT_CODES[flow],
            "time_expire": to_api_datetime(expire_at),
        }
        base_url = provider.get_base_url()
        if flow == "wap":
            biz_content["quit_url"] = f"{base_url}/payment/status"
        params = provider._alipay_get_client().signed_params(
            const.FLOW_METHODS[flow],
            biz_content,
            return_url=provider._alipay_get_return_url(),
            notify_url=provider._alipay_get_notify_url(),
        )
        self.write({"alipay_flow": flow, "alipay_expire_at": expire_at})
        return params

    def _alipay_check_payable(self):
        """Refuse what Alipay cannot take: another currency, an order number it
        does not accept.

        :raise ValidationError: If the transaction cannot be paid with Alipay.
        """
        self.ensure_one()
        if self.currency_id.name not in const.SUPPORTED_CURRENCIES:
            raise ValidationError(
                self.env._(
                    "Alipay takes payments in Chinese yuan (CNY) only, not in "
                    "%(currency)s.",
                    currency=self.currency_id.name,
                )
            )
        if not const.REFERENCE_PATTERN.match(self.reference or ""):
            raise ValidationError(
                self.env._(
                    "The reference %(reference)s cannot be an Alipay order number: "
                    "only letters, digits and underscores, 64 characters at most.",
                    reference=self.reference,
                )
            )

    def _alipay_compute_expiry(self):
        self.ensure_one()
        return fields.Datetime.now() + timedelta(
            minutes=self.provider_id.alipay_order_timeout or 120
        )

    def _alipay_prepare_order_content(self):
        """The business parameters every payment flow shares."""
        self.ensure_one()
        subject = const.SUBJECT_FORBIDDEN.sub(
            " ", f"{self.company_id.name} {self.reference}"
        )[: const.SUBJECT_MAX_LENGTH]
        return {
            "out_trade_no": self.reference,
            "total_amount": self._alipay_format_amount(self.amount),
            "subject": subject,
        }

    def _alipay_format_amount(self, amount):
        return float_repr(float_round(abs(amount), 2), 2)

    # === BUSINESS METHODS - QR CODE (当面付) === #

    def action_alipay_show_qr(self):
        """Open the page that shows the QR code of this transaction and follows its
        payment, e.g. on a counter screen."""
        self.ensure_one()
        self.check_access("write")
        # The caller may write on this transaction (checked above); the keys of its
        # provider are read to sign the request.
        values = self.sudo()._alipay_get_qr_code()
        return {
            "type": "ir.actions.act_url",
            "url": values["qr_page_url"],
            "target": "new",
        }

    def _alipay_get_qr_code(self):
        """Create the Alipay order of this transaction (alipay.trade.precreate) and
        return the QR code the buyer scans. Asking again returns the same code while
        the order is open.

        Note: self.ensure_one(); reads the provider's keys: call it with sudo.

        :return: ``qr_code`` (the content of the QR code) and ``qr_page_url`` (a page
            showing it, which follows the payment).
        :rtype: dict
        :raise ValidationError: If Alipay refuses the order.
        """
        self.ensure_one()
        if self.provider_code != "alipay":
            raise ValidationError(
                self.env._("Only Alipay transactions have an Alipay QR code.")
            )
        if self.state not in ("draft", "pending"):
            raise ValidationError(
                self.env._(
                    "The transaction %(reference)s is no longer waiting for payment.",
                    reference=self.reference,
                )
            )
        if self.alipay_expire_at and self.alipay_expire_at <= fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "The Alipay order of %(reference)s has expired: start a new "
                    "payment.",
                    reference=self.reference,
                )
            )
        if not self.alipay_qr_code:
            self._alipay_precreate()
        return {
            "qr_code": self.alipay_qr_code,
            "qr_page_url": self._alipay_get_qr_page_url(),
        }

    def _alipay_precreate(self):
        self.ensure_one()
        self._alipay_check_payable()
        expire_at = self._alipay_compute_expiry()
        biz_content = {
            **self._alipay_prepare_order_content(),
            "timeout_express": f"{self.provider_id.alipay_order_timeout}m",
        }
        response = self.provider_id._alipay_send_api_request(
            const.FLOW_METHODS["precreate"], biz_content
        )
        if response.get("code") != const.CODE_SUCCESS:
            if response.get("sub_code") == const.SUB_CODE_TRADE_HAS_SUCCESS:
                self._alipay_query_trade()
            raise ValidationError(
                self.env._(
                    "Alipay did not create the QR code: %(message)s (%(code)s).",
                    message=response.get("sub_msg") or response.get("msg"),
                    code=response.get("sub_code"),
                )
            )
        self.write(
            {
                "alipay_flow": "precreate",
                "alipay_qr_code": response["qr_code"],
                "alipay_expire_at": expire_at,
            }
        )

    @api.model
    def _alipay_get_access_token(self, tx_id):
        """The access token of the QR code page of a transaction: an HMAC of its id,
        so that it can be checked before the transaction is read."""
        # Only the database secret is read, to key the HMAC; no record is.
        env_su = self.env(su=True)
        return hmac_tool(env_su, "payment_alipay_qr", str(tx_id))

    @api.model
    def _alipay_check_access_token(self, tx_id, access_token):
        return bool(access_token) and consteq(
            str(access_token), self._alipay_get_access_token(tx_id)
        )

    def _alipay_get_qr_page_url(self):
        self.ensure_one()
        query = urlencode({"access_token": self._alipay_get_access_token(self.id)})
        return f"/payment/alipay/qr/{self.id}?{query}"

    def _alipay_get_qr_image_url(self):
        """The QR code as an image, drawn by Odoo's barcode route."""
        self.ensure_one()
        query = urlencode(
            {
                "barcode_type": "QR",
                "value": self.alipay_qr_code,
                "width": 280,
                "height": 280,
            }
        )
        return f"/report/barcode/?{query}"

    # === BUSINESS METHODS - NOTIFICATIONS === #

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        """Override of `payment` to find the transaction of signed Alipay data.

        The signature is verified first, with the Alipay public key of each Alipay
        provider; only then is the order number read.

        :param str provider_code: The code of the provider that handled the
            transaction.
        :param dict notification_data: The notification or return parameters.
        :return: The transaction if found.
        :rtype: recordset of `payment.transaction`
        :raise ValidationError: If the signature is invalid or no transaction of the
            signing provider matches.
        """
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "alipay" or len(tx) == 1:
            return tx

        provider = self.env["payment.provider"]._alipay_find_signer(notification_data)
        reference = notification_data.get("out_trade_no")
        if not reference:
            raise ValidationError(
                self.env._("Alipay: Received data with missing reference.")
            )
        tx = self.search(
            [
                ("reference", "=", reference),
                ("provider_id", "=", provider.id),
                ("operation", "!=", "refund"),
            ]
        )
        if not tx:
            raise ValidationError(
                self.env._(
                    "Alipay: No transaction found matching reference %(reference)s.",
                    reference=reference,
                )
            )
        return tx

    def _process_notification_data(self, notification_data):
        """Override of `payment` to process the transaction based on a signed Alipay
        notification: check that it is for this application, seller and amount, then
        follow its trade status.

        Note: self.ensure_one() from `_process_notification_data`

        :param dict notification_data: The notification data sent by Alipay.
        :return: None
        :raise ValidationError: If the data do not match the transaction.
        """
        super()._process_notification_data(notification_data)
        if self.provider_code != "alipay":
            return

        self._alipay_check_identity(notification_data)
        if notification_data.get("out_biz_no"):
            self._alipay_process_refund_notification(notification_data)
        else:
            self._alipay_apply_trade_data(notification_data)

    def _alipay_check_identity(self, data):
        """Check that signed notification or return data were sent for the
        application and seller of this transaction's provider, and for its amount.

        :raise ValidationError: If any of them differs.
        """
        self.ensure_one()
        provider = self.provider_id
        if data.get("app_id") != provider.alipay_app_id:
            raise ValidationError(
                self.env._(
                    "Alipay: Received data for another application (%(app_id)s) "
                    "than the one of transaction %(reference)s.",
                    app_id=data.get("app_id"),
                    reference=self.reference,
                )
            )
        if data.get("seller_id") != provider.alipay_seller_id:
            raise ValidationError(
                self.env._(
                    "Alipay: Received data for another seller (%(seller_id)s) than "
                    "the one of transaction %(reference)s.",
                    seller_id=data.get("seller_id"),
                    reference=self.reference,
                )
            )
        self._alipay_check_amount(data)

    def _alipay_check_amount(self, data):
        self.ensure_one()
        try:
            amount = float(data.get("total_amount"))
        except (TypeError, ValueError):
            amount = None
        if amount is None or self.currency_id.compare_amounts(amount, self.amount):
            raise ValidationError(
                self.env._(
                    "Alipay: Received an amount of %(amount)s for transaction "
                    "%(reference)s of %(expected)s.",
                    amount=data.get("total_amount"),
                    reference=self.reference,
                    expected=self._alipay_format_amount(self.amount),
                )
            )

    def _alipay_apply_trade_data(self, data):
        """Follow the trade status of verified Alipay data (a notification or the
        answer to a query). A status already applied changes nothing.

        :raise ValidationError: If the amount differs from the transaction's.
        """
        self.ensure_one()
        if data.get("out_trade_no") != self.reference:
            raise ValidationError(
                self.env._(
                    "Alipay: Received data for order %(order)s instead of "
                    "%(reference)s.",
                    order=data.get("out_trade_no"),
                    reference=self.reference,
                )
            )
        self._alipay_check_amount(data)
        trade_no = data.get("trade_no")
        if trade_no and self.provider_reference != trade_no:
            self.provider_reference = trade_no
        status = data.get("trade_status")
        if status in const.TRANSACTION_STATUS_MAPPING["done"]:
            # Alipay holds the money: that stands even if the order was closed here.
            self._set_done(extra_allowed_states=("cancel",))
        elif status in const.TRANSACTION_STATUS_MAPPING["pending"]:
            if self.state == "draft":
                self._set_pending()
        elif status in const.TRANSACTION_STATUS_MAPPING["cancel"]:
            if self.state in ("draft", "pending", "authorized"):
                self._set_canceled(
                    state_message=self.env._("The order was closed at Alipay.")
                )
        else:
            _logger.warning(
                "Alipay: transaction %s received the unknown trade status %s",
                self.reference,
                status,
            )

    def _alipay_process_return(self, return_data):
        """The buyer came back from Alipay with signed data (already verified): ask
        Alipay for the trade status, which is authoritative.

        :raise ValidationError: If the data do not match the transaction.
        """
        self.ensure_one()
        self._alipay_check_identity(return_data)
        self._alipay_query_trade()

    # === BUSINESS METHODS - QUERIES AND EXPIRY === #

    def _alipay_query_trade(self):
        """Ask Alipay for the status of this transaction's order and follow it.

        :return: Whether Alipay knows the order.
        :rtype: bool
        :raise ValidationError: If Alipay cannot be asked or refuses.
        """
        self.ensure_one()
        self.alipay_last_query_at = fields.Datetime.now()
        response = self.provider_id._alipay_send_api_request(
            "alipay.trade.query", {"out_trade_no": self.reference}
        )
        if response.get("code") == const.CODE_SUCCESS:
            self._alipay_apply_trade_data(response)
            return True
        if response.get("sub_code") == const.SUB_CODE_TRADE_NOT_EXIST:
            return False
        raise ValidationError(
            self.env._(
                "Alipay could not tell the status of %(reference)s: %(message)s "
                "(%(code)s).",
                reference=self.reference,
                message=response.get("sub_msg") or response.get("msg"),
                code=response.get("sub_code"),
            )
        )

    def _alipay_close_trade(self):
        """Close the expired order of this transaction at Alipay and cancel it."""
        self.ensure_one()
        response = self.provider_id._alipay_send_api_request(
            "alipay.trade.close", {"out_trade_no": self.reference}
        )
        sub_code = response.get("sub_code")
        if response.get("code") == const.CODE_SUCCESS or (
            sub_code == const.SUB_CODE_TRADE_NOT_EXIST
        ):
            self._set_canceled(
                state_message=self.env._(
                    "The Alipay order expired unpaid and was closed."
                )
            )
        elif sub_code == const.SUB_CODE_TRADE_STATUS_ERROR:
            # Paid or closed in the meantime: follow what Alipay says.
            self._alipay_query_trade()
        else:
            raise ValidationError(
                self.env._(
                    "Alipay did not close %(reference)s: %(message)s (%(code)s).",
                    reference=self.reference,
                    message=response.get("sub_msg") or response.get("msg"),
                    code=sub_code,
                )
            )

    def _alipay_check_status(self):
        """Recover what a lost notification would have said and close the order once
        it expired; for a refund, follow it until it is final."""
        self.ensure_one()
        if self.operation == "refund":
            self._alipay_follow_refund()
            return
        self._alipay_query_trade()
        if (
            self.state in ("draft", "pending")
            and self.alipay_expire_at
            and self.alipay_expire_at <= fields.Datetime.now()
        ):
            self._alipay_close_trade()

    def _alipay_check_where(self, now):
        """The transactions the scheduled check looks at, as an SQL condition."""
        return SQL(
            """
            provider_id IN (
                SELECT id FROM payment_provider
                 WHERE code = 'alipay' AND state != 'disabled'
            )
            AND (
                (operation = 'refund' AND state = 'pending')
                OR (operation IS DISTINCT FROM 'refund'
                    AND state IN ('draft', 'pending')
                    AND alipay_flow IS NOT NULL)
            )
            AND (alipay_last_query_at IS NULL OR alipay_last_query_at <= %s)
            """,
            now - timedelta(seconds=const.CHECK_INTERVAL),
        )

    @api.model
    def _cron_alipay_check(self, batch_size=const.CHECK_BATCH_SIZE):
        """Ask Alipay about the transactions still waiting, a batch at a time: mark
        paid what a lost notification did not, close expired orders, follow refunds.
        Two workers never check the same transaction (the rows are locked, others
        skipped), and a transaction is asked about at most every few minutes, so
        running it twice changes nothing more."""
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM payment_transaction
                 WHERE %s
                 ORDER BY id
                 LIMIT %s
                   FOR UPDATE SKIP LOCKED
                """,
                self._alipay_check_where(now),
                batch_size,
            )
        )
        transactions = self.browse([row[0] for row in self.env.cr.fetchall()])
        for tx in transactions:
            try:
                with self.env.cr.savepoint():
                    tx._alipay_check_status()
            except ValidationError as error:
                _logger.warning(
                    "Alipay: could not check transaction %s: %s", tx.reference, error
                )
            tx.alipay_last_query_at = fields.Datetime.now()
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*) FROM payment_transaction WHERE %s",
                self._alipay_check_where(now),
            )
        )
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(
            done=len(transactions), remaining=remaining
        )
        return transactions

    # === BUSINESS METHODS - REFUNDS === #

    def _send_refund_request(self, amount_to_refund=None):
        """Override of `payment` to refund through alipay.trade.refund.

        Note: self.ensure_one()

        :param float amount_to_refund: The amount to refund.
        :return: The refund transaction created to process the refund request.
        :rtype: recordset of `payment.transaction`
        """
        refund_tx = super()._send_refund_request(amount_to_refund=amount_to_refund)
        if self.provider_code != "alipay":
            return refund_tx
        refund_tx._alipay_request_refund()
        return refund_tx

    def _alipay_request_refund(self):
        """Ask Alipay to refund this refund transaction (its reference is the refund
        request number, so asking again never refunds twice), then follow it.

        When the outcome is unknown the transaction stays pending and the scheduled
        check asks again with the same request number.
        """
        self.ensure_one()
        source_tx = self.source_transaction_id
        biz_content = {
            "out_trade_no": source_tx.reference,
            "refund_amount": self._alipay_format_amount(self.amount),
            "out_request_no": self.reference,
            "refund_reason": self.env._(
                "Refund of %(reference)s", reference=source_tx.reference
            ),
        }
        self.alipay_last_query_at = fields.Datetime.now()
        try:
            response = self.provider_id._alipay_send_api_request(
                "alipay.trade.refund", biz_content
            )
        except AlipayUnreachable as error:
            _logger.warning(
                "Alipay: refund %s has an unknown outcome, to be checked again: %s",
                self.reference,
                error,
            )
            if self.state == "draft":
                self._set_pending(state_message=str(error))
            return
        if response.get("code") != const.CODE_SUCCESS:
            message = self.env._(
                "Alipay refused the refund: %(message)s (%(code)s).",
                message=response.get("sub_msg") or response.get("msg"),
                code=response.get("sub_code"),
            )
            _logger.warning("Alipay: refund %s refused: %s", self.reference, message)
            self._set_error(message)
            return
        if response.get("trade_no"):
            self.provider_reference = response["trade_no"]
        if response.get("fund_change") == "Y":
            self._set_done()
        else:
            self._alipay_query_refund()

    def _alipay_query_refund(self):
        """Ask Alipay whether this refund went through (fastpay.refund.query).

        :return: Whether the refund is done.
        :rtype: bool
        """
        self.ensure_one()
        source_tx = self.source_transaction_id
        self.alipay_last_query_at = fields.Datetime.now()
        response = self.provider_id._alipay_send_api_request(
            "alipay.trade.fastpay.refund.query",
            {"out_trade_no": source_tx.reference, "out_request_no": self.reference},
        )
        if (
            response.get("code") == const.CODE_SUCCESS
            and response.get("refund_status") == const.REFUND_STATUS_SUCCESS
        ):
            refunded = response.get("refund_amount")
            if refunded and self.currency_id.compare_amounts(
                float(refunded), abs(self.amount)
            ):
                raise ValidationError(
                    self.env._(
                        "Alipay refunded %(refunded)s for refund %(reference)s of "
                        "%(expected)s.",
                        refunded=refunded,
                        reference=self.reference,
                        expected=self._alipay_format_amount(self.amount),
                    )
                )
            self._set_done()
            return True
        if self.state == "draft":
            self._set_pending()
        return False

    def _alipay_follow_refund(self):
        """Follow a pending refund until it is final: done when Alipay confirms it,
        else ask for it again with the same request number."""
        self.ensure_one()
        if not self._alipay_query_refund():
            self._alipay_request_refund()

    def _alipay_process_refund_notification(self, notification_data):
        """A refund notification (it names the refund request in out_biz_no): confirm
        the matching refund transaction with a query."""
        self.ensure_one()
        self._alipay_check_amount(notification_data)
        refund_tx = self.child_transaction_ids.filtered(
            lambda tx: (
                tx.operation == "refund"
                and tx.reference == notification_data.get("out_biz_no")
            )
        )
        if not refund_tx:
            _logger.info(
                "Alipay: refund notification %s of %s made outside Odoo; nothing to do",
                notification_data.get("out_biz_no"),
                self.reference,
            )
            return
        if refund_tx.state in ("draft", "pending"):
            refund_tx._alipay_query_refund()

    @api.model
    def _alipay_log_notification(self, data):
        _logger.info(
            "Alipay: notification received with data:\n%s",
            pprint.pformat(
                {key: value for key, value in data.items() if key != "sign"}
            ),
        )
