# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "SMS through Alibaba Cloud",
    "summary": "Send Odoo's SMS as approved templates through Alibaba Cloud SMS "
    "(阿里云短信服务), with delivery reports",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["sms_cn"],
    "external_dependencies": {"python": ["alibabacloud-dysmsapi20170525"]},
    "data": [
        "views/res_config_settings_views.xml",
    ],
}
