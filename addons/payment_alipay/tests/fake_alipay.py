# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A local Alipay open platform gateway for the tests.

It checks the RSA2 signature of every request with the application's public key,
answers as the API documents (``<method>_response`` with code 10000, or 40004 and a
sub_code, signed with Alipay's private key in ``sign``), and signs the asynchronous
notifications and return parameters it builds for Odoo. It shares no code with the
module: signatures are made and checked with ``cryptography``.
"""

import base64
import itertools
import json
import re
import threading
from datetime import datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

REQUEST_METHODS = {
    "alipay.trade.page.pay",
    "alipay.trade.wap.pay",
    "alipay.trade.precreate",
    "alipay.trade.query",
    "alipay.trade.close",
    "alipay.trade.refund",
    "alipay.trade.fastpay.refund.query",
    "alipay.data.dataservice.bill.downloadurl.query",
}
# A precreate above this amount is refused, as the platform does over the limit.
PRECREATE_LIMIT = Decimal("100000.00")


def sign_text(private_key, text):
    signature = private_key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def verify_text(public_key, text, signature):
    try:
        public_key.verify(
            base64.b64decode(signature),
            text.encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def request_sign_content(params):
    """What the merchant signs: every parameter but ``sign`` with a value, sorted."""
    return "&".join(
        f"{key}={value}"
        for key, value in sorted(params.items())
        if key != "sign" and value != ""
    )


def notification_sign_content(params):
    """What Alipay signs in a notification or a return: every parameter but ``sign``
    and ``sign_type``, sorted."""
    return "&".join(
        f"{key}={value}"
        for key, value in sorted(params.items())
        if key not in ("sign", "sign_type")
    )


class FakeAlipayGateway:
    def __init__(self, app_id, seller_id, app_public_key, alipay_private_key):
        self.app_id = app_id
        self.seller_id = seller_id
        self.app_public_key = app_public_key
        self.alipay_private_key = alipay_private_key
        self.lock = threading.Lock()
        self.server = None
        self.thread = None
        self.reset()

    # === Server === #

    def start(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                params = dict(parse_qsl(urlsplit(self.path).query))
                params.update(parse_qsl(body, keep_blank_values=True))
                self._answer(params)

            def do_GET(self):
                split = urlsplit(self.path)
                if split.path == "/billdownload":
                    # The bill file itself, at the (time-limited) address given.
                    content = gateway.bills.get(dict(parse_qsl(split.query)).get("d"))
                    self.send_response(200 if content is not None else 404)
                    self.send_header("Content-Type", "application/oct-stream")
                    self.send_header("Content-Length", str(len(content or b"")))
                    self.end_headers()
                    self.wfile.write(content or b"")
                    return
                self._answer(dict(parse_qsl(split.query)))

            def _answer(self, params):
                status, text = gateway.handle(params)
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/gateway.do"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def reset(self):
        with getattr(self, "lock", threading.Lock()):
            self.trades = {}
            self.calls = []
            self.refused = []
            self.failures = {}
            self.trade_numbers = itertools.count(2026120522001400001)
            self.bills = {}  # bill_date (YYYY-MM-DD) -> the trade bill zip

    # === The API === #

    def handle(self, params):
        """Answer one call: ``(HTTP status, body)``."""
        with self.lock:
            method = params.get("method")
            if self.failures.get(method):
                failure = self.failures[method].pop(0)
                if failure == "http_error":
                    return 502, "Bad Gateway"
                if failure == "bad_signature":
                    response = {"code": "10000", "msg": "Success"}
                    body = self._signed_body(method, response)
                    return 200, body.replace('"sign":"', '"sign":"AAAA', 1)
                return 200, self._signed_body(method, failure)
            error = self._check_request(params)
            if error:
                self.refused.append((method, error))
                return 200, json.dumps({"error_response": error}, ensure_ascii=False)
            biz = json.loads(params["biz_content"])
            self.calls.append((method, biz, params))
            handler = getattr(self, "_" + method.replace(".", "_"))
            return 200, self._signed_body(method, handler(biz, params))

    def _check_request(self, params):
        def invalid(sub_code, sub_msg, code="40002", msg="Invalid Arguments"):
            return {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg}

        if params.get("method") not in REQUEST_METHODS:
            return invalid("isv.invalid-method", "不存在的方法名")
        for key in ("app_id", "charset", "sign_type", "timestamp", "version", "sign"):
            if not params.get(key):
                return invalid(
                    f"isv.missing-{key.replace('_', '-')}", f"缺少{key}参数", "40001"
                )
        if params["app_id"] != self.app_id:
            return invalid("isv.invalid-app-id", "无效的AppID参数")
        if params["sign_type"] != "RSA2" or params["charset"] != "utf-8":
            return invalid("isv.invalid-signature-type", "无效的签名类型")
        try:
            datetime.strptime(params["timestamp"], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return invalid("isv.invalid-timestamp", "非法的时间戳参数")
        if not verify_text(
            self.app_public_key, request_sign_content(params), params["sign"]
        ):
            return invalid("isv.invalid-signature", "验签出错")
        try:
            json.loads(params.get("biz_content") or "")
        except ValueError:
            return invalid("isv.invalid-biz-content", "biz_content格式错误")
        return None

    def _signed_body(self, method, response):
        """The answer as Alipay writes it: the signature covers the exact text of the
        response object."""
        response_type = method.replace(".", "_") + "_response"
        content = json.dumps(response, ensure_ascii=False, separators=(",", ":"))
        signature = sign_text(self.alipay_private_key, content)
        return f'{{"{response_type}":{content},"sign":"{signature}"}}'

    @staticmethod
    def _business_failed(sub_code, sub_msg):
        return {
            "code": "40004",
            "msg": "Business Failed",
            "sub_code": sub_code,
            "sub_msg": sub_msg,
        }

    def _new_trade(self, biz, params, status):
        trade = {
            "out_trade_no": biz["out_trade_no"],
            "total_amount": biz["total_amount"],
            "subject": biz.get("subject"),
            "trade_no": str(next(self.trade_numbers)),
            "status": status,
            "notify_url": params.get("notify_url"),
            "refunds": {},
        }
        self.trades[biz["out_trade_no"]] = trade
        return trade

    def _alipay_trade_precreate(self, biz, params):
        if Decimal(biz["total_amount"]) > PRECREATE_LIMIT:
            return self._business_failed("ACQ.TOTAL_FEE_EXCEED", "订单金额超过限额")
        trade = self.trades.get(biz["out_trade_no"])
        if trade and trade["status"] in ("TRADE_SUCCESS", "TRADE_FINISHED"):
            return self._business_failed("ACQ.TRADE_HAS_SUCCESS", "交易已被支付")
        if not trade:
            trade = self._new_trade(biz, params, "PRECREATED")
        return {
            "code": "10000",
            "msg": "Success",
            "out_trade_no": trade["out_trade_no"],
            "qr_code": f"https://qr.alipay.com/bax0{trade['trade_no'][-8:]}",
        }

    def _alipay_data_dataservice_bill_downloadurl_query(self, biz, params):
        if biz.get("bill_type") != "trade" or biz.get("bill_date") not in self.bills:
            return self._business_failed("isp.bill_not_exist", "账单不存在")
        base = self.url.rsplit("/", 1)[0]
        return {
            "code": "10000",
            "msg": "Success",
            "bill_download_url": f"{base}/billdownload?d={biz['bill_date']}",
        }

    def _trade_not_exist(self):
        return self._business_failed("ACQ.TRADE_NOT_EXIST", "交易不存在")

    def _alipay_trade_query(self, biz, params):
        trade = self.trades.get(biz.get("out_trade_no"))
        if not trade or trade["status"] == "PRECREATED":
            return self._trade_not_exist()
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "buyer_logon_id": "buy***@sandbox.com",
            "trade_status": trade["status"],
            "total_amount": trade["total_amount"],
            "buyer_pay_amount": "0.00",
            "point_amount": "0.00",
            "invoice_amount": "0.00",
        }

    def _alipay_trade_close(self, biz, params):
        trade = self.trades.get(biz.get("out_trade_no"))
        if not trade or trade["status"] == "PRECREATED":
            return self._trade_not_exist()
        if trade["status"] != "WAIT_BUYER_PAY":
            return self._business_failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
        trade["status"] = "TRADE_CLOSED"
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
        }

    def _alipay_trade_refund(self, biz, params):
        trade = self.trades.get(biz.get("out_trade_no"))
        if not trade or trade["status"] not in ("TRADE_SUCCESS", "TRADE_FINISHED"):
            return (
                self._trade_not_exist()
                if not trade
                else self._business_failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
            )
        amount = Decimal(biz["refund_amount"])
        request_no = biz.get("out_request_no") or trade["out_trade_no"]
        fund_change = "N"
        if request_no in trade["refunds"]:
            if trade["refunds"][request_no] != amount:
                return self._business_failed(
                    "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额与原请求不一致"
                )
        else:
            refunded = sum(trade["refunds"].values(), Decimal(0))
            if refunded + amount > Decimal(trade["total_amount"]):
                return self._business_failed(
                    "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"
                )
            trade["refunds"][request_no] = amount
            fund_change = "Y"
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "buyer_logon_id": "buy***@sandbox.com",
            "fund_change": fund_change,
            "refund_fee": str(sum(trade["refunds"].values(), Decimal("0.00"))),
        }

    def _alipay_trade_fastpay_refund_query(self, biz, params):
        trade = self.trades.get(biz.get("out_trade_no"))
        if not trade:
            return self._trade_not_exist()
        request_no = biz["out_request_no"]
        if request_no not in trade["refunds"]:
            # No refund_status: the refund request was not received (or failed).
            return {
                "code": "10000",
                "msg": "Success",
                "out_trade_no": trade["out_trade_no"],
                "out_request_no": request_no,
            }
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "out_request_no": request_no,
            "total_amount": trade["total_amount"],
            "refund_amount": str(trade["refunds"][request_no]),
            "refund_status": "REFUND_SUCCESS",
        }

    # === What the buyer and Alipay do === #

    def open_cashier(self, params):
        """The buyer's browser arrives at the cashier with the signed redirect form of
        a page or WAP payment: check it as the gateway does and open the trade.

        :return: The business content of the order.
        """
        with self.lock:
            error = self._check_request(params)
            if error:
                raise AssertionError(f"the gateway refuses the redirect form: {error}")
            biz = json.loads(params["biz_content"])
            self.calls.append((params["method"], biz, params))
            if biz["out_trade_no"] not in self.trades:
                self._new_trade(biz, params, "WAIT_BUYER_PAY")
            return biz

    def scan(self, out_trade_no):
        """The buyer scans a precreated QR code."""
        with self.lock:
            self.trades[out_trade_no]["status"] = "WAIT_BUYER_PAY"

    def pay(self, out_trade_no):
        """The buyer pays the trade."""
        with self.lock:
            self.trades[out_trade_no]["status"] = "TRADE_SUCCESS"
            return self.trades[out_trade_no]

    def fail_next(self, method, *failures):
        """Make the next calls of ``method`` fail: ``"http_error"``,
        ``"bad_signature"``, or a response dict (signed)."""
        with self.lock:
            self.failures.setdefault(method, []).extend(failures)

    def methods_called(self):
        return [call[0] for call in self.calls]

    # === Signed data for Odoo === #

    def sign_notification(self, params, private_key=None):
        params = dict(params)
        params["sign_type"] = "RSA2"
        params["sign"] = sign_text(
            private_key or self.alipay_private_key, notification_sign_content(params)
        )
        return params

    def notification(self, out_trade_no, trade_status="TRADE_SUCCESS", **overrides):
        """The signed parameters of the asynchronous notification of a trade."""
        trade = self.trades.get(out_trade_no) or {}
        params = {
            "gmt_create": "2026-12-05 20:00:00",
            "charset": "utf-8",
            "seller_email": "merchant@sandbox.example.com",
            "subject": trade.get("subject") or out_trade_no,
            "buyer_id": "2088102177846880",
            "invoice_amount": trade.get("total_amount", "0.00"),
            "notify_id": f"2026120500222200000{len(self.calls)}",
            "fund_bill_list": json.dumps(
                [
                    {
                        "amount": trade.get("total_amount", "0.00"),
                        "fundChannel": "ALIPAYACCOUNT",
                    }
                ]
            ),
            "notify_type": "trade_status_sync",
            "trade_status": trade_status,
            "receipt_amount": trade.get("total_amount", "0.00"),
            "app_id": self.app_id,
            "buyer_pay_amount": trade.get("total_amount", "0.00"),
            "seller_id": self.seller_id,
            "gmt_payment": "2026-12-05 20:00:05",
            "notify_time": "2026-12-05 20:00:06",
            "version": "1.0",
            "out_trade_no": out_trade_no,
            "total_amount": trade.get("total_amount", "0.00"),
            "trade_no": trade.get("trade_no", "2026120522001400009"),
            "auth_app_id": self.app_id,
            "buyer_logon_id": "buy***@sandbox.com",
            "point_amount": "0.00",
        }
        private_key = overrides.pop("private_key", None)
        params.update(overrides)
        return self.sign_notification(params, private_key=private_key)

    def send_notification(self, notify_url, params):
        """Post a notification to Odoo as Alipay does: a form POST answered with
        the plain text ``success``."""
        return requests.post(notify_url, data=params, timeout=30)

    def return_params(self, out_trade_no, **overrides):
        """The signed parameters the cashier sends the buyer back with."""
        trade = self.trades[out_trade_no]
        params = {
            "charset": "utf-8",
            "out_trade_no": out_trade_no,
            "method": "alipay.trade.page.pay.return",
            "total_amount": trade["total_amount"],
            "trade_no": trade["trade_no"],
            "auth_app_id": self.app_id,
            "version": "1.0",
            "app_id": self.app_id,
            "seller_id": self.seller_id,
            "timestamp": "2026-12-05 20:00:07",
        }
        params.update(overrides)
        return self.sign_notification(params)


def pem_body_fragments(pem):
    """Pieces of a PEM key that would betray it if they showed up somewhere."""
    body = re.sub(r"-----[A-Z ]+-----|\s", "", pem)
    return [body[i : i + 32] for i in range(40, len(body) - 32, 200)]
