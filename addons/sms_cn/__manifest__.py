# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "SMS through Chinese Gateways",
    "summary": "Send Odoo's SMS as approved templates with a signature through a "
    "Chinese SMS gateway instead of Odoo IAP",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["sms"],
    "data": [
        "security/ir.model.access.csv",
        "security/sms_cn_security.xml",
        "data/ir_cron_data.xml",
        "views/sms_cn_template_views.xml",
        "views/sms_sms_views.xml",
        "views/res_config_settings_views.xml",
        "views/sms_cn_menus.xml",
    ],
}
