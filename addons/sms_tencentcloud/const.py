from odoo.addons.sms_cn.const import (
    FAILURE_ACCOUNT,
    FAILURE_NUMBER,
    FAILURE_TEMPLATE,
)

GATEWAY = "tencentcloud"
DEFAULT_ENDPOINT = "sms.tencentcloudapi.com"
DEFAULT_REGION = "ap-guangzhou"
REGIONS = [
    ("ap-guangzhou", "South China (Guangzhou)"),
    ("ap-beijing", "North China (Beijing)"),
    ("ap-nanjing", "East China (Nanjing)"),
]
# SendSms takes up to 200 numbers sharing the template parameters.
BATCH_SIZE = 200
# PullSmsSendStatus gives up to 100 statuses per call.
PULL_LIMIT = 100
REQUEST_TIMEOUT = 20

# Error codes that a later attempt may overcome: per number frequency limits,
# API rate limits, outages and network errors.
RETRY_CODES = frozenset(
    {
        "ClientNetworkError",
        "ServerNetworkError",
        "FailedOperation.FailResolvePacket",
    }
)
RETRY_CODE_PREFIXES = ("LimitExceeded.", "RequestLimitExceeded", "InternalError")

FAILURE_TYPES = {
    "InvalidParameterValue.IncorrectPhoneNumber": FAILURE_NUMBER,
    "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber": FAILURE_NUMBER,
    "UnsupportedOperation.UnsupportedRegion": "sms_country_not_supported",
    "FailedOperation.PhoneNumberInBlacklist": "sms_blacklist",
    "FailedOperation.InsufficientBalanceInSmsPackage": "sms_credit",
    "InvalidParameterValue.SdkAppIdNotExist": FAILURE_ACCOUNT,
    "FailedOperation.SignatureIncorrectOrUnapproved": FAILURE_TEMPLATE,
    "FailedOperation.TemplateIncorrectOrUnapproved": FAILURE_TEMPLATE,
    "FailedOperation.MissingSignature": FAILURE_TEMPLATE,
    "FailedOperation.MissingSignatureList": FAILURE_TEMPLATE,
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": FAILURE_TEMPLATE,
    "InvalidParameterValue.TemplateParameterFormatError": FAILURE_TEMPLATE,
    "InvalidParameterValue.TemplateParameterLengthLimit": FAILURE_TEMPLATE,
    "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter": FAILURE_TEMPLATE,
}
FAILURE_TYPE_PREFIXES = {
    "AuthFailure.": FAILURE_ACCOUNT,
    "UnauthorizedOperation.": FAILURE_ACCOUNT,
}
