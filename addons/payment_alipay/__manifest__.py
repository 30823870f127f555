# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Payment Provider: Alipay",
    "summary": "Alipay open platform (RSA2): desktop and mobile web payments, "
    "counter QR codes, refunds",
    "version": "18.0.1.1.0",
    "category": "Accounting/Payment Providers",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["payment_provider_settlement"],
    "external_dependencies": {"python": ["python-alipay-sdk"]},
    "data": [
        "views/payment_alipay_templates.xml",
        "views/payment_provider_views.xml",
        "views/payment_transaction_views.xml",
        "data/payment_provider_data.xml",
        "data/ir_cron_data.xml",
    ],
    "assets": {
        "web.assets_frontend": ["payment_alipay/static/src/js/alipay_qr.js"],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
