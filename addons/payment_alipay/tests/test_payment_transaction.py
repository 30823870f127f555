# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import APP_ID, AlipayCommon

MODELS = "odoo.addons.payment_alipay.models"
LOGGER = f"{MODELS}.payment_transaction"
PAYMENT_LOGGER = "odoo.addons.payment.models.payment_transaction"


@tagged("post_install", "-at_install")
class TestPaymentTransaction(AlipayCommon):
    # === Page pay === #

    def test_page_pay_renders_a_signed_redirect_form(self):
        tx = self._create_alipay_transaction()
        with self.assertLogs(PAYMENT_LOGGER, logging.INFO) as logs:
            form, html = self._render_redirect_form(tx)
        self.assertEqual(form["action"], self.fake.url)
        self.assertEqual(form["method"], "get")
        inputs = form["inputs"]
        self.assertEqual(inputs["method"], "alipay.trade.page.pay")
        self.assertEqual(inputs["app_id"], APP_ID)
        self.assertEqual(inputs["sign_type"], "RSA2")
        self.assertTrue(inputs["notify_url"].endswith("/payment/alipay/notify"))
        self.assertTrue(inputs["return_url"].endswith("/payment/alipay/return"))
        biz = self._biz_content(form)
        self.assertEqual(biz["out_trade_no"], tx.reference)
        self.assertEqual(biz["total_amount"], "88.88")
        self.assertEqual(biz["product_code"], "FAST_INSTANT_TRADE_PAY")
        self.assertEqual(tx.alipay_flow, "page")
        # Two hours from now, in Beijing time (UTC+8).
        expected_expiry = tx.alipay_expire_at + timedelta(hours=8)
        self.assertEqual(
            datetime.strptime(biz["time_expire"], "%Y-%m-%d %H:%M:%S"),
            expected_expiry.replace(microsecond=0),
        )
        self.assertAlmostEqual(
            tx.alipay_expire_at,
            fields.Datetime.now() + timedelta(minutes=120),
            delta=timedelta(minutes=1),
        )
        # The fake cashier accepts the signature made with the app private key.
        self.assertEqual(self.fake.open_cashier(inputs)["out_trade_no"], tx.reference)
        self.assertNoSecret(html, "the redirect form")
        self.assertNoSecret("\n".join(logs.output), "the logs")
        self.assertNotIn(self.alipay_public_pem.splitlines()[2], html)
        self.assertEqual(tx.state, "draft")

    def test_wap_pay_for_phones(self):
        tx = self._create_alipay_transaction()
        phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"
        fake_request = type(
            "Request",
            (),
            {
                "httprequest": type(
                    "HttpRequest", (), {"user_agent": type("UA", (), {"string": phone})}
                )
            },
        )
        with patch(f"{MODELS}.payment_transaction.request", fake_request):
            form, html = self._render_redirect_form(tx)
        self.assertEqual(form["inputs"]["method"], "alipay.trade.wap.pay")
        biz = self._biz_content(form)
        self.assertEqual(biz["product_code"], "QUICK_WAP_WAY")
        self.assertTrue(biz["quit_url"].endswith("/payment/status"))
        self.assertEqual(tx.alipay_flow, "wap")
        self.fake.open_cashier(form["inputs"])
        self.assertNoSecret(html, "the WAP redirect form")

    def test_rendering_refuses_other_currencies(self):
        tx = self._create_alipay_transaction(currency_id=self.currency_euro.id)
        with self.assertRaises(ValidationError) as caught:
            tx._get_processing_values()
        self.assertIn("CNY", str(caught.exception))

    # === QR code (precreate) === #

    def test_precreate_gives_a_qr_code_once(self):
        tx = self._create_alipay_transaction()
        values = tx._alipay_get_qr_code()
        self.assertTrue(values["qr_code"].startswith("https://qr.alipay.com/"))
        self.assertEqual(tx.alipay_qr_code, values["qr_code"])
        self.assertEqual(tx.alipay_flow, "precreate")
        self.assertIn(
            f"/payment/alipay/qr/{tx.id}?access_token=", values["qr_page_url"]
        )
        token = values["qr_page_url"].split("=")[1]
        self.assertTrue(tx._alipay_check_access_token(tx.id, token))
        self.assertFalse(tx._alipay_check_access_token(tx.id + 1, token))
        self.assertFalse(tx._alipay_check_access_token(tx.id, "forged"))
        self.assertIn("barcode_type=QR", tx._alipay_get_qr_image_url())
        method, biz, params = self.fake.calls[0]
        self.assertEqual(method, "alipay.trade.precreate")
        self.assertEqual(biz["total_amount"], "88.88")
        self.assertEqual(biz["timeout_express"], "120m")
        self.assertTrue(params["notify_url"].endswith("/payment/alipay/notify"))
        # Asking again shows the same code without a new order.
        self.assertEqual(tx._alipay_get_qr_code()["qr_code"], values["qr_code"])
        self.assertEqual(len(self.fake.calls), 1)

    def test_counter_opens_the_qr_code_page(self):
        tx = self._create_alipay_transaction()
        action = tx.action_alipay_show_qr()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], tx._alipay_get_qr_page_url())
        self.assertTrue(tx.alipay_qr_code)
        clerk = new_test_user(self.env, login="alipay_clerk", groups="base.group_user")
        with self.assertRaises(AccessError):
            tx.with_user(clerk).action_alipay_show_qr()

    def test_precreate_refused_is_a_clear_error(self):
        tx = self._create_alipay_transaction(amount=100000.01)
        with self.assertRaises(ValidationError) as caught:
            tx._alipay_get_qr_code()
        self.assertIn("ACQ.TOTAL_FEE_EXCEED", str(caught.exception))
        self.assertFalse(tx.alipay_qr_code)
        self.assertEqual(tx.state, "draft")

    def test_refused_call_and_bad_answer_signature(self):
        tx = self._create_alipay_transaction()
        self.provider.alipay_app_id = "2021000999999999"
        with self.assertRaises(ValidationError) as caught:
            tx._alipay_get_qr_code()
        self.assertIn("isv.invalid-app-id", str(caught.exception))
        self.provider.alipay_app_id = APP_ID
        self.fake.fail_next("alipay.trade.precreate", "bad_signature")
        with self.assertRaises(ValidationError) as caught:
            tx._alipay_get_qr_code()
        self.assertIn("could not be trusted", str(caught.exception))
        self.assertFalse(tx.alipay_qr_code)

    # === Scheduled check === #

    def _age(self, *txs, expired=False):
        """Make the transactions due for the scheduled check (and expired)."""
        past = fields.Datetime.now() - timedelta(hours=3)
        for tx in txs:
            tx.alipay_last_query_at = past
            if expired:
                tx.alipay_expire_at = past

    def test_check_recovers_a_missed_payment(self):
        tx = self._create_alipay_transaction()
        self._open_cashier(tx)
        trade = self.fake.pay(tx.reference)
        self.env["payment.transaction"]._cron_alipay_check()
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.provider_reference, trade["trade_no"])
        self.assertIn("alipay.trade.query", self.fake.methods_called())

    def test_check_closes_expired_orders(self):
        opened = self._create_alipay_transaction(reference="S00042_2")
        never_opened = self._create_alipay_transaction(reference="S00042_3")
        waiting = self._create_alipay_transaction(reference="S00042_4")
        self._open_cashier(opened)
        self._render_redirect_form(never_opened)
        self._open_cashier(waiting)
        self._age(opened, never_opened, expired=True)
        self.fake.calls.clear()
        self.env["payment.transaction"]._cron_alipay_check()
        self.assertEqual(opened.state, "cancel")
        self.assertEqual(self.fake.trades[opened.reference]["status"], "TRADE_CLOSED")
        self.assertEqual(never_opened.state, "cancel")
        # Not expired: the buyer is still paying it.
        self.assertEqual(waiting.state, "pending")
        closed = [
            biz["out_trade_no"]
            for method, biz, _p in self.fake.calls
            if method == "alipay.trade.close"
        ]
        self.assertEqual(sorted(closed), ["S00042_2", "S00042_3"])

    def test_check_twice_changes_nothing(self):
        paid = self._create_alipay_transaction(reference="S00042_2")
        expired = self._create_alipay_transaction(reference="S00042_3")
        self._open_cashier(paid)
        self._open_cashier(expired)
        self.fake.pay(paid.reference)
        self._age(expired, expired=True)
        Transaction = self.env["payment.transaction"]
        Transaction._cron_alipay_check()
        self.assertEqual((paid.state, expired.state), ("done", "cancel"))
        calls = len(self.fake.calls)
        checked = Transaction._cron_alipay_check()
        self.assertFalse(checked)
        self.assertEqual(len(self.fake.calls), calls)
        # Even long after, a final transaction is not asked about again.
        self._age(paid, expired)
        self.assertFalse(Transaction._cron_alipay_check())
        self.assertEqual((paid.state, expired.state), ("done", "cancel"))

    def test_check_works_in_batches(self):
        txs = self.env["payment.transaction"]
        for number in range(3):
            tx = self._create_alipay_transaction(reference=f"S00042_{number + 2}")
            self._open_cashier(tx)
            txs |= tx
        Cron = type(self.env["ir.cron"])
        with patch.object(Cron, "_notify_progress") as progress:
            first = self.env["payment.transaction"]._cron_alipay_check(batch_size=2)
        self.assertEqual(first, txs.sorted("id")[:2])
        progress.assert_called_once_with(done=2, remaining=1)
        with patch.object(Cron, "_notify_progress") as progress:
            second = self.env["payment.transaction"]._cron_alipay_check(batch_size=2)
        self.assertEqual(second, txs.sorted("id")[2:])
        progress.assert_called_once_with(done=1, remaining=0)
        self.assertEqual(set(txs.mapped("state")), {"pending"})

    def test_check_logs_an_unreachable_gateway_and_goes_on(self):
        unlucky = self._create_alipay_transaction(reference="S00042_2")
        lucky = self._create_alipay_transaction(reference="S00042_3")
        self._open_cashier(unlucky)
        self._open_cashier(lucky)
        self.fake.pay(unlucky.reference)
        self.fake.pay(lucky.reference)
        self.fake.fail_next("alipay.trade.query", "http_error")
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self.env["payment.transaction"]._cron_alipay_check()
        self.assertIn("could not check transaction S00042_2", logs.output[0])
        self.assertEqual(unlucky.state, "draft")
        self.assertTrue(unlucky.alipay_last_query_at)
        self.assertEqual(lucky.state, "done")
        # The next run recovers it.
        self._age(unlucky)
        self.env["payment.transaction"]._cron_alipay_check()
        self.assertEqual(unlucky.state, "done")

    # === Refunds === #

    def test_partial_refunds(self):
        tx = self._paid_transaction()
        tx.action_refund(amount_to_refund=20.0)
        refund = tx.child_transaction_ids
        self.assertEqual(refund.operation, "refund")
        self.assertEqual(refund.amount, -20.0)
        self.assertEqual(refund.state, "done")
        self.assertRegex(refund.reference, r"^R_S00042_1")
        method, biz, _params = self.fake.calls[-1]
        self.assertEqual(method, "alipay.trade.refund")
        self.assertEqual(biz["out_trade_no"], tx.reference)
        self.assertEqual(biz["out_request_no"], refund.reference)
        self.assertEqual(biz["refund_amount"], "20.00")
        tx.action_refund(amount_to_refund=68.88)
        self.assertEqual(tx.refunds_count, 2)
        self.assertEqual(set(tx.child_transaction_ids.mapped("state")), {"done"})
        self.assertEqual(len(self.fake.trades[tx.reference]["refunds"]), 2)

    def test_refund_refused_by_alipay_is_an_error(self):
        tx = self._paid_transaction()
        with self.assertLogs(LOGGER, "WARNING"):
            tx.action_refund(amount_to_refund=100.0)
        refund = tx.child_transaction_ids
        self.assertEqual(refund.state, "error")
        self.assertIn("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", refund.state_message)
        self.assertFalse(self.fake.trades[tx.reference]["refunds"])

    def test_refund_with_unknown_outcome_is_followed_until_final(self):
        tx = self._paid_transaction()
        self.fake.fail_next("alipay.trade.refund", "http_error")
        with self.assertLogs(LOGGER, "WARNING") as logs:
            tx.action_refund(amount_to_refund=30.0)
        self.assertIn("unknown outcome", logs.output[0])
        refund = tx.child_transaction_ids
        self.assertEqual(refund.state, "pending")
        # The scheduled check finds no refund at Alipay, asks again with the same
        # request number, and the refund goes through once.
        self._age(refund)
        self.fake.calls.clear()
        self.env["payment.transaction"]._cron_alipay_check()
        self.assertEqual(
            self.fake.methods_called(),
            ["alipay.trade.fastpay.refund.query", "alipay.trade.refund"],
        )
        self.assertEqual(refund.state, "done")
        self._age(refund)
        self.assertFalse(self.env["payment.transaction"]._cron_alipay_check())
        self.assertEqual(
            self.fake.trades[tx.reference]["refunds"], {refund.reference: 30}
        )

    def test_refund_without_fund_change_is_confirmed_by_a_query(self):
        tx = self._paid_transaction()
        tx.action_refund(amount_to_refund=10.0)
        first = tx.child_transaction_ids
        # The same request again (e.g. a retry): no fund change, confirmed by query.
        first._update_state(("done",), "pending", None)
        self.fake.calls.clear()
        first._alipay_request_refund()
        self.assertEqual(
            self.fake.methods_called(),
            ["alipay.trade.refund", "alipay.trade.fastpay.refund.query"],
        )
        self.assertEqual(first.state, "done")
        self.assertEqual(len(self.fake.trades[tx.reference]["refunds"]), 1)
