# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "SMS through Tencent Cloud",
    "summary": "Send Odoo's SMS as approved templates through Tencent Cloud SMS "
    "(腾讯云短信), with delivery reports",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["sms_cn"],
    "external_dependencies": {"python": ["tencentcloud-sdk-python-sms"]},
    "data": [
        "views/res_config_settings_views.xml",
    ],
}
