# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property SMS China",
    "summary": "Messages to residents go by SMS as the approved template of their "
    "type, through the company's Chinese gateway",
    "version": "18.0.1.0.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_base", "sms_cn"],
    "auto_install": True,
}
