# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Billing Disclosure",
    "summary": "An owners' vote approving a fee change revises the billing rates",
    "version": "18.0.1.0.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_billing", "property_disclosure"],
    "auto_install": True,
    "data": ["views/property_vote_views.xml"],
}
