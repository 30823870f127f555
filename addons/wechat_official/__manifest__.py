# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WeChat Official Account",
    "summary": "Template messages, access token cache and snsapi_base binding / "
    "sign-in for a WeChat official account (微信公众号)",
    "version": "18.0.1.1.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["base_setup", "mail", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "views/wechat_official_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/wechat_official_portal_templates.xml",
    ],
}
