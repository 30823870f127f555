# Copyright 2026 Property Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Property Helpdesk Billing",
    "summary": "Paid repairs on the resident's next bill",
    "version": "18.0.1.1.0",
    "category": "Property",
    "license": "AGPL-3",
    "author": "Property Suite Authors",
    "website": "https://github.com/property-suite/property-suite",
    "depends": ["property_helpdesk", "property_billing"],
    "auto_install": True,
    "data": [
        "views/helpdesk_ticket_views.xml",
    ],
    "demo": [
        "demo/property_helpdesk_billing_demo.xml",
    ],
}
