from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user


class PropertyCase(TransactionCase):
    """Two companies, two communities in the first, one in the second; a
    manager, a staff member of community X, two residents of community X."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # With an address, as a real company has: the mails sent in its name
        # (helpdesk_mgmt's notice of a closed ticket) need a sender.
        cls.company, cls.other_company = cls.env["res.company"].create(
            [
                {"name": "Green Estate Services", "email": "service@green.example.com"},
                {"name": "Blue Sky PM", "email": "service@bluesky.example.com"},
            ]
        )
        Community = cls.env["property.community"]
        cls.community_x = Community.create(
            {"name": "Jade Lake Garden", "code": "JLG", "company_id": cls.company.id}
        )
        cls.community_y = Community.create(
            {"name": "Osmanthus Court", "code": "OSC", "company_id": cls.company.id}
        )
        cls.community_z = Community.create(
            {"name": "West River", "code": "WR", "company_id": cls.other_company.id}
        )
        cls.building_x = cls._create_building(cls.community_x, "A")
        cls.building_y = cls._create_building(cls.community_y, "B")
        cls.building_z = cls._create_building(cls.community_z, "C")
        cls.unit_x1 = cls._create_unit(cls.building_x, "0101", 89.5)
        cls.unit_x2 = cls._create_unit(cls.building_x, "0102", 120.0)
        cls.unit_y1 = cls._create_unit(cls.building_y, "0101", 75.25)
        cls.unit_z1 = cls._create_unit(cls.building_z, "0101", 60.0)

        cls.manager = new_test_user(
            cls.env,
            login="pm_manager",
            groups="property_base.group_property_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.staff_x = new_test_user(
            cls.env,
            login="pm_staff_x",
            groups="property_base.group_property_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.staff_x.property_community_ids = cls.community_x
        cls.resident_a = cls._portal_user("resident_a")
        cls.resident_b = cls._portal_user("resident_b")
        cls.occupancy_a = cls._occupy(
            cls.unit_x1, cls.resident_a.partner_id, "owner", 100
        )
        cls.occupancy_b = cls._occupy(
            cls.unit_x2, cls.resident_b.partner_id, "owner", 100
        )

    @classmethod
    def _portal_user(cls, login):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    @classmethod
    def _create_building(cls, community, code):
        return cls.env["property.building"].create(
            {"name": f"Building {code}", "code": code, "community_id": community.id}
        )

    @classmethod
    def _create_unit(cls, building, number, area, **values):
        return cls.env["property.unit"].create(
            {
                "building_id": building.id,
                "entrance": "1",
                "number": number,
                "area": area,
                **values,
            }
        )

    @classmethod
    def _occupy(cls, unit, partner, role, share=0.0, date_start="2020-01-01", **values):
        return cls.env["property.occupancy"].create(
            {
                "unit_id": unit.id,
                "partner_id": partner.id,
                "role": role,
                "share": share,
                "date_start": date_start,
                **values,
            }
        )

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex):
        """Like unittest's, inside Odoo's savepoint so the failed write is
        rolled back as with ``assertRaises``."""
        with self.assertRaises(expected_exception) as capture:
            yield capture
        self.assertRegex(str(capture.exception), expected_regex)
