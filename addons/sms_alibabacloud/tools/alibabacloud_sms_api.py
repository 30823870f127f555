import json
import logging

import pytz

from odoo.addons.sms_cn.tools import SmsCnApi, SmsCnGatewayError

from .. import const

_logger = logging.getLogger(__name__)

try:
    from alibabacloud_dysmsapi20170525 import models as dysms_models
    from alibabacloud_dysmsapi20170525.client import Client as DysmsClient
    from alibabacloud_tea_openapi import exceptions as openapi_exceptions
    from alibabacloud_tea_openapi import models as openapi_models
    from darabonba.exceptions import RetryError, UnretryableException
except ImportError:  # pragma: no cover - declared in external_dependencies
    _logger.debug("alibabacloud-dysmsapi20170525 is not installed.")
    DysmsClient = None

CHINA_TZ = pytz.timezone("Asia/Shanghai")


class AlibabaCloudSmsApi(SmsCnApi):
    """Alibaba Cloud SMS (Dysmsapi 2017-05-25) through its official SDK, which
    signs each request (ACS3-HMAC-SHA256)."""

    gateway = const.GATEWAY
    RETRY_CODES = const.RETRY_CODES
    RETRY_CODE_PREFIXES = const.RETRY_CODE_PREFIXES
    FAILURE_TYPES = const.FAILURE_TYPES

    def __init__(self, company):
        super().__init__(company)
        # sudo: the credentials are read to sign the requests only; they are
        # never returned, logged nor sent (the secret signs, it is not sent).
        company_sudo = company.sudo()
        self._access_key_id = (
            company_sudo.sms_alibabacloud_access_key_id or ""
        ).strip()
        self._access_key_secret = (
            company_sudo.sms_alibabacloud_access_key_secret or ""
        ).strip()
        self._endpoint = (
            company_sudo.sms_alibabacloud_endpoint or const.DEFAULT_ENDPOINT
        ).strip()

    def __repr__(self):
        return f"<AlibabaCloudSmsApi company={self.company.id}>"

    def _check_configuration(self):
        if DysmsClient is None:
            return self.env._(
                "The Python package alibabacloud-dysmsapi20170525 is not installed."
            )
        if not (self._access_key_id and self._access_key_secret):
            return self.env._(
                "Alibaba Cloud SMS needs the AccessKey ID and AccessKey secret of "
                "%(company)s: enter them in Settings > SMS Gateway.",
                company=self.company.name,
            )
        return None

    def _format_number(self, number):
        """Mainland numbers without country code (13800000000); others with
        their country code, without + (85291234567)."""
        country, national = self._split_number(number)
        if not country:
            return False
        return national if country == "86" else f"{country}{national}"

    @staticmethod
    def _report_number(number):
        """A number as Alibaba Cloud reports it: mainland numbers alone, others
        with their country code but no +."""
        number = str(number or "").strip()
        if number.isdigit() and not (len(number) == 11 and number.startswith("1")):
            return f"+{number}"
        return number

    def _get_client(self):
        scheme, __, host = self._endpoint.rpartition("://")
        config = openapi_models.Config(
            access_key_id=self._access_key_id,
            access_key_secret=self._access_key_secret,
            endpoint=host,
            protocol=scheme or "https",
            connect_timeout=const.CONNECT_TIMEOUT_MS,
            read_timeout=const.READ_TIMEOUT_MS,
        )
        return DysmsClient(config)

    def _call(self, method, request):
        """Call the SDK; turn Alibaba Cloud's errors into SmsCnGatewayError."""
        try:
            response = getattr(self._get_client(), method)(request)
        except openapi_exceptions.AlibabaCloudException as error:
            data = error.data if isinstance(error.data, dict) else {}
            code = error.code if error.code not in (None, "", "None") else None
            code = code or f"HTTP{error.status_code}"
            retry = (
                isinstance(error, openapi_exceptions.ThrottlingException)
                or (error.status_code or 0) >= 500
                or self._is_retryable(code)
            )
            raise SmsCnGatewayError(
                code, data.get("Message") or error.message or "", retry=retry
            ) from error
        except (UnretryableException, RetryError) as error:
            # The SDK's wrapping of network errors (refused, timeout): a later
            # attempt may succeed.
            raise SmsCnGatewayError("NetworkError", str(error), retry=True) from error
        return response.body

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _send_sms_batch(self, messages):
        """One SendSms per message alone with its template; SendBatchSms (up to
        100 numbers) for several messages with the same template."""
        by_template = {}
        for message in messages:
            by_template.setdefault(message["template_code"], []).append(message)
        results = []
        for template_code, group in by_template.items():
            if len(group) == 1:
                results += self._send_one(template_code, group[0])
                continue
            for start in range(0, len(group), const.BATCH_SIZE):
                chunk = group[start : start + const.BATCH_SIZE]
                results += self._send_chunk(template_code, chunk)
        return results

    def _send_one(self, template_code, message):
        request = dysms_models.SendSmsRequest(
            phone_numbers=message["number"],
            sign_name=message["sign_name"],
            template_code=template_code,
            template_param=self._template_param(message),
            out_id=message["uuid"],
        )
        return self._results(self._call("send_sms", request), [message])

    def _send_chunk(self, template_code, chunk):
        request = dysms_models.SendBatchSmsRequest(
            phone_number_json=json.dumps([m["number"] for m in chunk]),
            sign_name_json=json.dumps(
                [m["sign_name"] for m in chunk], ensure_ascii=False
            ),
            template_code=template_code,
            template_param_json=json.dumps(
                [dict(m["params"]) for m in chunk], ensure_ascii=False
            ),
        )
        return self._results(self._call("send_batch_sms", request), chunk)

    @staticmethod
    def _template_param(message):
        if not message["params"]:
            return None
        return json.dumps(dict(message["params"]), ensure_ascii=False)

    def _results(self, body, messages):
        if body.code == "OK":
            return [
                {"uuid": m["uuid"], "state": "success", "msgid": body.biz_id}
                for m in messages
            ]
        return [
            {
                "uuid": m["uuid"],
                "state": "error",
                "code": body.code,
                "message": body.message,
                "retry": self._is_retryable(body.code),
            }
            for m in messages
        ]

    # ------------------------------------------------------------------
    # Delivery reports
    # ------------------------------------------------------------------
    def _fetch_delivery_reports(self, sms_records):
        """QuerySendDetails for each SMS waiting for its report."""
        reports = []
        for sms in sms_records:
            sent_on = (
                pytz.utc.localize(sms.cn_sent_date)
                .astimezone(CHINA_TZ)
                .strftime("%Y%m%d")
            )
            request = dysms_models.QuerySendDetailsRequest(
                phone_number=self._format_number(sms.number),
                biz_id=sms.cn_msgid,
                send_date=sent_on,
                page_size=10,
                current_page=1,
            )
            body = self._call("query_send_details", request)
            if body.code != "OK":
                raise SmsCnGatewayError(body.code, body.message or "")
            details = body.sms_send_detail_dtos
            for detail in (details and details.sms_send_detail_dto) or []:
                if detail.send_status == const.QUERY_STATUS_WAITING:
                    continue
                delivered = detail.send_status == const.QUERY_STATUS_DELIVERED
                reports.append(
                    {
                        "msgid": sms.cn_msgid,
                        "number": self._report_number(detail.phone_num),
                        "delivered": delivered,
                        "code": detail.err_code,
                        "message": "",
                    }
                )
        return reports

    def _parse_report(self, item):
        """A report of the SmsReport push (one item of its JSON array)."""
        if not isinstance(item, dict):
            return None
        success = item.get("success")
        if isinstance(success, str):
            success = success.strip().lower() == "true"
        return {
            "msgid": str(item.get("biz_id") or ""),
            "number": self._report_number(item.get("phone_number")),
            "uuid": item.get("out_id") or None,
            "delivered": success is True,
            "code": str(item.get("err_code") or ""),
            "message": str(item.get("err_msg") or ""),
        }
