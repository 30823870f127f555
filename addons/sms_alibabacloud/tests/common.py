"""A fake Alibaba Cloud SMS API (Dysmsapi 2017-05-25) on 127.0.0.1.

It checks each request's ACS3-HMAC-SHA256 signature as Alibaba Cloud does,
with the test's own AccessKey pair, and answers with the documented bodies."""

import hashlib
import hmac
import json
import secrets
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

from odoo import Command
from odoo.tests import HttpCase, new_test_user

REQUIRED_SIGNED_HEADERS = {
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
}


def acs3_signature(secret, method, path, params, headers, signed_headers, payload):
    """ACS3-HMAC-SHA256, as Alibaba Cloud's V3 signature documents it."""
    query = "&".join(
        f"{quote(key, safe='~')}={quote(value, safe='~')}"
        for key, value in sorted(params.items())
    )
    canonical_headers = "".join(
        f"{name}:{headers.get(name, '').strip()}\n" for name in signed_headers
    )
    canonical_request = "\n".join(
        [
            method,
            quote(path or "/", safe="/~"),
            query,
            canonical_headers,
            ";".join(signed_headers),
            payload,
        ]
    )
    string_to_sign = (
        "ACS3-HMAC-SHA256\n"
        + hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    )
    return hmac.new(
        secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()


class FakeAlibabaCloudSms(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, access_key_id, access_key_secret):
        super().__init__(("127.0.0.1", 0), FakeAlibabaCloudHandler)
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        # Approved templates: code -> their variables.
        self.templates = {}
        # Scripted answers: action -> list of error (code, message, http status)
        # given to the next requests, in order.
        self.errors = {}
        # Delivery details QuerySendDetails answers: (number, BizId) -> DTO.
        self.details = {}
        self.requests = []
        self.nonces = set()
        self.lock = threading.Lock()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requests_of(self, action):
        return [params for name, params in self.requests if name == action]


class FakeAlibabaCloudHandler(BaseHTTPRequestHandler):
    server_version = "FakeAliyun/1.0"

    def log_message(self, format, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        content_type = self.headers.get("Content-Type") or ""
        if body and content_type.startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        error = self._check_signature(url.path, body)
        if error:
            return self._answer(*error)
        action = self.headers.get("x-acs-action")
        if self.headers.get("x-acs-version") != "2017-05-25":
            return self._answer(
                400, "InvalidVersion", "Specified parameter Version is not valid."
            )
        server = self.server
        with server.lock:
            server.requests.append((action, params))
            scripted = server.errors.get(action) or []
            error = scripted.pop(0) if scripted else None
        if error:
            code, message, status = error
            return self._answer(status, code, message)
        handler = {
            "SendSms": self._send_sms,
            "SendBatchSms": self._send_batch_sms,
            "QuerySendDetails": self._query_send_details,
        }.get(action)
        if handler is None:
            return self._answer(
                404, "InvalidAction.NotFound", "Specified api is not found."
            )
        return handler(params)

    # Signature ---------------------------------------------------------------
    def _check_signature(self, path, body):
        server = self.server
        authorization = self.headers.get("Authorization") or ""
        algorithm, __, fields = authorization.partition(" ")
        parts = dict(
            item.strip().split("=", 1) for item in fields.split(",") if "=" in item
        )
        if algorithm != "ACS3-HMAC-SHA256" or not {
            "Credential",
            "SignedHeaders",
            "Signature",
        } <= set(parts):
            return 400, "IncompleteSignature", "The request signature is incomplete."
        if parts["Credential"] != server.access_key_id:
            return (
                404,
                "InvalidAccessKeyId.NotFound",
                "Specified access key is not found.",
            )
        signed_headers = parts["SignedHeaders"].split(";")
        if not REQUIRED_SIGNED_HEADERS <= set(signed_headers):
            return (
                400,
                "IncompleteSignature",
                "The request signature does not conform to Aliyun standards.",
            )
        payload = hashlib.sha256(body).hexdigest()
        if self.headers.get("x-acs-content-sha256") != payload:
            return 400, "IncompleteSignature", "The payload hash does not match."
        try:
            date = datetime.strptime(
                self.headers.get("x-acs-date"), "%Y-%m-%dT%H:%M:%SZ"
            )
        except (TypeError, ValueError):
            return 400, "InvalidTimeStamp.Format", "Specified time stamp is not valid."
        now = datetime.now(UTC).replace(tzinfo=None)
        if abs(now - date) > timedelta(minutes=15):
            return (
                400,
                "InvalidTimeStamp.Expired",
                "Specified time stamp or date value is expired.",
            )
        nonce = self.headers.get("x-acs-signature-nonce")
        headers = {name.lower(): value for name, value in self.headers.items()}
        params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        expected = acs3_signature(
            server.access_key_secret,
            self.command,
            path,
            params,
            headers,
            signed_headers,
            payload,
        )
        if not hmac.compare_digest(expected, parts["Signature"]):
            return (
                400,
                "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation.",
            )
        with server.lock:
            if nonce in server.nonces:
                return (
                    400,
                    "SignatureNonceUsed",
                    "Specified signature nonce was used already.",
                )
            server.nonces.add(nonce)
        return None

    # Actions -----------------------------------------------------------------
    def _check_template(self, template_code, params_json):
        variables = self.server.templates.get(template_code)
        if variables is None:
            return "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板"
        try:
            values = json.loads(params_json or "{}")
        except ValueError:
            return "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值"
        if set(variables) - set(values):
            return "isv.TEMPLATE_MISSING_PARAMETERS", "模板变量缺少对应参数值"
        return None

    def _send_sms(self, params):
        missing = [
            name
            for name in ("PhoneNumbers", "SignName", "TemplateCode")
            if not params.get(name)
        ]
        if missing:
            return self._answer(
                400,
                f"Missing{missing[0]}",
                f"{missing[0]} is mandatory for this action.",
            )
        error = self._check_template(
            params["TemplateCode"], params.get("TemplateParam")
        )
        if error:
            return self._answer(200, *error)
        return self._ok({"BizId": f"{uuid.uuid4().int % 10**18}^0"})

    def _send_batch_sms(self, params):
        try:
            numbers = json.loads(params["PhoneNumberJson"])
            signs = json.loads(params["SignNameJson"])
            values = json.loads(params.get("TemplateParamJson") or "[]")
        except (KeyError, ValueError):
            return self._answer(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法")
        if not (len(numbers) == len(signs) == len(values)) or len(numbers) > 100:
            return self._answer(200, "isv.INVALID_PARAMETERS", "参数异常")
        for value in values:
            error = self._check_template(params.get("TemplateCode"), json.dumps(value))
            if error:
                return self._answer(200, *error)
        return self._ok({"BizId": f"{uuid.uuid4().int % 10**18}^0"})

    def _query_send_details(self, params):
        detail = self.server.details.get(
            (params.get("PhoneNumber"), params.get("BizId"))
        )
        dtos = [detail] if detail else []
        return self._ok(
            {"TotalCount": len(dtos), "SmsSendDetailDTOs": {"SmsSendDetailDTO": dtos}}
        )

    # Answers -----------------------------------------------------------------
    def _ok(self, values):
        self._answer(200, "OK", "OK", values)

    def _answer(self, status, code, message, values=None):
        data = {
            "RequestId": str(uuid.uuid4()).upper(),
            "Code": code,
            "Message": message,
        }
        if status != 200:
            data["Recommend"] = "https://api.aliyun.com/troubleshoot"
        data.update(values or {})
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class AlibabaCloudSmsCase(HttpCase):
    """A company sending SMS through the fake Alibaba Cloud, approved
    templates, a resident with a mainland mobile number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The messages checked are the English ones, whatever languages are loaded.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.access_key_id = "LTAI5tTest" + secrets.token_hex(6)
        cls.access_key_secret = secrets.token_urlsafe(24)
        cls.gateway = FakeAlibabaCloudSms(cls.access_key_id, cls.access_key_secret)
        thread = threading.Thread(target=cls.gateway.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.gateway.server_close)
        cls.addClassCleanup(cls.gateway.shutdown)
        cls.gateway.templates = {
            "SMS_100001": ["name", "amount", "due_date"],
            "SMS_100002": ["content"],
            "SMS_100003": ["name", "amount", "due_date", "unit"],
        }
        cls.company = cls.env["res.company"].create(
            {
                "name": "Green Estate Services",
                "sms_cn_gateway": "alibabacloud",
                "sms_cn_sign_name": "绿城物业",
                "sms_alibabacloud_access_key_id": cls.access_key_id,
                "sms_alibabacloud_access_key_secret": cls.access_key_secret,
                "sms_alibabacloud_endpoint": cls.gateway.endpoint,
            }
        )
        cls.template = cls.env["sms.cn.template"].create(
            {
                "name": "Reminder before the due date",
                "company_id": cls.company.id,
                "gateway": "alibabacloud",
                "message_type": "property.reminder.pre_due",
                "template_code": "SMS_100001",
                "param_names": "name,amount,due_date",
            }
        )
        cls.resident = cls.env["res.partner"].create(
            {
                "name": "王芳",
                "company_id": cls.company.id,
                "mobile": "+86 138 0013 8000",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.params = {"name": "王芳", "amount": "356.80", "due_date": "2026-12-31"}
        cls.admin = new_test_user(
            cls.env,
            "sms_admin",
            groups="base.group_system,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[Command.set([cls.company.id])],
        )
        cls.report_url = cls.company._sms_cn_receipt_url("alibabacloud")

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # The SDK gives requests a (connect, read) timeout, which Odoo's test
        # handler compares with a number.
        if isinstance(kw.get("timeout"), tuple):
            kw["timeout"] = max(*kw["timeout"], 10)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        self.gateway.requests.clear()
        self.gateway.errors.clear()
        self.gateway.details.clear()

    def _send_reminder(self, partner=None, params=None, message_type=None):
        """Post a reminder by SMS on the resident, the way Odoo sends SMS."""
        partner = partner or self.resident
        partner._message_sms(
            "尊敬的王芳，您的物业费356.80元将于2026-12-31到期。",
            partner_ids=partner.ids,
            sms_cn_message_type=message_type or "property.reminder.pre_due",
            sms_cn_params=self.params if params is None else params,
        )
        return self.env["sms.sms"].search(
            [("partner_id", "=", partner.id)], order="id desc", limit=1
        )

    def _push_reports(self, reports, url=None):
        """Post delivery reports to Odoo as Alibaba Cloud's SmsReport push does."""
        return self.url_open(
            url or self.report_url,
            data=json.dumps(reports, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )

    def _report(self, sms, success=True, code="DELIVERED", message="用户接收成功"):
        return {
            "phone_number": "13800138000",
            "send_time": "2026-12-01 10:00:00",
            "report_time": "2026-12-01 10:00:05",
            "success": success,
            "err_code": code,
            "err_msg": message,
            "sms_size": "1",
            "biz_id": sms.cn_msgid,
            "out_id": sms.uuid,
        }
