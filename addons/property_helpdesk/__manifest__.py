# Copyright 2026 Property Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Property Helpdesk",
    "summary": "Repair, inquiry and complaint tickets for residents on OCA helpdesk",
    "version": "18.0.1.2.0",
    "category": "Property",
    "license": "AGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_base", "helpdesk_mgmt", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "security/property_helpdesk_rules.xml",
        "data/resource_calendar_data.xml",
        "data/helpdesk_ticket_category_data.xml",
        "data/helpdesk_ticket_stage_data.xml",
        "data/property_helpdesk_sla_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/property_helpdesk_sla_views.xml",
        "views/property_helpdesk_visit_views.xml",
        "views/property_community_views.xml",
        "report/property_helpdesk_report_views.xml",
        "views/helpdesk_ticket_templates.xml",
        "views/property_helpdesk_menus.xml",
    ],
    "demo": ["demo/property_helpdesk_demo.xml"],
    "assets": {
        "web.assets_tests": ["property_helpdesk/static/tests/tours/**/*"],
    },
}
