import hmac
import json
import logging
import re

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)

REPORT_TOKEN = re.compile(r"(/sms_cn/\w+/report/)[^/\s?\"]+")


class ReportTokenFilter(logging.Filter):
    """Mask the secret token of delivery report addresses in the HTTP server's
    request log."""

    def filter(self, record):
        if isinstance(record.args, tuple) and any(
            isinstance(arg, str) and "/sms_cn/" in arg for arg in record.args
        ):
            record.args = tuple(
                REPORT_TOKEN.sub(r"\1***", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


logging.getLogger("werkzeug").addFilter(ReportTokenFilter())


class SmsCnReportController(http.Controller):
    """What the delivery report routes of the gateways share.

    Neither Alibaba Cloud's SmsReport push nor Tencent Cloud's status callback
    signs its requests: each company's report address holds a secret token,
    checked here before anything else, and each report must then match an SMS
    sent by that company through that gateway (message ID and number)."""

    @staticmethod
    def _sms_cn_get_company(gateway, token):
        """The company whose report address for ``gateway`` holds ``token``,
        or None (logged) when no company has it."""
        # sudo: only the companies' secret tokens are read, to compare them with
        # the one of the address in constant time; nothing else before a match.
        companies_sudo = request.env["res.company"].sudo()
        companies = companies_sudo.search([("sms_cn_receipt_token", "!=", False)])
        token = (token or "").encode()
        for company in companies:
            if hmac.compare_digest(company.sms_cn_receipt_token.encode(), token):
                return company
        _logger.warning(
            "Ignored a delivery report posted to the %s report address with an "
            "unknown token (from %s).",
            gateway,
            request.httprequest.remote_addr,
        )
        return None

    @staticmethod
    def _sms_cn_get_api(company, gateway):
        """The company's API of ``gateway``, or None (logged) if it has none."""
        sms_api = company._sms_cn_get_api_of(gateway)
        if sms_api is None:
            _logger.warning(
                "Ignored a delivery report of %s for company %s, which has no "
                "such gateway.",
                gateway,
                company.id,
            )
        return sms_api

    @staticmethod
    def _sms_cn_read_json():
        """The JSON body of the request, or None (logged) when it is not JSON."""
        try:
            return json.loads(request.httprequest.get_data(as_text=True) or "null")
        except ValueError:
            _logger.warning("Ignored a delivery report that is not JSON.")
            return None
