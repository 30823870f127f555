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

    def _import(self, content, dryrun=False):
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
        return wizard.execute_import(fields, preview["headers"], options, dryrun=dryrun)

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

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_same_file_imported_twice_adds_nothing(self):
        self.assertTrue(self._import(self._template())["ids"])
        units_before = self.env["property.unit"].search_count([])
        partners_before = self.env["res.partner"].search_count([])
        result = self._import(self._template())
        self.assertFalse(result["ids"])
        self.assertIn("code", result["messages"][0]["message"])
        self.assertEqual(self.env["property.unit"].search_count([]), units_before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)

    def _refused(self, content, line, column, reason, dryrun=False):
        units_before = self.env["property.unit"].search_count([])
        partners_before = self.env["res.partner"].search_count([])
        result = self._import(content, dryrun=dryrun)
        self.assertFalse(result["ids"])
        messages = [m["message"] for m in result["messages"]]
        self.assertIn(f"Line {line}, column {column}: ", " ".join(messages))
        self.assertRegex(" ".join(messages), reason)
        self.assertEqual(self.env["property.unit"].search_count([]), units_before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        return result

    def test_formula_cells_are_refused_with_line_and_column(self):
        template = self._template()
        for old, new, line, column in (
            (b"0302,", b"\"=cmd|' /C calc'!A0\",", 2, "number"),
            (b"Li Na", b"@SUM(A1:A9)", 3, "occupancy_ids/partner_id"),
            (b"0303,", b'"\t0303",', 4, "number"),
            (b"Tower A,,1", b"-2+3+cmd|' /C calc'!A0,,1", 6, "building_id"),
            (b"89.50", b"+1+1", 2, "area"),
            (b"1,3,0303", b"1,=3,0303", 4, "floor"),
        ):
            with self.subTest(cell=new):
                self._refused(
                    template.replace(old, new, 1), line, column, "run as a formula"
                )

    def test_numbers_are_parsed_strictly(self):
        template = self._template()
        for old, new, line, column in (
            (b"89.50", b"inf", 2, "area"),
            (b"92.30", b"nan", 4, "area"),
            (b"65.00", b"1e300", 6, "area"),
            (b"Zhao Lei,owner,50", b"Zhao Lei,owner,5\x000", 5, "occupancy_ids/share"),
            (b"1,3,0303", b"1,3.5e20,0303", 4, "floor"),
        ):
            with self.subTest(cell=new):
                self._refused(
                    template.replace(old, new, 1), line, column, "not a number"
                )

    def test_nul_in_text_and_test_run_are_refused(self):
        content = self._template().replace(b"Chen Jing", b"Chen\x00Jing")
        self._refused(content, 6, "occupancy_ids/partner_id", "NUL character")
        content = self._template().replace(b"89.50", b"=1/0")
        self._refused(content, 2, "area", "formula", dryrun=True)

    def test_every_bad_cell_is_listed_at_once(self):
        content = (
            self._template()
            .replace(b"89.50", b"inf")
            .replace(b"Li Na", b"=HYPERLINK()")
        )
        result = self._import(content)
        self.assertFalse(result["ids"])
        self.assertEqual(len(result["messages"]), 2)
        self.assertEqual(
            [m["rows"]["from"] for m in result["messages"]], [0, 1], "data rows"
        )
        self.assertEqual(
            [m["field"] for m in result["messages"]],
            ["area", "occupancy_ids/partner_id"],
        )

    def test_negative_floor_and_thousands_still_import(self):
        content = self._template().replace(b"92.30", b'"1,092.30"')
        result = self._import(content)
        self.assertEqual(result["messages"], [])
        units = self.env["property.unit"].browse(result["ids"])
        self.assertEqual(units.filtered(lambda u: u.number == "0303").area, 1092.3)
        self.assertEqual(units.filtered(lambda u: u.number == "P-015").floor, -1)
