# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Constants of WeChat Pay API v3 (https://pay.weixin.qq.com/doc/v3/merchant/)."""

# The production gateway. WeChat Pay API v3 has no sandbox: a provider in test
# mode talks to `wechatpay_test_api_url` when it is set (a local simulator).
PRODUCTION_API_URL = "https://api.mch.weixin.qq.com"

# WeChat Pay only settles in Chinese yuan, in fen (1/100 CNY).
SUPPORTED_CURRENCIES = ["CNY"]

DEFAULT_PAYMENT_METHOD_CODES = {"wechat_pay"}

# The signature scheme of the Authorization header and of WeChat Pay's answers.
AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048"

# A notification whose Wechatpay-Timestamp is further than this from now (in
# seconds) is refused: it is stale or replayed.
NOTIFICATION_MAX_AGE = 300

# Pending transactions younger than this (in seconds) are left to the
# notification before the scheduled job queries them.
QUERY_DELAY = 120

# How many transactions one run of the scheduled job handles before it asks to
# be run again.
CRON_BATCH_SIZE = 50

# The payment flows (trade types) and their order endpoints.
FLOW_NATIVE = "native"
FLOW_H5 = "h5"
FLOW_JSAPI = "jsapi"
ORDER_ENDPOINTS = {
    FLOW_NATIVE: "/v3/pay/transactions/native",
    FLOW_H5: "/v3/pay/transactions/h5",
    FLOW_JSAPI: "/v3/pay/transactions/jsapi",
}
QUERY_ORDER_ENDPOINT = "/v3/pay/transactions/out-trade-no/{out_trade_no}"
CLOSE_ORDER_ENDPOINT = "/v3/pay/transactions/out-trade-no/{out_trade_no}/close"
REFUND_ENDPOINT = "/v3/refund/domestic/refunds"
QUERY_REFUND_ENDPOINT = "/v3/refund/domestic/refunds/{out_refund_no}"

# Mapping of transaction states to WeChat Pay trade states (trade_state).
PAYMENT_STATUS_MAPPING = {
    "pending": ("USERPAYING", "ACCEPT"),
    "done": ("SUCCESS", "REFUND"),  # REFUND: paid, then (partly) refunded.
    "cancel": ("CLOSED", "REVOKED"),
    "error": ("PAYERROR",),
    "unpaid": ("NOTPAY",),  # Nothing happened yet: the transaction is left as is.
}

# Mapping of refund transaction states to WeChat Pay refund states (status).
REFUND_STATUS_MAPPING = {
    "pending": ("PROCESSING",),
    "done": ("SUCCESS",),
    "cancel": ("CLOSED",),
    "error": ("ABNORMAL",),
}

# Notification events handled by /payment/wechatpay/notify.
PAYMENT_EVENTS = ("TRANSACTION.SUCCESS",)
REFUND_EVENTS = ("REFUND.SUCCESS", "REFUND.ABNORMAL", "REFUND.CLOSED")

# Error codes of WeChat Pay's answers that the module acts upon.
ERROR_ORDER_NOT_EXIST = "ORDER_NOT_EXIST"
ERROR_ORDER_PAID = "ORDERPAID"
ERROR_RESOURCE_NOT_EXISTS = "RESOURCE_NOT_EXISTS"

# Characters WeChat Pay accepts in out_trade_no / out_refund_no (6 to 32 long).
OUT_NO_ALLOWED = r"0-9A-Za-z_\-|*"
OUT_NO_MIN_LENGTH = 6
OUT_NO_MAX_LENGTH = 32

# Longest order description (bytes) and refund reason (characters).
DESCRIPTION_MAX_BYTES = 127
REFUND_REASON_MAX_LENGTH = 80

# Mobile browsers get the H5 flow; WeChat's own browser the JSAPI flow.
WECHAT_BROWSER_MARKER = "MicroMessenger"
MOBILE_MARKERS = ("Mobile", "Android", "iPhone", "iPad", "iPod", "HarmonyOS")

# The time zone of the dates WeChat Pay expects (time_expire).
WECHATPAY_TIMEZONE = "Asia/Shanghai"

# The trade bill (交易账单): the columns read, by their names in the header.
BILL_COLUMNS = {
    "time": "交易时间",
    "provider_ref": "微信订单号",
    "order_ref": "商户订单号",
    "status": "交易状态",
    "amount": "应结订单金额",
    "refund_amount": "退款金额",
    "fee": "手续费",
}
# The first column of the summary header, after the detail rows.
BILL_SUMMARY_FIRST_COLUMN = "总交易单数"
# Rows giving money (and fees) back.
BILL_REFUND_STATUSES = ("REFUND", "REVOKED")
