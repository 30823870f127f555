# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Payment Provider Settlements",
    "summary": "Import a payment provider's settlement file and book its fees "
    "against the provider's outstanding receipts",
    "version": "18.0.1.0.0",
    "category": "Accounting/Payment Providers",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["account_payment"],
    "data": [
        "security/ir.model.access.csv",
        "security/payment_provider_settlement_rules.xml",
        "wizard/payment_settlement_import_views.xml",
        "views/payment_settlement_views.xml",
        "views/payment_provider_views.xml",
        "views/payment_provider_settlement_menus.xml",
    ],
}
