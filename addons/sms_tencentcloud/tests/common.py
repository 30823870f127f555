"""A fake Tencent Cloud SMS API (2021-01-11) on 127.0.0.1.

It checks each request's TC3-HMAC-SHA256 signature as Tencent Cloud does, with
the test's own SecretId / SecretKey, and answers with the documented bodies."""

import hashlib
import hmac
import json
import secrets
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo import Command
from odoo.tests import HttpCase, new_test_user


def _hmac(key, message):
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def tc3_signature(
    secret_key, service, timestamp, method, path, query, headers, signed, body
):
    """TC3-HMAC-SHA256, as Tencent Cloud's API signature v3 documents it."""
    canonical_headers = "".join(
        f"{name}:{headers.get(name, '').strip().lower()}\n" for name in signed
    )
    canonical_request = "\n".join(
        [
            method,
            path,
            query,
            canonical_headers,
            ";".join(signed),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(
        [
            "TC3-HMAC-SHA256",
            str(timestamp),
            scope,
            hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
        ]
    )
    key = _hmac(("TC3" + secret_key).encode("utf-8"), date)
    key = _hmac(key, service)
    key = _hmac(key, "tc3_request")
    return scope, hmac.new(
        key, string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()


class FakeTencentCloudSms(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, secret_id, secret_key):
        super().__init__(("127.0.0.1", 0), FakeTencentCloudHandler)
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.sdk_app_id = "1400006666"
        # Approved templates: TemplateId -> number of parameters.
        self.templates = {}
        # Scripted errors: per number, the codes given to the next SendSms.
        self.number_errors = {}
        # Statuses PullSmsSendStatus gives (once each).
        self.statuses = []
        self.requests = []
        self.lock = threading.Lock()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requests_of(self, action):
        return [params for name, params in self.requests if name == action]


class FakeTencentCloudHandler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        error = self._check_signature(body)
        if error:
            return self._error(*error)
        if self.headers.get("X-TC-Version") != "2021-01-11":
            return self._error("InvalidParameter", "The Version is not valid.")
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            return self._error("FailedOperation.JsonParseFail", "Failed to parse JSON.")
        action = self.headers.get("X-TC-Action")
        with self.server.lock:
            self.server.requests.append((action, params))
        if params.get("SmsSdkAppId") != self.server.sdk_app_id:
            return self._error(
                "InvalidParameterValue.SdkAppIdNotExist", "SdkAppId does not exist."
            )
        handler = {
            "SendSms": self._send_sms,
            "PullSmsSendStatus": self._pull_status,
        }.get(action)
        if handler is None:
            return self._error("InvalidAction", "The action does not exist.")
        return handler(params)

    def _check_signature(self, body):
        server = self.server
        authorization = self.headers.get("Authorization") or ""
        algorithm, __, fields = authorization.partition(" ")
        parts = dict(
            item.strip().split("=", 1) for item in fields.split(",") if "=" in item
        )
        if algorithm != "TC3-HMAC-SHA256" or not {
            "Credential",
            "SignedHeaders",
            "Signature",
        } <= set(parts):
            return (
                "AuthFailure.SignatureFailure",
                "The signature is missing or malformed.",
            )
        secret_id, __, scope = parts["Credential"].partition("/")
        if secret_id != server.secret_id:
            return "AuthFailure.SecretIdNotFound", "The SecretId is not found."
        try:
            timestamp = int(self.headers.get("X-TC-Timestamp"))
        except (TypeError, ValueError):
            return "AuthFailure.SignatureFailure", "The timestamp is missing."
        if abs(time.time() - timestamp) > 300:
            return "AuthFailure.SignatureExpire", "Signature expired."
        signed = parts["SignedHeaders"].split(";")
        if not {"content-type", "host"} <= set(signed):
            return (
                "AuthFailure.SignatureFailure",
                "content-type and host must be signed.",
            )
        headers = {name.lower(): value for name, value in self.headers.items()}
        path, __, query = self.path.partition("?")
        expected_scope, expected = tc3_signature(
            server.secret_key,
            "sms",
            timestamp,
            self.command,
            path,
            query,
            headers,
            signed,
            body,
        )
        if scope != expected_scope or not hmac.compare_digest(
            expected, parts["Signature"]
        ):
            return (
                "AuthFailure.SignatureFailure",
                (
                    "The provided credentials could not be validated. Please check "
                    "your signature is correct."
                ),
            )
        return None

    def _send_sms(self, params):
        count = self.server.templates.get(params.get("TemplateId"))
        if count is None:
            return self._error(
                "FailedOperation.TemplateIncorrectOrUnapproved",
                "The template is not approved or does not exist.",
            )
        if len(params.get("TemplateParamSet") or []) != count:
            return self._error(
                "FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
                "The parameters do not match the approved template.",
            )
        if not params.get("SignName"):
            return self._error(
                "FailedOperation.MissingSignature", "SignName is missing."
            )
        numbers = params.get("PhoneNumberSet") or []
        if not numbers or len(numbers) > 200:
            return self._error(
                "LimitExceeded.PhoneNumberCountLimit", "Too many numbers."
            )
        statuses = []
        for number in numbers:
            with self.server.lock:
                codes = self.server.number_errors.get(number) or []
                code = codes.pop(0) if codes else None
            status = {
                "SerialNo": f"3369:{uuid.uuid4().int % 10**20}",
                "PhoneNumber": number,
                "Fee": 1,
                "SessionContext": params.get("SessionContext", ""),
                "Code": "Ok",
                "Message": "send success",
                "IsoCode": "CN",
            }
            if code:
                status.update(
                    SerialNo="", Fee=0, Code=code, Message=code.split(".")[-1]
                )
            statuses.append(status)
        return self._answer({"SendStatusSet": statuses})

    def _pull_status(self, params):
        with self.server.lock:
            limit = int(params.get("Limit") or 0)
            statuses = self.server.statuses[:limit]
            del self.server.statuses[:limit]
        return self._answer({"PullSmsSendStatusSet": statuses})

    def _error(self, code, message):
        return self._answer({"Error": {"Code": code, "Message": message}})

    def _answer(self, values):
        data = {"Response": dict(values, RequestId=str(uuid.uuid4()))}
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class TencentCloudSmsCase(HttpCase):
    """A company sending SMS through the fake Tencent Cloud, approved
    templates, a resident with a mainland mobile number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The messages checked are the English ones, whatever languages are loaded.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.secret_id = "AKIDtest" + secrets.token_hex(8)
        cls.secret_key = secrets.token_urlsafe(24)
        cls.gateway = FakeTencentCloudSms(cls.secret_id, cls.secret_key)
        thread = threading.Thread(target=cls.gateway.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(cls.gateway.server_close)
        cls.addClassCleanup(cls.gateway.shutdown)
        cls.gateway.templates = {"2000001": 3, "2000002": 1, "2000003": 4}
        cls.company = cls.env["res.company"].create(
            {
                "name": "Green Estate Services",
                "sms_cn_gateway": "tencentcloud",
                "sms_cn_sign_name": "绿城物业",
                "sms_tencentcloud_secret_id": cls.secret_id,
                "sms_tencentcloud_secret_key": cls.secret_key,
                "sms_tencentcloud_sdk_app_id": cls.gateway.sdk_app_id,
                "sms_tencentcloud_endpoint": cls.gateway.endpoint,
            }
        )
        cls.template = cls.env["sms.cn.template"].create(
            {
                "name": "Reminder before the due date",
                "company_id": cls.company.id,
                "gateway": "tencentcloud",
                "message_type": "property.reminder.pre_due",
                "template_code": "2000001",
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
            "sms_tc_admin",
            groups="base.group_system,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[Command.set([cls.company.id])],
        )
        cls.report_url = cls.company._sms_cn_receipt_url("tencentcloud")

    def setUp(self):
        super().setUp()
        self.gateway.requests.clear()
        self.gateway.number_errors.clear()
        self.gateway.statuses.clear()

    def _send_reminder(self, params=None, message_type=None):
        self.resident._message_sms(
            "尊敬的王芳，您的物业费356.80元将于2026-12-31到期。",
            partner_ids=self.resident.ids,
            sms_cn_message_type=message_type or "property.reminder.pre_due",
            sms_cn_params=self.params if params is None else params,
        )
        return self.env["sms.sms"].search(
            [("partner_id", "=", self.resident.id)], order="id desc", limit=1
        )

    def _push_reports(self, reports, url=None):
        """Post a status callback to Odoo as Tencent Cloud does."""
        return self.url_open(
            url or self.report_url,
            data=json.dumps(reports, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )

    def _report(
        self, sms, success=True, errmsg="DELIVRD", description="用户短信送达成功"
    ):
        return {
            "user_receive_time": "2026-12-01 10:00:05",
            "nationcode": "86",
            "mobile": "13800138000",
            "report_status": "SUCCESS" if success else "FAIL",
            "errmsg": errmsg,
            "description": description,
            "sid": sms.cn_msgid,
        }
