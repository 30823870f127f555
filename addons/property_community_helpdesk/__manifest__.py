# Copyright 2026 Property Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Property Community Helpdesk",
    "summary": "A short satisfaction survey after a service ticket closes",
    "version": "18.0.1.1.0",
    "category": "Property",
    "license": "AGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_community", "property_helpdesk"],
    "auto_install": True,
    "data": ["views/property_community_views.xml"],
}
