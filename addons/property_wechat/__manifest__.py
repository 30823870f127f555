# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Management: WeChat Notices",
    "summary": "Send residents' notices as WeChat template messages",
    "version": "18.0.1.1.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_base", "wechat_official"],
    "auto_install": True,
}
