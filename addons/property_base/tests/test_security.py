from odoo.exceptions import AccessError

from .common import PropertyCase


class TestSecurity(PropertyCase):
    def test_resident_sees_only_units_currently_occupied(self):
        Unit = self.env["property.unit"].with_user(self.resident_a)
        self.assertEqual(Unit.search([]), self.unit_x1)
        self.unit_x1.with_user(self.resident_a).read(["code", "area"])
        with self.assertRaises(AccessError):
            self.unit_x2.with_user(self.resident_a).read(["code"])
        with self.assertRaises(AccessError):
            self.unit_x1.with_user(self.resident_a).write({"area": 1.0})

    def test_resident_sees_co_occupants_but_not_former_ones(self):
        tenant = self.env["res.partner"].create({"name": "李娜"})
        former = self.env["res.partner"].create({"name": "周杰"})
        current = self._occupy(self.unit_x1, tenant, "tenant", date_start="2024-01-01")
        past = self._occupy(
            self.unit_x1,
            former,
            "tenant",
            date_start="2021-01-01",
            date_end="2022-01-01",
        )
        Occupancy = self.env["property.occupancy"].with_user(self.resident_a)
        self.assertEqual(Occupancy.search([]), self.occupancy_a | current)
        with self.assertRaises(AccessError):
            past.with_user(self.resident_a).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.occupancy_b.with_user(self.resident_a).read(["partner_id"])

    def test_resident_reads_own_community_and_building_only(self):
        self.assertEqual(
            self.env["property.community"].with_user(self.resident_a).search([]),
            self.community_x,
        )
        self.assertEqual(
            self.env["property.building"].with_user(self.resident_a).search([]),
            self.building_x,
        )

    def test_former_occupant_loses_access(self):
        self.occupancy_a.date_end = "2021-12-31"
        self.assertFalse(
            self.env["property.unit"].with_user(self.resident_a).search([])
        )
        with self.assertRaises(AccessError):
            self.unit_x1.with_user(self.resident_a).read(["code"])

    def test_staff_see_only_their_communities(self):
        env = self.env(user=self.staff_x)
        self.assertEqual(env["property.community"].search([]), self.community_x)
        self.assertEqual(env["property.unit"].search([]), self.unit_x1 | self.unit_x2)
        self.assertEqual(
            env["property.occupancy"].search([]), self.occupancy_a | self.occupancy_b
        )
        with self.assertRaises(AccessError):
            self.community_y.with_user(self.staff_x).read(["name"])
        with self.assertRaises(AccessError):
            self.unit_y1.with_user(self.staff_x).read(["code"])
        with self.assertRaises(AccessError):
            self.building_y.with_user(self.staff_x).read(["name"])
        # Staff keep their units up to date but do not create communities.
        self.unit_x1.with_user(self.staff_x).write({"floor": 1})
        with self.assertRaises(AccessError):
            env["property.community"].create({"name": "New", "code": "NEW"})

    def test_staff_scope_follows_assignment(self):
        self.assertFalse(
            self.env["property.unit"]
            .with_user(self.staff_x)
            .search([("community_id", "=", self.community_y.id)])
        )
        self.staff_x.property_community_ids |= self.community_y
        self.assertEqual(
            self.env["property.unit"]
            .with_user(self.staff_x)
            .search([("community_id", "=", self.community_y.id)]),
            self.unit_y1,
        )

    def test_manager_sees_every_community_of_own_company_only(self):
        env = self.env(user=self.manager)
        self.assertEqual(
            env["property.community"].search([]), self.community_x | self.community_y
        )
        self.assertNotIn(self.unit_z1, env["property.unit"].search([]))
        with self.assertRaises(AccessError):
            self.unit_z1.with_user(self.manager).read(["code"])
        with self.assertRaises(AccessError):
            self.community_z.with_user(self.manager).read(["name"])

    def test_internal_user_without_property_group_sees_nothing(self):
        clerk = self.env["res.users"].create(
            {
                "name": "Clerk",
                "login": "clerk",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.env["property.unit"].with_user(clerk).search([])
