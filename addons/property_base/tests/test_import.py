from odoo.tools import file_open, mute_logger

from .common import PropertyCase

TEMPLATE = "property_base/static/xls/property_unit_import.csv"


class TestImport(PropertyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The names the template refers to.
        cls.community_x.name = "Sunny Bay Residence"
        cls.building_x.name = "Tower A"

    def _import(self, content):
        wizard = self.env["base_import.import"].create(
            {
                "res_model": "property.unit",
                "file": content,
                "file_name": "units.csv",
                "file_type": "text/csv",
            }
        )
        options = {
            "has_headers": True,
            "separator": ",",
            "quoting": '"',
            "encoding": "utf-8",
            "date_format": "%Y-%m-%d",
            "float_decimal_separator": ".",
            "float_thousand_separator": ",",
            "name_create_enabled_fields": {"occupancy_ids/partner_id": True},
        }
        preview = wizard.parse_preview(dict(options))
        self.assertNotIn("error", preview)
        # Each match is a field path, e.g. ["occupancy_ids", "partner_id"].
        fields = ["/".join(path) for path in preview["matches"].values()]
        self.assertEqual(len(fields), len(preview["headers"]), "every column maps")
        return wizard.execute_import(fields, preview["headers"], options)

    def _template(self):
        template = self.env["property.unit"].get_import_templates()[0]["template"]
        self.assertEqual(template, "/" + TEMPLATE)
        with file_open(TEMPLATE, "rb") as file:
            return file.read()

    def test_template_loads_units_and_occupants(self):
        result = self._import(self._template())
        self.assertEqual(result["messages"], [])
        units = self.env["property.unit"].browse(result["ids"])
        self.assertEqual(len(units), 4)
        flat = units.filtered(lambda u: u.code == "A-1-0302")
        self.assertEqual(flat.area, 89.5)
        self.assertEqual(flat.community_id, self.community_x)
        self.assertEqual(sorted(flat.occupancy_ids.mapped("role")), ["owner", "tenant"])
        co_owned = units.filtered(lambda u: u.code == "A-1-0303")
        self.assertEqual(sum(co_owned.occupancy_ids.mapped("share")), 100)
        parking = units.filtered(lambda u: u.unit_type == "parking")
        self.assertEqual(parking.code, "P-015")
        self.assertFalse(parking.building_id)

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_bad_row_is_refused_with_row_and_reason(self):
        content = self._template().replace(
            b"0303,residential,92.30", b"0303,residential,0"
        )
        units_before = self.env["property.unit"].search_count([])
        result = self._import(content)
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors)
        for error in errors:
            self.assertIn("A-1-0303", error["message"])
            self.assertIn("greater than 0", error["message"])
        # Line 4 of the file: data row 2, counted from 0 after the header.
        self.assertIn(2, [error["rows"]["from"] for error in errors])
        self.assertEqual(self.env["property.unit"].search_count([]), units_before)

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_overshared_owners_are_refused(self):
        content = self._template().replace(b"Zhao Lei,owner,50", b"Zhao Lei,owner,60")
        result = self._import(content)
        self.assertFalse(result["ids"])
        self.assertIn("110", result["messages"][0]["message"])

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_duplicate_unit_code_is_refused(self):
        content = self._template().replace(
            b"1,3,0303,residential", b"1,3,0302,residential"
        )
        result = self._import(content)
        self.assertFalse(result["ids"])
        message = result["messages"][0]
        self.assertEqual(message["type"], "error")
        self.assertIn("code", message["message"])
