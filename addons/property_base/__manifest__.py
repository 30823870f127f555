# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Management Base",
    "summary": "Communities, buildings, units and their occupants for property "
    "management companies",
    "version": "18.0.1.1.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["mail", "portal", "base_import", "sms"],
    "data": [
        "security/property_base_groups.xml",
        "security/ir.model.access.csv",
        "security/property_base_rules.xml",
        "data/ir_cron_data.xml",
        "views/property_community_views.xml",
        "views/property_building_views.xml",
        "views/property_unit_views.xml",
        "views/property_occupancy_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/property_notification_views.xml",
        "views/property_unit_templates.xml",
        "views/res_config_settings_views.xml",
        "views/property_base_menus.xml",
    ],
    "demo": ["demo/property_demo.xml"],
    "assets": {
        "web.assets_frontend": ["property_base/static/src/js/**/*"],
        "web.assets_tests": ["property_base/static/tests/tours/**/*"],
    },
    "application": True,
}
