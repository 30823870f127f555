# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Sign In with a Mobile Number",
    "summary": "Portal users sign in with their mobile number and a one-time code "
    "sent by SMS (手机号验证码登录); portal access granted from mobile numbers",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["auth_signup", "portal", "sms"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_actions_server_data.xml",
        "views/auth_mobile_otp_templates.xml",
    ],
}
