# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WeChat Pay: Official Account Payers",
    "summary": "Pay inside WeChat (JSAPI) with the openid bound through the "
    "official account",
    "version": "18.0.1.0.0",
    "category": "Accounting/Payment Providers",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["payment_wechatpay", "wechat_official"],
    "auto_install": True,
}
