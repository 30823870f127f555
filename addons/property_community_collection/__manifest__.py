# Copyright 2026 Property Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Property Community Collection",
    "summary": "The collection rate on the community KPI dashboard",
    "version": "18.0.1.0.0",
    "category": "Property",
    "license": "AGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_community", "property_collection"],
    "auto_install": True,
}
