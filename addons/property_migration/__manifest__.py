# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Migration",
    "summary": "Import a community from the old system: units, owners, contracts, "
    "arrears, prepayments and meter readings",
    "version": "18.0.1.1.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_billing"],
    "external_dependencies": {"python": ["openpyxl"]},
    "data": [
        "security/ir.model.access.csv",
        "security/property_migration_rules.xml",
        "data/ir_cron_data.xml",
        "views/property_migration_import_views.xml",
        "wizard/property_fee_binding_views.xml",
        "views/res_config_settings_views.xml",
        "views/property_migration_menus.xml",
    ],
}
