# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A local stand-in of WeChat Pay API v3 (api.mch.weixin.qq.com) for the tests.

It listens on 127.0.0.1 (a free port), checks the merchant's Authorization
signature with the merchant's public key the way WeChat Pay does, answers the
order, query, close and refund endpoints with their documented bodies and error
codes, signs its answers with the WeChat Pay (platform) private key, and builds
signed and encrypted notifications for the tests to post to Odoo.
"""

import base64
import hashlib
import json
import re
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CHINA = timezone(timedelta(hours=8))
OUT_NO = re.compile(r"^[0-9A-Za-z_\-|*]{6,32}$")


def sign(private_key, message):
    return base64.b64encode(
        private_key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    ).decode()


def now_iso():
    return datetime.now(CHINA).isoformat(timespec="seconds")


class WeChatPayError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class FakeWeChatPay:
    def __init__(
        self,
        mchid,
        appid,
        merchant_serial,
        merchant_public_key,
        platform_private_key,
        public_key_id,
        apiv3_key,
    ):
        self.mchid = mchid
        self.appid = appid
        self.merchant_serial = merchant_serial
        self.merchant_public_key = merchant_public_key
        self.platform_private_key = platform_private_key
        self.public_key_id = public_key_id
        self.apiv3_key = apiv3_key
        self.lock = threading.Lock()
        self.reset()
        self.server = None

    # === lifecycle === #

    def reset(self):
        self.orders = {}  # out_trade_no -> order
        self.refunds = {}  # out_refund_no -> refund
        self.requests = []  # (method, path, headers, body)
        self.tamper_answers = False  # sign the answers with a wrong signature
        self.bills = {}  # bill_date (YYYY-MM-DD) -> trade bill file (bytes)
        self.bill_hash_wrong = False  # announce a hash the file does not have

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake._serve(self, "GET")

            def do_POST(self):
                fake._serve(self, "POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # === HTTP === #

    def _serve(self, handler, method):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        with self.lock:
            self.requests.append((method, handler.path, dict(handler.headers), body))
        if urlsplit(handler.path).path == "/v3/billdownload/file":
            self._serve_bill(handler, method, body)
            return
        try:
            self._check_authorization(method, handler.path, handler.headers, body)
            status, answer = self._route(method, handler.path, body)
        except WeChatPayError as error:
            status, answer = (
                error.status,
                {"code": error.code, "message": error.message},
            )
        text = json.dumps(answer) if answer is not None else ""
        handler.send_response(status)
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex
        signature = sign(self.platform_private_key, f"{timestamp}\n{nonce}\n{text}\n")
        if self.tamper_answers:
            signature = sign(self.platform_private_key, f"{timestamp}\n{nonce}\n{{}}\n")
        for name, value in (
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(text.encode()))),
            ("Request-ID", uuid.uuid4().hex),
            ("Wechatpay-Timestamp", timestamp),
            ("Wechatpay-Nonce", nonce),
            ("Wechatpay-Signature", signature),
            ("Wechatpay-Serial", self.public_key_id),
            ("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"),
        ):
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(text.encode())

    def _serve_bill(self, handler, method, body):
        """The download of a bill file: signed by the merchant, not answered in
        JSON nor signed by WeChat Pay (the hash given before vouches for it)."""
        try:
            self._check_authorization(method, handler.path, handler.headers, body)
            token = parse_qs(urlsplit(handler.path).query).get("token", [""])[0]
            content = self.bills.get(token)
            if content is None:
                raise WeChatPayError(404, "NOT_FOUND", "no such bill")
            status, content_type = 200, "text/plain; charset=utf-8"
        except WeChatPayError as error:
            content = json.dumps({"code": error.code, "message": error.message})
            status, content_type = error.status, "application/json"
            content = content.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def _trade_bill(self, query):
        bill_date = query.get("bill_date", [""])[0]
        if query.get("bill_type") != ["ALL"]:
            raise WeChatPayError(400, "PARAM_ERROR", "bill_type 参数错误")
        if bill_date not in self.bills:
            raise WeChatPayError(400, "NO_STATEMENT_EXIST", "账单文件不存在")
        digest = hashlib.sha1(self.bills[bill_date]).hexdigest()
        if self.bill_hash_wrong:
            digest = hashlib.sha1(b"another file").hexdigest()
        return 200, {
            # Real answers name the API host; the path and token are what count.
            "download_url": "https://api.mch.weixin.qq.com/v3/billdownload/file"
            f"?token={bill_date}",
            "hash_type": "SHA1",
            "hash_value": digest,
        }

    def _check_authorization(self, method, url_path, headers, body):
        """WeChat Pay's check of the merchant's signature: 401 SIGN_ERROR."""
        scheme, _sep, params = (headers.get("Authorization") or "").partition(" ")
        params = dict(re.findall(r'(\w+)="([^"]*)"', params))
        if scheme != "WECHATPAY2-SHA256-RSA2048":
            raise WeChatPayError(401, "SIGN_ERROR", "签名错误: unknown scheme")
        if params.get("mchid") != self.mchid:
            raise WeChatPayError(401, "SIGN_ERROR", "签名错误: mchid")
        if params.get("serial_no") != self.merchant_serial:
            raise WeChatPayError(401, "SIGN_ERROR", "签名错误: serial_no")
        timestamp = params.get("timestamp", "0")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
            raise WeChatPayError(401, "SIGN_ERROR", "签名错误: timestamp")
        message = (
            f"{method}\n{url_path}\n{timestamp}\n{params.get('nonce_str')}\n{body}\n"
        )
        try:
            self.merchant_public_key.verify(
                base64.b64decode(params.get("signature", "")),
                message.encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except (InvalidSignature, ValueError) as error:
            raise WeChatPayError(401, "SIGN_ERROR", "签名错误") from error

    def _route(self, method, url_path, body):
        split = urlsplit(url_path)
        path, query = split.path, parse_qs(split.query)
        data = json.loads(body) if body else {}
        if method == "POST" and path in (
            "/v3/pay/transactions/native",
            "/v3/pay/transactions/h5",
            "/v3/pay/transactions/jsapi",
        ):
            return self._create_order(path.rsplit("/", 1)[1], data)
        match = re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/]+)", path)
        if method == "GET" and match:
            if query.get("mchid") != [self.mchid]:
                raise WeChatPayError(400, "PARAM_ERROR", "mchid 参数错误")
            return 200, self.transaction(unquote(match.group(1)))
        match = re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/]+)/close", path)
        if method == "POST" and match:
            return self._close(unquote(match.group(1)), data)
        if method == "POST" and path == "/v3/refund/domestic/refunds":
            return self._refund(data)
        if method == "GET" and path == "/v3/bill/tradebill":
            return self._trade_bill(query)
        match = re.fullmatch(r"/v3/refund/domestic/refunds/([^/]+)", path)
        if method == "GET" and match:
            return 200, self.refund(unquote(match.group(1)))
        raise WeChatPayError(404, "NOT_FOUND", "no such endpoint")

    def _create_order(self, trade_type, data):
        for key in ("appid", "mchid", "description", "out_trade_no", "notify_url"):
            if not data.get(key):
                raise WeChatPayError(400, "PARAM_ERROR", f"缺少参数 {key}")
        if data["mchid"] != self.mchid or data["appid"] != self.appid:
            raise WeChatPayError(400, "PARAM_ERROR", "appid和mch_id不匹配")
        if not OUT_NO.match(data["out_trade_no"]):
            raise WeChatPayError(400, "PARAM_ERROR", "out_trade_no 格式错误")
        amount = data.get("amount") or {}
        if not isinstance(amount.get("total"), int) or amount["total"] <= 0:
            raise WeChatPayError(400, "PARAM_ERROR", "amount.total 必须为正整数")
        if amount.get("currency", "CNY") != "CNY":
            raise WeChatPayError(400, "PARAM_ERROR", "币种只能为 CNY")
        if trade_type == "jsapi" and not (data.get("payer") or {}).get("openid"):
            raise WeChatPayError(400, "PARAM_ERROR", "缺少参数 payer.openid")
        scene = data.get("scene_info") or {}
        if trade_type == "h5" and not (
            scene.get("payer_client_ip") and (scene.get("h5_info") or {}).get("type")
        ):
            raise WeChatPayError(400, "PARAM_ERROR", "缺少参数 scene_info")
        existing = self.orders.get(data["out_trade_no"])
        if existing and existing["trade_state"] == "SUCCESS":
            raise WeChatPayError(400, "ORDERPAID", "该订单已支付")
        prepay_id = f"wx{uuid.uuid4().hex[:28]}"
        self.orders[data["out_trade_no"]] = {
            "request": data,
            "trade_type": trade_type.upper(),
            "trade_state": "NOTPAY",
            "prepay_id": prepay_id,
            "refunded": 0,
        }
        if trade_type == "native":
            return 200, {
                "code_url": f"weixin://wxpay/bizpayurl?pr={uuid.uuid4().hex[:7]}"
            }
        if trade_type == "h5":
            return 200, {
                "h5_url": "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb"
                f"?prepay_id={prepay_id}&package=2150917749"
            }
        return 200, {"prepay_id": prepay_id}

    def _close(self, out_trade_no, data):
        if data.get("mchid") != self.mchid:
            raise WeChatPayError(400, "PARAM_ERROR", "mchid 参数错误")
        order = self._order(out_trade_no)
        if order["trade_state"] == "SUCCESS":
            raise WeChatPayError(400, "ORDERPAID", "订单已支付")
        order["trade_state"] = "CLOSED"
        return 204, None

    def _refund(self, data):
        out_trade_no = data.get("out_trade_no")
        if out_trade_no not in self.orders:
            raise WeChatPayError(404, "RESOURCE_NOT_EXISTS", "订单不存在")
        order = self.orders[out_trade_no]
        if order["trade_state"] not in ("SUCCESS", "REFUND"):
            raise WeChatPayError(400, "INVALID_REQUEST", "订单未支付")
        out_refund_no = data.get("out_refund_no") or ""
        if not OUT_NO.match(out_refund_no):
            raise WeChatPayError(400, "PARAM_ERROR", "out_refund_no 格式错误")
        amount = data.get("amount") or {}
        if amount.get("total") != order["request"]["amount"]["total"]:
            raise WeChatPayError(400, "PARAM_ERROR", "订单金额与退款请求不一致")
        refund = amount.get("refund")
        if not isinstance(refund, int) or refund <= 0:
            raise WeChatPayError(400, "PARAM_ERROR", "退款金额必须为正整数")
        if order["refunded"] + refund > amount["total"]:
            raise WeChatPayError(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额")
        if out_refund_no not in self.refunds:
            order["refunded"] += refund
            order["trade_state"] = "REFUND"
            self.refunds[out_refund_no] = {
                "request": data,
                "refund_id": f"50{uuid.uuid4().int % 10**28:028d}",
                "status": "PROCESSING",
                "create_time": now_iso(),
            }
        return 200, self.refund(out_refund_no)

    def _order(self, out_trade_no):
        if out_trade_no not in self.orders:
            raise WeChatPayError(404, "ORDER_NOT_EXIST", "订单不存在")
        return self.orders[out_trade_no]

    # === objects, as WeChat Pay describes them === #

    def transaction(self, out_trade_no):
        """The order as the query answers it (and the notification carries it)."""
        order = self._order(out_trade_no)
        request = order["request"]
        data = {
            "appid": request["appid"],
            "mchid": request["mchid"],
            "out_trade_no": out_trade_no,
            "trade_type": order["trade_type"],
            "trade_state": order["trade_state"],
            "trade_state_desc": {
                "NOTPAY": "订单未支付",
                "SUCCESS": "支付成功",
                "CLOSED": "订单已关闭",
                "REFUND": "转入退款",
                "PAYERROR": "支付失败",
            }.get(order["trade_state"], ""),
            "amount": {"payer_currency": "CNY"},
        }
        if order["trade_state"] in ("SUCCESS", "REFUND"):
            total = request["amount"]["total"]
            data.update(
                transaction_id=order["transaction_id"],
                bank_type="OTHERS",
                success_time=order["success_time"],
                payer={"openid": order["openid"]},
                amount={
                    "total": total,
                    "payer_total": total,
                    "currency": "CNY",
                    "payer_currency": "CNY",
                },
            )
        return data

    def refund(self, out_refund_no):
        """The refund as the refund API and its query answer it."""
        if out_refund_no not in self.refunds:
            raise WeChatPayError(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
        refund = self.refunds[out_refund_no]
        request = refund["request"]
        order = self.orders[request["out_trade_no"]]
        data = {
            "refund_id": refund["refund_id"],
            "out_refund_no": out_refund_no,
            "transaction_id": order["transaction_id"],
            "out_trade_no": request["out_trade_no"],
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "create_time": refund["create_time"],
            "status": refund["status"],
            "funds_account": "AVAILABLE",
            "amount": {
                "total": request["amount"]["total"],
                "refund": request["amount"]["refund"],
                "payer_total": request["amount"]["total"],
                "payer_refund": request["amount"]["refund"],
                "settlement_refund": request["amount"]["refund"],
                "settlement_total": request["amount"]["total"],
                "discount_refund": 0,
                "currency": "CNY",
            },
        }
        if refund["status"] == "SUCCESS":
            data["success_time"] = refund["success_time"]
        return data

    def refund_notification_resource(self, out_refund_no):
        """The decrypted resource of a REFUND.* notification."""
        refund = self.refund(out_refund_no)
        return {
            "mchid": self.mchid,
            "out_trade_no": refund["out_trade_no"],
            "transaction_id": refund["transaction_id"],
            "out_refund_no": out_refund_no,
            "refund_id": refund["refund_id"],
            "refund_status": refund["status"],
            "success_time": refund.get("success_time"),
            "user_received_account": refund["user_received_account"],
            "amount": {
                key: refund["amount"][key]
                for key in ("total", "refund", "payer_total", "payer_refund")
            },
        }

    # === what happens at WeChat Pay === #

    def pay(self, out_trade_no, openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"):
        """The payer pays the order."""
        order = self._order(out_trade_no)
        order.update(
            trade_state="SUCCESS",
            transaction_id=f"42{uuid.uuid4().int % 10**26:026d}",
            success_time=now_iso(),
            openid=openid,
        )
        return self.transaction(out_trade_no)

    def finish_refund(self, out_refund_no, status="SUCCESS"):
        """The refund reaches its final state (SUCCESS, CLOSED or ABNORMAL)."""
        refund = self.refunds[out_refund_no]
        refund["status"] = status
        if status == "SUCCESS":
            refund["success_time"] = now_iso()
        return self.refund(out_refund_no)

    def notification(
        self,
        resource,
        event_type="TRANSACTION.SUCCESS",
        timestamp=None,
        signing_key=None,
        serial=None,
        apiv3_key=None,
    ):
        """A notification as WeChat Pay posts it: `resource` encrypted with the
        API v3 key, the body signed with the WeChat Pay private key.

        :return: (headers, body)
        """
        original_type = "refund" if event_type.startswith("REFUND") else "transaction"
        nonce = uuid.uuid4().hex[:12]
        associated_data = original_type
        ciphertext = AESGCM((apiv3_key or self.apiv3_key).encode()).encrypt(
            nonce.encode(), json.dumps(resource).encode(), associated_data.encode()
        )
        body = json.dumps(
            {
                "id": str(uuid.uuid4()),
                "create_time": now_iso(),
                "resource_type": "encrypt-resource",
                "event_type": event_type,
                "summary": "支付成功" if original_type == "transaction" else "退款成功",
                "resource": {
                    "original_type": original_type,
                    "algorithm": "AEAD_AES_256_GCM",
                    "ciphertext": base64.b64encode(ciphertext).decode(),
                    "associated_data": associated_data,
                    "nonce": nonce,
                },
            }
        )
        timestamp = str(int(time.time()) if timestamp is None else timestamp)
        header_nonce = uuid.uuid4().hex
        headers = {
            "Content-Type": "application/json",
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": header_nonce,
            "Wechatpay-Signature": sign(
                signing_key or self.platform_private_key,
                f"{timestamp}\n{header_nonce}\n{body}\n",
            ),
            "Wechatpay-Serial": serial or self.public_key_id,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
        }
        return headers, body
