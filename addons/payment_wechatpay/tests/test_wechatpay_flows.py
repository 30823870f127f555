# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json
import logging
import time
from unittest.mock import patch
from urllib.parse import quote, urlencode, urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import html

from odoo.tests import tagged

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import WeChatPayCommon

NOTIFY = "/payment/wechatpay/notify"
CONTROLLER_LOGGER = "odoo.addons.payment_wechatpay.controllers.main"
TX_LOGGER = "odoo.addons.payment_wechatpay.models.payment_transaction"


@tagged("post_install", "-at_install")
class TestWeChatPayFlows(WeChatPayCommon, PaymentHttpCommon):
    # === helpers === #

    def _start_payment(self, user_agent):
        """Pay through Odoo's /payment/transaction route from that browser."""
        self.opener.headers["User-Agent"] = user_agent
        processing_values = self._get_processing_values(
            **self._prepare_transaction_values(self.payment_method_id, None, "redirect")
        )
        tx = self._get_tx(processing_values["reference"])
        form = self._extract_values_from_html_form(
            processing_values["redirect_form_html"]
        )
        return tx, form, processing_values

    def _open_pay_page(self, form):
        response = self.url_open(f"{form['action']}?{urlencode(form['inputs'])}")
        self.assertEqual(response.status_code, 200)
        return response

    def _notify(self, headers, body):
        return self.url_open(NOTIFY, data=body.encode(), headers=headers)

    def _paid_notification(self, tx, **resource_changes):
        resource = self.fake.pay(tx.wechatpay_out_trade_no)
        resource.update(resource_changes)
        return self.fake.notification(resource)

    def assertRefused(self, response, status):
        self.assertEqual(response.status_code, status)
        self.assertEqual(response.json()["code"], "FAIL")

    # === flows === #

    def test_native_flow_shows_the_qr_code_and_polls(self):
        tx, form, processing_values = self._start_payment(self.DESKTOP)
        self.assertEqual(tx.wechatpay_flow, "native")
        self.assertTrue(form["action"].endswith("/payment/wechatpay/pay"))
        self.assertEqual(form["method"], "get")
        order = self.fake.orders[tx.wechatpay_out_trade_no]
        self.assertEqual(order["trade_type"], "NATIVE")
        self.assertEqual(order["request"]["amount"]["total"], self.amount_fen)

        page = self._open_pay_page(form).text
        # The expiry in the payer's time zone, to the minute.
        expire = tx.wechatpay_time_expire
        self.assertNotIn(expire.strftime("%H:%M:%S"), page)
        qr_src = html.fromstring(page).xpath("//img[hasclass('o_wechatpay_qr')]/@src")[
            0
        ]
        self.assertEqual(
            qr_src,
            "/report/barcode/?barcode_type=QR&value="
            f"{quote(tx.wechatpay_code_url, safe='')}&width=240&height=240",
        )
        qr = self.url_open(qr_src)
        self.assertEqual(qr.headers["Content-Type"], "image/png")
        self.assertNoSecret(page, "the pay page")
        self.assertNoSecret(json.dumps(processing_values), "the processing values")

        poll = {
            "reference": tx.reference,
            "access_token": form["inputs"]["access_token"],
        }
        self.assertEqual(
            self.make_jsonrpc_request("/payment/wechatpay/poll", poll),
            {"state": "draft", "final": False},
        )
        self._notify(*self._paid_notification(tx))
        self.assertEqual(
            self.make_jsonrpc_request("/payment/wechatpay/poll", poll),
            {"state": "done", "final": True},
        )
        # Once paid, the page sends the payer on to the status page.
        response = self.url_open(
            f"{form['action']}?{urlencode(form['inputs'])}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/payment/status"))

    def test_pages_need_the_access_token(self):
        tx, _form, _values = self._start_payment(self.DESKTOP)
        forged = {"reference": tx.reference, "access_token": "forged"}
        response = self.url_open(f"/payment/wechatpay/pay?{urlencode(forged)}")
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/payment/wechatpay/return?{urlencode(forged)}")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._requests_to("/out-trade-no/"))

    def test_h5_flow_redirects_to_wechatpay_and_back(self):
        tx, form, _values = self._start_payment(self.PHONE)
        self.assertEqual(tx.wechatpay_flow, "h5")
        self.assertEqual(
            form["action"], "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb"
        )
        order = self.fake.orders[tx.wechatpay_out_trade_no]
        self.assertEqual(form["inputs"]["prepay_id"], order["prepay_id"])
        self.assertEqual(
            order["request"]["scene_info"],
            {"payer_client_ip": "127.0.0.1", "h5_info": {"type": "Wap"}},
        )
        return_url = form["inputs"]["redirect_url"]
        self.assertTrue(
            return_url.startswith(f"{self.base_url()}/payment/wechatpay/return?")
        )

        # Back from WeChat Pay: one query tells the payment went through.
        self.fake.pay(tx.wechatpay_out_trade_no)
        return_path = urlsplit(return_url)._replace(scheme="", netloc="").geturl()
        response = self.url_open(return_path, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/payment/status"))
        self.assertEqual(tx.state, "done")
        self.assertEqual(len(self._requests_to("/out-trade-no/", "GET")), 1)

    def test_jsapi_flow_inside_wechat_with_the_payer_openid(self):
        with patch.object(
            type(self.env["payment.transaction"]),
            "_wechatpay_get_payer_openid",
            return_value=self.OPENID,
        ):
            tx, form, _values = self._start_payment(self.WECHAT)
        self.assertEqual(tx.wechatpay_flow, "jsapi")
        order = self.fake.orders[tx.wechatpay_out_trade_no]
        self.assertEqual(order["request"]["payer"], {"openid": self.OPENID})

        page = self._open_pay_page(form).text
        self.assertNoSecret(page, "the pay page")
        node = html.fromstring(page).xpath("//div[hasclass('o_wechatpay_pay_page')]")[0]
        params = json.loads(node.get("data-jsapi-params"))
        self.assertEqual(params["appId"], self.APPID)
        self.assertEqual(params["package"], f"prepay_id={order['prepay_id']}")
        self.assertEqual(params["signType"], "RSA")
        self.assertAlmostEqual(int(params["timeStamp"]), time.time(), delta=60)
        message = (
            f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n"
            f"{params['package']}\n"
        )
        self.merchant_key.public_key().verify(  # Raises if the signature is wrong.
            base64.b64decode(params["paySign"]),
            message.encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )

    def test_inside_wechat_without_openid_shows_the_qr_code(self):
        tx, form, _values = self._start_payment(self.WECHAT)
        self.assertEqual(tx.wechatpay_flow, "native")
        self.opener.headers["User-Agent"] = self.WECHAT
        page = self._open_pay_page(form).text
        self.assertIn("WeChat does not let this page pay by itself", page)
        self.assertTrue(
            html.fromstring(page).xpath("//img[hasclass('o_wechatpay_qr')]")
        )

    # === notifications === #

    def test_good_notification_confirms_the_payment_once(self):
        tx = self._create_order_tx()
        headers, body = self._paid_notification(tx)
        response = self._notify(headers, body)
        self.assertIn(response.status_code, (200, 204))
        self.assertEqual(tx.state, "done")
        transaction_id = self.fake.orders[tx.wechatpay_out_trade_no]["transaction_id"]
        self.assertEqual(tx.provider_reference, transaction_id)
        last_change = tx.last_state_change

        # WeChat Pay sends it again: it is acknowledged and changes nothing.
        paid = self.fake.transaction(tx.wechatpay_out_trade_no)
        response = self._notify(*self.fake.notification(paid))
        self.assertIn(response.status_code, (200, 204))
        self.assertEqual((tx.state, tx.last_state_change), ("done", last_change))

    def test_notification_with_a_bad_signature_changes_nothing(self):
        tx = self._create_order_tx()
        resource = self.fake.pay(tx.wechatpay_out_trade_no)
        cases = {
            "signed by someone else": {"signing_key": self.intruder_key},
            "stale": {"timestamp": int(time.time()) - 301},
            "from the future": {"timestamp": int(time.time()) + 301},
            "unknown key id": {"serial": "PUB_KEY_ID_0000000000000000000000000000"},
        }
        for case, options in cases.items():
            with self.subTest(case), self.assertLogs(CONTROLLER_LOGGER, "WARNING"):
                response = self._notify(*self.fake.notification(resource, **options))
                self.assertRefused(response, 401)
        headers, body = self.fake.notification(resource)
        with self.assertLogs(CONTROLLER_LOGGER, "WARNING"):
            tampered = body.replace("TRANSACTION", "REFUND")
            self.assertRefused(self._notify(headers, tampered), 401)
        del headers["Wechatpay-Signature"]
        with self.assertLogs(CONTROLLER_LOGGER, "WARNING"):
            self.assertRefused(self._notify(headers, body), 401)
        self.assertEqual(tx.state, "draft")

    def test_notification_not_matching_its_transaction_changes_nothing(self):
        tx = self._create_order_tx()
        self.fake.pay(tx.wechatpay_out_trade_no)
        paid = self.fake.transaction(tx.wechatpay_out_trade_no)
        cases = {
            "tampered amount": {"amount": dict(paid["amount"], total=1)},
            "another currency": {"amount": dict(paid["amount"], currency="USD")},
            "another merchant": {"mchid": "1900000001"},
            "another app": {"appid": "wx0000000000000000"},
        }
        for case, changes in cases.items():
            with self.subTest(case), self.assertLogs(TX_LOGGER, "WARNING") as logs:
                response = self._notify(*self.fake.notification(dict(paid, **changes)))
                self.assertRefused(response, 400)
            self.assertIn(tx.reference, logs.output[0])
        self.assertEqual(tx.state, "draft")

    def test_notification_of_an_unknown_order_changes_nothing(self):
        tx = self._create_order_tx()
        self.fake.pay(tx.wechatpay_out_trade_no)
        resource = dict(
            self.fake.transaction(tx.wechatpay_out_trade_no),
            out_trade_no="NOSUCHORDER42",
        )
        with self.assertLogs(CONTROLLER_LOGGER, "WARNING") as logs:
            self.assertRefused(self._notify(*self.fake.notification(resource)), 404)
        self.assertIn("NOSUCHORDER42", logs.output[0])
        self.assertEqual(tx.state, "draft")

    def test_notification_encrypted_with_another_key_changes_nothing(self):
        tx = self._create_order_tx()
        resource = self.fake.pay(tx.wechatpay_out_trade_no)
        notification = self.fake.notification(resource, apiv3_key="b" * 32)
        with self.assertLogs(CONTROLLER_LOGGER, "WARNING"):
            self.assertRefused(self._notify(*notification), 400)
        self.assertEqual(tx.state, "draft")

    def test_credentials_never_reach_the_logs(self):
        """Everything logged during a payment and a refund, the module's and
        the payment framework's debug lines included, holds no credential."""
        handler = _Capture()
        loggers = [
            logging.getLogger(name)
            for name in ("odoo.addons.payment_wechatpay", "odoo.addons.payment")
        ]
        levels = [logger.level for logger in loggers]
        logging.getLogger().addHandler(handler)
        for logger in loggers:
            logger.setLevel(logging.DEBUG)
        try:
            tx, form, _values = self._start_payment(self.DESKTOP)
            self._open_pay_page(form)
            self._notify(*self._paid_notification(tx))
            tx.action_refund(amount_to_refund=10.0)
        finally:
            logging.getLogger().removeHandler(handler)
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
        self.assertEqual(tx.state, "done")
        logs = "\n".join(handler.lines)
        self.assertIn(tx.reference, logs)
        self.assertNoSecret(logs, "the logs")


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))
