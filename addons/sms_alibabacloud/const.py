from odoo.addons.sms_cn.const import (
    FAILURE_ACCOUNT,
    FAILURE_NUMBER,
    FAILURE_TEMPLATE,
)

GATEWAY = "alibabacloud"
DEFAULT_ENDPOINT = "dysmsapi.aliyuncs.com"
# SendBatchSms takes up to 100 numbers per request.
BATCH_SIZE = 100
CONNECT_TIMEOUT_MS = 5000
READ_TIMEOUT_MS = 20000

# Error codes of SendSms / SendBatchSms that a later attempt may overcome:
# flow control (per number per minute / hour / day), service outages.
RETRY_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.DAY_LIMIT_CONTROL",
        "isp.SYSTEM_ERROR",
        "isp.GATEWAY_ERROR",
        "isv.SYSTEM_ERROR",
        "ServiceUnavailable",
        "InternalError",
        "SignatureNonceUsed",
    }
)
RETRY_CODE_PREFIXES = ("Throttling",)

FAILURE_TYPES = {
    "isv.MOBILE_NUMBER_ILLEGAL": FAILURE_NUMBER,
    "isv.MOBILE_COUNT_OVER_LIMIT": FAILURE_NUMBER,
    "isv.AMOUNT_NOT_ENOUGH": "sms_credit",
    "isv.OUT_OF_SERVICE": "sms_credit",
    "isv.ACCOUNT_NOT_EXISTS": FAILURE_ACCOUNT,
    "isv.ACCOUNT_ABNORMAL": FAILURE_ACCOUNT,
    "isp.RAM_PERMISSION_DENY": FAILURE_ACCOUNT,
    "Forbidden.RAM": FAILURE_ACCOUNT,
    "InvalidAccessKeyId.NotFound": FAILURE_ACCOUNT,
    "InvalidAccessKeyId.Inactive": FAILURE_ACCOUNT,
    "SignatureDoesNotMatch": FAILURE_ACCOUNT,
    "IncompleteSignature": FAILURE_ACCOUNT,
    "InvalidTimeStamp.Expired": FAILURE_ACCOUNT,
    "isv.SMS_TEMPLATE_ILLEGAL": FAILURE_TEMPLATE,
    "isv.SMS_SIGNATURE_ILLEGAL": FAILURE_TEMPLATE,
    "isv.SMS_SIGN_ILLEGAL": FAILURE_TEMPLATE,
    "isv.SMS_SIGNATURE_SCENE_ILLEGAL": FAILURE_TEMPLATE,
    "isv.TEMPLATE_MISSING_PARAMETERS": FAILURE_TEMPLATE,
    "isv.TEMPLATE_PARAMS_ILLEGAL": FAILURE_TEMPLATE,
    "isv.INVALID_JSON_PARAM": FAILURE_TEMPLATE,
    "isv.PARAM_LENGTH_LIMIT": FAILURE_TEMPLATE,
    "isv.BLACK_KEY_CONTROL_LIMIT": "sms_blacklist",
}

# QuerySendDetails: SendStatus of a message.
QUERY_STATUS_WAITING = 1
QUERY_STATUS_FAILED = 2
QUERY_STATUS_DELIVERED = 3
