# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

# The gateways of the Alipay open platform (开放平台), by provider state.
# See https://opendocs.alipay.com/common/02kf5q (sandbox) and
# https://opendocs.alipay.com/open-v3/054oog (gateway).
GATEWAY_URLS = {
    "test": "https://openapi-sandbox.dl.alipaydev.com/gateway.do",
    "enabled": "https://openapi.alipay.com/gateway.do",
}

# Alipay settles in Chinese yuan only (人民币).
SUPPORTED_CURRENCIES = ["CNY"]

# The codes of the payment methods to activate when Alipay is activated.
DEFAULT_PAYMENT_METHOD_CODES = {"alipay"}

# The signature type of every request, response and notification: SHA256withRSA.
SIGN_TYPE = "RSA2"
# The smallest RSA key the platform issues for RSA2.
MIN_KEY_SIZE = 2048

# The Alipay API methods, by payment flow.
FLOW_METHODS = {
    "page": "alipay.trade.page.pay",
    "wap": "alipay.trade.wap.pay",
    "precreate": "alipay.trade.precreate",
}
# The product codes Alipay expects with each flow.
FLOW_PRODUCT_CODES = {
    "page": "FAST_INSTANT_TRADE_PAY",
    "wap": "QUICK_WAP_WAY",
}

# The API answers a call with these codes; any other code is an error of the call
# itself.
CODE_SUCCESS = "10000"
CODE_BUSINESS_FAILED = "40004"
# The system is busy: the outcome of the call is unknown.
CODE_UNKNOWN = ("20000",)
SUB_CODE_TRADE_NOT_EXIST = "ACQ.TRADE_NOT_EXIST"
SUB_CODE_TRADE_STATUS_ERROR = "ACQ.TRADE_STATUS_ERROR"
SUB_CODE_TRADE_HAS_SUCCESS = "ACQ.TRADE_HAS_SUCCESS"

# Mapping of transaction states to Alipay trade statuses (trade_status).
# See https://opendocs.alipay.com/open/194/103296.
TRANSACTION_STATUS_MAPPING = {
    "pending": ("WAIT_BUYER_PAY",),
    "done": ("TRADE_SUCCESS", "TRADE_FINISHED"),
    "cancel": ("TRADE_CLOSED",),
}
REFUND_STATUS_SUCCESS = "REFUND_SUCCESS"

# The user agents that get the mobile web flow (alipay.trade.wap.pay).
MOBILE_USER_AGENT = re.compile(
    r"Mobile|Android|iPhone|iPod|iPad|HarmonyOS|Windows Phone|AlipayClient|"
    r"MicroMessenger",
    re.IGNORECASE,
)

# The merchant order number (out_trade_no) and refund request number (out_request_no):
# letters, digits and underscores, 64 characters at most.
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9_]{1,64}$")
REFERENCE_MAX_LENGTH = 64
# Characters Alipay refuses in an order subject.
SUBJECT_FORBIDDEN = re.compile(r"[/=&]")
SUBJECT_MAX_LENGTH = 128

# Seconds to wait for the gateway.
API_TIMEOUT = 10
# The scheduled check does this many transactions per batch, and asks again about a
# transaction at most every this many seconds.
CHECK_BATCH_SIZE = 50
CHECK_INTERVAL = 300
# The QR code page asks Alipay about its transaction at most every this many seconds.
QR_QUERY_INTERVAL = 5
# The timezone of the timestamps of the API (Beijing time).
API_TIMEZONE = "Asia/Shanghai"
API_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

# The trade bill (业务明细): the columns read, by their names in the header.
BILL_COLUMNS = {
    "provider_ref": "支付宝交易号",
    "order_ref": "商户订单号",
    "type": "业务类型",
    "time": "完成时间",
    "amount": "订单金额（元）",
    "fee": "服务费（元）",
}
# The business type of the rows giving money (and fees) back.
BILL_REFUND_TYPE = "退款"
# A bill file larger than this (bytes, uncompressed) in a zip is not read.
BILL_MAX_SIZE = 50 * 1024 * 1024
# The API method giving the download address of a bill, and the download's timeout.
BILL_DOWNLOAD_METHOD = "alipay.data.dataservice.bill.downloadurl.query"
BILL_DOWNLOAD_TIMEOUT = 30
