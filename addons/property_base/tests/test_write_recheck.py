from odoo.exceptions import AccessError

from .common import PropertyCase


class TestWriteRecheck(PropertyCase):
    """A write cannot hand a record to a community its author does not work on:
    Odoo checks record rules before a write, the suite checks them after too."""

    def test_staff_cannot_move_a_building_to_another_community(self):
        building = self._create_building(self.community_x, "Q")
        with self.assertRaises(AccessError):
            building.with_user(self.staff_x).write(
                {"community_id": self.community_y.id}
            )
        self.assertEqual(building.community_id, self.community_x)

    def test_staff_cannot_move_a_unit_to_a_building_of_another_community(self):
        unit = self._create_unit(self.building_x, "0909", 80.0)
        with self.assertRaises(AccessError):
            unit.with_user(self.staff_x).write({"building_id": self.building_y.id})
        self.assertEqual(unit.community_id, self.community_x)

    def test_staff_move_within_their_community_and_managers_anywhere(self):
        unit = self._create_unit(self.building_x, "0910", 80.0)
        other = self._create_building(self.community_x, "R")
        unit.with_user(self.staff_x).write({"building_id": other.id})
        self.assertEqual(unit.building_id, other)
        unit.with_user(self.manager).write({"building_id": self.building_y.id})
        self.assertEqual(unit.community_id, self.community_y)
