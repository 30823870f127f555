import json
import logging
import re

from odoo.addons.sms_cn.tools import SmsCnApi, SmsCnGatewayError

from .. import const

_logger = logging.getLogger(__name__)

try:
    from tencentcloud.common import credential
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
        TencentCloudSDKException,
    )
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.sms.v20210111 import models as sms_models
    from tencentcloud.sms.v20210111.sms_client import SmsClient
except ImportError:  # pragma: no cover - declared in external_dependencies
    _logger.debug("tencentcloud-sdk-python-sms is not installed.")
    SmsClient = None

UUID = re.compile(r"^[0-9a-f]{32}$")


class TencentCloudSmsApi(SmsCnApi):
    """Tencent Cloud SMS (API 2021-01-11) through its official SDK, which
    signs each request (TC3-HMAC-SHA256)."""

    gateway = const.GATEWAY
    RETRY_CODES = const.RETRY_CODES
    RETRY_CODE_PREFIXES = const.RETRY_CODE_PREFIXES
    FAILURE_TYPES = const.FAILURE_TYPES

    def __init__(self, company):
        super().__init__(company)
        # sudo: the credentials are read to sign the requests only; they are
        # never returned, logged nor sent (the key signs, it is not sent).
        company_sudo = company.sudo()
        self._secret_id = (company_sudo.sms_tencentcloud_secret_id or "").strip()
        self._secret_key = (company_sudo.sms_tencentcloud_secret_key or "").strip()
        self._sdk_app_id = (company_sudo.sms_tencentcloud_sdk_app_id or "").strip()
        self._region = company_sudo.sms_tencentcloud_region or const.DEFAULT_REGION
        self._endpoint = (
            company_sudo.sms_tencentcloud_endpoint or const.DEFAULT_ENDPOINT
        ).strip()

    def __repr__(self):
        return f"<TencentCloudSmsApi company={self.company.id}>"

    def _check_configuration(self):
        if SmsClient is None:
            return self.env._(
                "The Python package tencentcloud-sdk-python-sms is not installed."
            )
        if not (self._secret_id and self._secret_key and self._sdk_app_id):
            return self.env._(
                "Tencent Cloud SMS needs the SecretId, SecretKey and SmsSdkAppId of "
                "%(company)s: enter them in Settings > SMS Gateway.",
                company=self.company.name,
            )
        return None

    def _get_failure_type(self, code):
        for prefix, failure_type in const.FAILURE_TYPE_PREFIXES.items():
            if (code or "").startswith(prefix):
                return failure_type
        return super()._get_failure_type(code)

    def _get_client(self):
        scheme, __, host = self._endpoint.rpartition("://")
        http_profile = HttpProfile(
            protocol=scheme or "https",
            endpoint=host,
            reqTimeout=const.REQUEST_TIMEOUT,
        )
        return SmsClient(
            credential.Credential(self._secret_id, self._secret_key),
            self._region,
            ClientProfile(httpProfile=http_profile),
        )

    def _call(self, action, request_class, values):
        """Call ``action``; turn Tencent Cloud's errors into SmsCnGatewayError."""
        request = request_class()
        request.from_json_string(json.dumps(values))
        try:
            return getattr(self._get_client(), action)(request)
        except TencentCloudSDKException as error:
            code = error.code or "UnknownError"
            message = error.message
            if isinstance(message, bytes):
                message = message.decode("utf-8", "replace")
            raise SmsCnGatewayError(
                code, message or "", retry=self._is_retryable(code)
            ) from error

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _send_sms_batch(self, messages):
        """One SendSms per template, signature and parameters, up to 200
        numbers each, a number once per request."""
        groups = {}
        for message in messages:
            key = (
                message["template_code"],
                message["sign_name"],
                tuple(value for __, value in message["params"]),
            )
            groups.setdefault(key, []).append(message)
        results = []
        for (template_code, sign_name, values), group in groups.items():
            while group:
                chunk, rest, numbers = [], [], set()
                for message in group:
                    if message["number"] in numbers or len(chunk) >= const.BATCH_SIZE:
                        rest.append(message)
                    else:
                        numbers.add(message["number"])
                        chunk.append(message)
                results += self._send_chunk(template_code, sign_name, values, chunk)
                group = rest
        return results

    def _send_chunk(self, template_code, sign_name, values, chunk):
        request = {
            "PhoneNumberSet": [message["number"] for message in chunk],
            "SmsSdkAppId": self._sdk_app_id,
            "SignName": sign_name,
            "TemplateId": template_code,
            "TemplateParamSet": list(values),
        }
        if len(chunk) == 1:
            request["SessionContext"] = chunk[0]["uuid"]
        response = self._call("SendSms", sms_models.SendSmsRequest, request)
        status_by_number = {
            status.PhoneNumber: status for status in response.SendStatusSet or []
        }
        results = []
        for message in chunk:
            status = status_by_number.get(message["number"])
            if status is None:
                results.append(
                    {
                        "uuid": message["uuid"],
                        "state": "error",
                        "code": "NoStatus",
                        "message": self.env._(
                            "Tencent Cloud gave no status for this number."
                        ),
                        "retry": True,
                    }
                )
            elif status.Code == "Ok":
                results.append(
                    {
                        "uuid": message["uuid"],
                        "state": "success",
                        "msgid": status.SerialNo,
                    }
                )
            else:
                results.append(
                    {
                        "uuid": message["uuid"],
                        "state": "error",
                        "code": status.Code,
                        "message": status.Message or "",
                        "retry": self._is_retryable(status.Code),
                    }
                )
        return results

    # ------------------------------------------------------------------
    # Delivery reports
    # ------------------------------------------------------------------
    def _fetch_delivery_reports(self, sms_records):
        """PullSmsSendStatus: the statuses not pulled yet (a queue: each one is
        given once), whichever SMS they are about."""
        response = self._call(
            "PullSmsSendStatus",
            sms_models.PullSmsSendStatusRequest,
            {"Limit": const.PULL_LIMIT, "SmsSdkAppId": self._sdk_app_id},
        )
        reports = []
        for status in response.PullSmsSendStatusSet or []:
            reports.append(
                {
                    "msgid": status.SerialNo or "",
                    "number": status.PhoneNumber or "",
                    "uuid": status.SessionContext
                    if UUID.match(status.SessionContext or "")
                    else None,
                    "delivered": status.ReportStatus == "SUCCESS",
                    "code": status.ReportStatus or "",
                    "message": status.Description or "",
                }
            )
        return reports

    def _parse_report(self, item):
        """A report of the status callback (one item of its JSON array)."""
        if not isinstance(item, dict):
            return None
        nationcode = str(item.get("nationcode") or "86").lstrip("+")
        mobile = str(item.get("mobile") or "")
        ext = str(item.get("ext") or "")
        return {
            "msgid": str(item.get("sid") or ""),
            "number": f"+{nationcode}{mobile}" if mobile else "",
            "uuid": ext if UUID.match(ext) else None,
            "delivered": item.get("report_status") == "SUCCESS",
            "code": str(item.get("errmsg") or item.get("report_status") or ""),
            "message": str(item.get("description") or ""),
        }
