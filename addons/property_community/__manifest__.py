# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Community",
    "summary": "Announcements, surveys, suggestions, owners' meetings and events",
    "version": "18.0.1.3.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_base", "mail", "portal", "sms", "survey", "event"],
    "data": [
        "security/property_community_groups.xml",
        "security/ir.model.access.csv",
        "security/property_community_rules.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "report/property_satisfaction_report_views.xml",
        "views/property_announcement_views.xml",
        "views/property_suggestion_views.xml",
        "views/property_community_views.xml",
        "views/survey_survey_views.xml",
        "views/survey_user_input_views.xml",
        "views/event_event_views.xml",
        "views/property_training_views.xml",
        "wizard/property_kpi_dashboard_views.xml",
        "views/property_community_templates.xml",
        "views/property_community_menus.xml",
    ],
    "demo": ["demo/property_community_demo.xml"],
    "assets": {
        "web.assets_tests": ["property_community/static/tests/tours/**/*"],
    },
}
