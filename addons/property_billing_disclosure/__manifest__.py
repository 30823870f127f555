# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Property Billing Disclosure",
    "summary": "A manager applies the rates an owners' vote approved to its community",
    "version": "18.0.1.1.0",
    "category": "Property",
    "license": "LGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_billing", "property_disclosure"],
    "auto_install": True,
    "data": [
        "views/property_fee_type_views.xml",
        "views/property_vote_views.xml",
    ],
}
