# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Disclosure",
    "summary": "Fee composition, budgets, maintenance fund and service standards "
    "published to owners, and owners' votes",
    "version": "18.0.1.2.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_base", "account", "analytic", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/property_disclosure_rules.xml",
        "data/property_cost_category_data.xml",
        "data/property_vote_matter_data.xml",
        "data/ir_cron_data.xml",
        "report/property_disclosure_report.xml",
        "wizard/property_vote_ballot_record_views.xml",
        "wizard/property_disclosure_correct_views.xml",
        "views/property_cost_category_views.xml",
        "views/property_service_standard_views.xml",
        "views/property_fee_composition_views.xml",
        "views/property_budget_views.xml",
        "views/property_vote_views.xml",
        "views/property_fund_views.xml",
        "views/property_disclosure_views.xml",
        "views/property_community_views.xml",
        "views/property_disclosure_templates.xml",
        "views/property_disclosure_menus.xml",
    ],
    "demo": ["demo/property_disclosure_demo.xml"],
    "assets": {
        "web.assets_tests": ["property_disclosure/static/tests/tours/**/*"],
    },
    "post_init_hook": "post_init_hook",
}
