# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Billing WeChat Pay",
    "summary": "Residents pay their bills with WeChat Pay, also by scanning at the "
    "counter",
    "version": "18.0.1.0.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_billing", "payment_wechatpay"],
    "auto_install": True,
}
