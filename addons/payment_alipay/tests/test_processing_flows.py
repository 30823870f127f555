# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from datetime import timedelta

from odoo import fields
from odoo.tests import JsonRpcException, tagged

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import AlipayCommon, generate_rsa_key

CONTROLLER = "odoo.addons.payment_alipay.controllers.main"
NOTIFY_URL = "/payment/alipay/notify"
RETURN_URL = "/payment/alipay/return"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/120.0 Mobile Safari/537.36"
)


@tagged("post_install", "-at_install")
class TestProcessingFlows(AlipayCommon, PaymentHttpCommon):
    def setUp(self):
        super().setUp()
        self.tx = self._create_alipay_transaction()
        self._open_cashier(self.tx)

    def _notify(self, params):
        # The request runs on the test cursor: what the test wrote must be there.
        self.env.flush_all()
        response = self.fake.send_notification(self._build_url(NOTIFY_URL), params)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/plain"))
        return response.text

    def _snapshot(self, tx):
        tx.invalidate_recordset()
        return tx.read(
            ["state", "provider_reference", "last_state_change", "write_date"]
        )[0]

    def _assert_refused(self, params, reason):
        before = self._snapshot(self.tx)
        with self.assertLogs(CONTROLLER, "WARNING") as logs:
            self.assertEqual(self._notify(params), "failure")
        self.assertIn(reason, "\n".join(logs.output))
        self.assertEqual(self._snapshot(self.tx), before)

    # === Asynchronous notifications === #

    def test_good_notification_marks_the_transaction_done(self):
        trade = self.fake.pay(self.tx.reference)
        params = self.fake.notification(self.tx.reference)
        self.assertTrue(
            self.fake.trades[self.tx.reference]["notify_url"].endswith(NOTIFY_URL)
        )
        self.assertEqual(self._notify(params), "success")
        self.tx.invalidate_recordset()
        self.assertEqual(self.tx.state, "done")
        self.assertEqual(self.tx.provider_reference, trade["trade_no"])

    def test_duplicate_notification_changes_nothing(self):
        self.fake.pay(self.tx.reference)
        params = self.fake.notification(self.tx.reference)
        self.assertEqual(self._notify(params), "success")
        before = self._snapshot(self.tx)
        self.assertEqual(before["state"], "done")
        self.assertEqual(self._notify(params), "success")
        self.assertEqual(self._snapshot(self.tx), before)

    def test_bad_signature_changes_nothing(self):
        params = self.fake.notification(self.tx.reference)
        params["total_amount"] = "0.01"
        self._assert_refused(params, "invalid signature")
        other_key = generate_rsa_key()
        forged = self.fake.notification(self.tx.reference, private_key=other_key)
        self._assert_refused(forged, "invalid signature")
        unsigned = dict(params)
        del unsigned["sign"]
        self._assert_refused(unsigned, "invalid signature")

    def test_tampered_amount_changes_nothing(self):
        self.fake.pay(self.tx.reference)
        params = self.fake.notification(self.tx.reference, total_amount="0.01")
        self._assert_refused(params, "Received an amount of 0.01")

    def test_wrong_app_or_seller_changes_nothing(self):
        self.fake.pay(self.tx.reference)
        params = self.fake.notification(self.tx.reference, app_id="2021000999999999")
        self._assert_refused(params, "another application")
        params = self.fake.notification(self.tx.reference, seller_id="2088000000000001")
        self._assert_refused(params, "another seller")

    def test_unknown_order_changes_nothing(self):
        params = self.fake.notification("S99999_9", total_amount="88.88")
        self._assert_refused(params, "No transaction found")

    def test_trade_statuses(self):
        params = self.fake.notification(
            self.tx.reference, trade_status="WAIT_BUYER_PAY"
        )
        self.assertEqual(self._notify(params), "success")
        self.tx.invalidate_recordset()
        self.assertEqual(self.tx.state, "pending")
        params = self.fake.notification(self.tx.reference, trade_status="TRADE_CLOSED")
        self.assertEqual(self._notify(params), "success")
        self.tx.invalidate_recordset()
        self.assertEqual(self.tx.state, "cancel")

    def test_refund_notification_confirms_the_refund(self):
        self.fake.pay(self.tx.reference)
        self.tx._alipay_query_trade()
        self.fake.fail_next("alipay.trade.refund", "http_error")
        with self.assertLogs(
            "odoo.addons.payment_alipay.models.payment_transaction", "WARNING"
        ):
            self.tx.action_refund(amount_to_refund=8.88)
        refund = self.tx.child_transaction_ids
        self.assertEqual(refund.state, "pending")
        # Alipay did refund (the answer was lost) and notifies it.
        self.fake.trades[self.tx.reference]["refunds"][refund.reference] = 8.88
        params = self.fake.notification(
            self.tx.reference,
            out_biz_no=refund.reference,
            refund_fee="8.88",
            gmt_refund="2026-12-05 21:00:00.000",
        )
        self.assertEqual(self._notify(params), "success")
        refund.invalidate_recordset()
        self.assertEqual(refund.state, "done")
        self.tx.invalidate_recordset()
        self.assertEqual(self.tx.state, "done")

    # === Return from the cashier === #

    def test_verified_return_asks_alipay(self):
        self.fake.pay(self.tx.reference)
        params = self.fake.return_params(self.tx.reference)
        self.fake.calls.clear()
        self.env.flush_all()
        response = self._make_http_get_request(self._build_url(RETURN_URL), params)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/payment/status"))
        self.assertEqual(self.fake.methods_called(), ["alipay.trade.query"])
        self.tx.invalidate_recordset()
        self.assertEqual(self.tx.state, "done")

    def test_verified_return_of_an_unpaid_order_is_not_done(self):
        params = self.fake.return_params(self.tx.reference)
        self.env.flush_all()
        self._make_http_get_request(self._build_url(RETURN_URL), params)
        self.tx.invalidate_recordset()
        self.assertEqual(self.tx.state, "pending")

    def test_unverified_return_changes_nothing(self):
        self.fake.pay(self.tx.reference)
        params = self.fake.return_params(self.tx.reference)
        params["total_amount"] = "0.01"
        self.fake.calls.clear()
        before = self._snapshot(self.tx)
        self.env.flush_all()
        with self.assertLogs(CONTROLLER, "WARNING") as logs:
            response = self._make_http_get_request(self._build_url(RETURN_URL), params)
        self.assertIn("invalid signature", logs.output[0])
        self.assertTrue(response.url.endswith("/payment/status"))
        self.assertFalse(self.fake.calls)
        self.assertEqual(self._snapshot(self.tx), before)

    # === QR code page === #

    def test_qr_code_page_follows_the_payment(self):
        tx = self._create_alipay_transaction(reference="S00042_2")
        url = tx._alipay_get_qr_code()["qr_page_url"]
        token = url.split("access_token=")[1]
        self.env.flush_all()
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "/report/barcode/?barcode_type=QR&amp;value=https%3A%2F%2Fqr.alipay.com",
            response.text,
        )
        self.assertNoSecret(response.text, "the QR code page")
        # The image the page shows is drawn by Odoo.
        image = self.url_open(tx._alipay_get_qr_image_url())
        self.assertEqual(image.headers["Content-Type"], "image/png")
        self.assertEqual(
            self.url_open(f"/payment/alipay/qr/{tx.id}?access_token=x").status_code, 404
        )

        status_url = self._build_url("/payment/alipay/qr/status")
        self.assertEqual(
            self.make_jsonrpc_request(
                status_url, {"tx_id": tx.id, "access_token": token}
            ),
            {"state": "draft", "redirect_url": None},
        )
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(status_url, {"tx_id": tx.id, "access_token": "x"})
        # The buyer scans and pays; the notification is lost, the page asks Alipay.
        self.fake.scan(tx.reference)
        self.fake.pay(tx.reference)
        tx.alipay_last_query_at = fields.Datetime.now() - timedelta(minutes=1)
        self.env.flush_all()
        self.assertEqual(
            self.make_jsonrpc_request(
                status_url, {"tx_id": tx.id, "access_token": token}
            ),
            {"state": "done", "redirect_url": "/payment/status"},
        )
        # Once paid, the page moves on to the payment status.
        response = self.url_open(url)
        self.assertTrue(response.url.endswith("/payment/status"))

    # === Secrets === #

    def test_secrets_never_in_pages_or_logs(self):
        # Everything Odoo logs, at the standard INFO level (Odoo names 25 "INFO"),
        # whatever the log level of the run.
        with self.assertLogs("odoo", logging.INFO) as logs:
            page = self._portal_pay(**self._prepare_pay_values())
            self.assertEqual(page.status_code, 200)
            self.assertIn('data-provider-code="alipay"', page.text)
            self.assertNoSecret(page.text, "the payment page")
            # A phone gets the mobile web cashier, through the real payment route.
            values = self._prepare_transaction_values(
                self.payment_method_id, None, "redirect"
            )
            values["tokenization_requested"] = False
            processing_values = self.make_jsonrpc_request(
                self._build_url("/payment/transaction"),
                values,
                headers={"User-Agent": PHONE},
            )
            html = processing_values["redirect_form_html"]
            form = self._extract_values_from_html_form(html)
            self.assertEqual(form["inputs"]["method"], "alipay.trade.wap.pay")
            self.fake.open_cashier(form["inputs"])
            self.assertNoSecret(json.dumps(processing_values), "the processing values")
            reference = processing_values["reference"]
            self.fake.pay(reference)
            self.assertEqual(self._notify(self.fake.notification(reference)), "success")
        self.assertEqual(self._get_tx(reference).state, "done")
        self.assertNoSecret("\n".join(logs.output), "the logs")
        self.assertFalse(
            [line for line in logs.output if line.startswith(("WARNING", "ERROR"))]
        )
