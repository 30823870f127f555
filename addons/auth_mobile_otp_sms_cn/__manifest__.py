# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Mobile Sign-in Codes as Approved SMS Templates",
    "summary": "Send sign-in codes and portal invitations through a Chinese SMS "
    "gateway as their own approved templates (验证码模板)",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["auth_mobile_otp", "sms_cn"],
    "auto_install": True,
}
