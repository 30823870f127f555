# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Billing",
    "summary": "Recurring property fees per unit as native customer invoices",
    "version": "18.0.1.0.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_base", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/property_billing_rules.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "wizard/property_fee_contract_change_payer_views.xml",
        "views/property_fee_type_views.xml",
        "views/property_fee_contract_views.xml",
        "views/property_billing_run_views.xml",
        "views/property_community_views.xml",
        "wizard/property_late_fee_waive_views.xml",
        "views/portal_templates.xml",
    ],
}
