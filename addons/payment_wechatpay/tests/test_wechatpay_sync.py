# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import tagged

from .common import WeChatPayCommon

TX_LOGGER = "odoo.addons.payment_wechatpay.models.payment_transaction"


@tagged("post_install", "-at_install")
class TestWeChatPaySync(WeChatPayCommon):
    """The scheduled job catches up with the notifications that did not come."""

    def _sync(self, **kwargs):
        self.env["payment.transaction"]._cron_wechatpay_sync(**kwargs)

    def test_job_recovers_a_missed_payment(self):
        tx = self._create_order_tx()
        self._backdate(tx)
        self.fake.pay(tx.wechatpay_out_trade_no)
        self._sync()
        self.assertEqual(tx.state, "done")
        self.assertEqual(
            tx.provider_reference,
            self.fake.orders[tx.wechatpay_out_trade_no]["transaction_id"],
        )

    def test_job_leaves_recent_orders_to_the_notification(self):
        tx = self._create_order_tx()
        self.fake.pay(tx.wechatpay_out_trade_no)
        self._sync()
        self.assertEqual(tx.state, "draft")
        self.assertFalse(self._requests_to("/out-trade-no/", "GET"))

    def test_job_leaves_unpaid_orders_until_they_expire(self):
        tx = self._create_order_tx()
        self._backdate(tx)
        self._sync()
        self.assertEqual(tx.state, "draft")
        self.assertEqual(len(self._requests_to("/out-trade-no/", "GET")), 1)
        self.assertFalse(self._requests_to("/close"))

    def test_job_closes_expired_orders_once(self):
        tx = self._create_order_tx()
        self._backdate(tx)
        self._expire(tx)
        self._sync()
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(
            self.fake.orders[tx.wechatpay_out_trade_no]["trade_state"], "CLOSED"
        )
        self.assertEqual(len(self._requests_to("/close", "POST")), 1)
        # Safe to run twice: nothing is left to do.
        self.fake.requests.clear()
        self._sync()
        self.assertFalse(self.fake.requests)
        self.assertEqual(tx.state, "cancel")

    def test_job_does_not_close_an_order_paid_at_the_last_minute(self):
        tx = self._create_order_tx()
        self._backdate(tx)
        self._expire(tx)
        self.fake.pay(tx.wechatpay_out_trade_no)
        self._sync()
        self.assertEqual(tx.state, "done")
        self.assertFalse(self._requests_to("/close"))

    def test_job_cancels_an_expired_order_wechatpay_does_not_know(self):
        tx = self._create_order_tx()
        self._backdate(tx)
        self._expire(tx)
        del self.fake.orders[tx.wechatpay_out_trade_no]
        self._sync()
        self.assertEqual(tx.state, "cancel")

    def test_job_checks_answers_as_notifications(self):
        tx = self._create_order_tx()
        self._backdate(tx)
        self.fake.pay(tx.wechatpay_out_trade_no)
        self.fake.orders[tx.wechatpay_out_trade_no]["request"]["amount"]["total"] = 1
        with self.assertLogs(TX_LOGGER, "WARNING") as logs:
            self._sync()
        self.assertIn("does not match", logs.output[0])
        self.assertEqual(tx.state, "draft")

    def test_job_ignores_answers_not_signed_by_wechatpay(self):
        tx = self._create_order_tx()
        self._backdate(tx)
        self.fake.pay(tx.wechatpay_out_trade_no)
        self.fake.tamper_answers = True
        with self.assertLogs("odoo.addons.payment_wechatpay", "WARNING"):
            self._sync()
        self.assertEqual(tx.state, "draft")

    def test_job_works_in_batches(self):
        txs = self.env["payment.transaction"]
        for number in range(3):
            txs |= self._create_order_tx(reference=f"BATCH-{number}")
        self._backdate(txs)
        for tx in txs:
            self.fake.pay(tx.wechatpay_out_trade_no)
        with patch.object(type(self.env["ir.cron"]), "_notify_progress") as progress:
            self._sync(batch_size=2)
        progress.assert_called_once_with(done=2, remaining=1)
        self.assertEqual(txs.mapped("state"), ["done", "done", "draft"])
        with patch.object(type(self.env["ir.cron"]), "_notify_progress") as progress:
            self._sync(batch_size=2)
        progress.assert_called_once_with(done=1, remaining=0)
        self.assertEqual(set(txs.mapped("state")), {"done"})

    def test_job_ignores_disabled_providers(self):
        tx = self._create_order_tx()
        self._backdate(tx)
        self.fake.pay(tx.wechatpay_out_trade_no)
        self.provider.state = "disabled"
        self._sync()
        self.assertEqual(tx.state, "draft")
        self.assertFalse(self._requests_to("/out-trade-no/", "GET"))
