# Copyright 2026 Property Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Property Helpdesk Collection",
    "summary": "Fee objections in complaints pause dunning; cases list the tickets",
    "version": "18.0.1.0.0",
    "category": "Property",
    "license": "AGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_helpdesk", "property_collection"],
    "auto_install": True,
    "data": [
        "views/helpdesk_ticket_views.xml",
        "views/property_dunning_case_views.xml",
    ],
}
