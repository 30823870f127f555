from odoo.addons.property_base.tests.common import PropertyCase


class CommunityCase(PropertyCase):
    """PropertyCase plus a tenant in unit X1, a resident of community Y,
    contact details, and helpers for announcements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resident_a.partner_id.write(
            {
                "email": "a@example.com",
                "mobile": "+86 138 0000 0001",
                "property_contact_channel": "email",
            }
        )
        cls.resident_b.partner_id.write(
            {
                "email": "b@example.com",
                "mobile": "+86 138 0000 0002",
                "property_contact_channel": "sms",
            }
        )
        cls.tenant_a = cls._portal_user("tenant_a")
        cls.tenant_a.partner_id.write({"email": False, "mobile": False})
        cls._occupy(cls.unit_x1, cls.tenant_a.partner_id, "tenant")
        cls.resident_y = cls._portal_user("resident_y")
        cls._occupy(cls.unit_y1, cls.resident_y.partner_id, "owner", 100)

    @classmethod
    def _announcement(cls, **values):
        return cls.env["property.announcement"].create(
            {
                "name": "Lift maintenance",
                "body": "<p>The lift stops on Monday.</p>",
                "company_id": cls.company.id,
                "community_id": cls.community_x.id,
                **values,
            }
        )
