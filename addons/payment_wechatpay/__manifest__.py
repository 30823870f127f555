# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Payment Provider: WeChat Pay",
    "summary": "WeChat Pay API v3 (QR code, phone browser H5, inside WeChat JSAPI) "
    "for payments in CNY, with notifications, queries and refunds",
    "version": "18.0.1.1.0",
    "category": "Accounting/Payment Providers",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["payment_provider_settlement"],
    "external_dependencies": {"python": ["wechatpayv3"]},
    "data": [
        "data/ir_cron_data.xml",
        "views/payment_provider_views.xml",
        "views/payment_transaction_views.xml",
        "views/payment_wechatpay_templates.xml",
        # Depends on views/payment_wechatpay_templates.xml (redirect_form).
        "data/payment_provider_data.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "payment_wechatpay/static/src/js/wechatpay_pay_page.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
