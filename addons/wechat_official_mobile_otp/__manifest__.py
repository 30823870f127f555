# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WeChat Binding by Mobile Sign-in",
    "summary": "A follower opening the portal from WeChat for the first time signs "
    "in with their mobile number and a code, then confirms binding their WeChat",
    "version": "18.0.1.1.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["wechat_official", "auth_mobile_otp"],
    "auto_install": True,
}
