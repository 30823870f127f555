# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import WeChatPayCommon

NOTIFY = "/payment/wechatpay/notify"
TX_LOGGER = "odoo.addons.payment_wechatpay.models.payment_transaction"


@tagged("post_install", "-at_install")
class TestWeChatPayRefund(WeChatPayCommon, PaymentHttpCommon):
    def _paid_tx(self):
        tx = self._create_order_tx()
        self.fake.pay(tx.wechatpay_out_trade_no)
        tx._wechatpay_query()
        self.assertEqual(tx.state, "done")
        return tx

    def _refund(self, tx, amount):
        tx.action_refund(amount_to_refund=amount)
        return tx.child_transaction_ids.filtered(lambda t: t.operation == "refund")[-1:]

    def _notify(self, headers, body):
        return self.url_open(NOTIFY, data=body.encode(), headers=headers)

    def test_refund_then_its_notification(self):
        tx = self._paid_tx()
        refund_tx = self._refund(tx, 20.0)
        self.assertEqual(refund_tx.amount, -20.0)
        self.assertEqual(refund_tx.state, "pending")
        request = self.fake.refunds[refund_tx.wechatpay_out_trade_no]["request"]
        self.assertEqual(request["out_trade_no"], tx.wechatpay_out_trade_no)
        self.assertEqual(
            request["amount"], {"refund": 2000, "total": 8880, "currency": "CNY"}
        )
        self.assertTrue(request["notify_url"].endswith(NOTIFY))

        self.fake.finish_refund(refund_tx.wechatpay_out_trade_no)
        resource = self.fake.refund_notification_resource(
            refund_tx.wechatpay_out_trade_no
        )
        notification = self.fake.notification(resource, event_type="REFUND.SUCCESS")
        self.assertIn(self._notify(*notification).status_code, (200, 204))
        self.assertEqual(refund_tx.state, "done")
        self.assertEqual(
            refund_tx.provider_reference,
            self.fake.refunds[refund_tx.wechatpay_out_trade_no]["refund_id"],
        )
        last_change = refund_tx.last_state_change
        self.assertIn(self._notify(*notification).status_code, (200, 204))
        self.assertEqual(
            (refund_tx.state, refund_tx.last_state_change), ("done", last_change)
        )
        self.assertEqual(tx.state, "done")

    def test_refund_final_state_by_the_job(self):
        tx = self._paid_tx()
        refund_tx = self._refund(tx, 88.8)
        self.fake.finish_refund(refund_tx.wechatpay_out_trade_no)
        self._backdate(refund_tx)
        self.env["payment.transaction"]._cron_wechatpay_sync()
        self.assertEqual(refund_tx.state, "done")

    def test_abnormal_refund_is_an_error(self):
        tx = self._paid_tx()
        refund_tx = self._refund(tx, 10.0)
        self.fake.finish_refund(refund_tx.wechatpay_out_trade_no, status="ABNORMAL")
        self._backdate(refund_tx)
        self.env["payment.transaction"]._cron_wechatpay_sync()
        self.assertEqual(refund_tx.state, "error")
        self.assertIn("merchant platform", refund_tx.state_message)

    def test_refund_refused_by_wechatpay_leaves_nothing(self):
        tx = self._paid_tx()
        with (
            self.assertRaisesRegex(ValidationError, "INVALID_REQUEST"),
            self.env.cr.savepoint(),
        ):
            self._refund(tx, 100.0)
        self.assertFalse(tx.child_transaction_ids)
        self.assertFalse(self.fake.refunds)

    def test_refund_notification_with_a_tampered_amount_changes_nothing(self):
        tx = self._paid_tx()
        refund_tx = self._refund(tx, 20.0)
        self.fake.finish_refund(refund_tx.wechatpay_out_trade_no)
        resource = self.fake.refund_notification_resource(
            refund_tx.wechatpay_out_trade_no
        )
        resource["amount"]["refund"] = 8880
        with self.assertLogs(TX_LOGGER, "WARNING"):
            response = self._notify(
                *self.fake.notification(resource, event_type="REFUND.SUCCESS")
            )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(refund_tx.state, "pending")

    def test_refund_made_in_the_merchant_platform(self):
        tx = self._paid_tx()
        self.fake._refund(
            {
                "out_trade_no": tx.wechatpay_out_trade_no,
                "out_refund_no": "MERCHANTREFUND1",
                "amount": {"refund": 880, "total": 8880, "currency": "CNY"},
            }
        )
        self.fake.finish_refund("MERCHANTREFUND1")
        resource = self.fake.refund_notification_resource("MERCHANTREFUND1")
        response = self._notify(
            *self.fake.notification(resource, event_type="REFUND.SUCCESS")
        )
        self.assertIn(response.status_code, (200, 204))
        refund_tx = tx.child_transaction_ids
        self.assertEqual(len(refund_tx), 1)
        self.assertEqual((refund_tx.amount, refund_tx.state), (-8.8, "done"))
        self.assertEqual(refund_tx.wechatpay_out_trade_no, "MERCHANTREFUND1")
