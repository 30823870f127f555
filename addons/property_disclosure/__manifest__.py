# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Disclosure",
    "summary": "Fee composition, budgets, maintenance fund and service standards "
    "published to owners",
    "version": "18.0.1.0.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_base"],
}
