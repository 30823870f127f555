from datetime import datetime
from unittest.mock import patch

from odoo.exceptions import AccessError

from odoo.addons.property_base.tools import insert_rows, rows

from .common import PropertyCase

# What a COPY row must escape, and what it must not mistake for its own
# markers (a cell "\N" is text, not NULL).
TRICKY_TEXT = "第一行\n第二行\r\n\t缩进 \\N 反斜杠\\ 引号'\" 完"


class TestInsertRows(PropertyCase):
    """Rows a long run writes by the thousand, in one COPY: the same rows as
    ``create`` writes, the same checks, and ``create`` itself where a model
    needs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Notification = cls.env["property.notification"].sudo()
        cls.resident = cls.resident_a.partner_id

    def _vals(self, **values):
        return {
            "partner_id": self.resident.id,
            "res_model": "property.unit",
            "res_id": self.unit_x1.id,
            "community_id": self.community_x.id,
            "kind": "dunning_level_1",
            "params": {"payer": "李娜", "amount": "¥1,234.50", "nested": [1, None]},
            "subject": TRICKY_TEXT,
            "body_html": "<p>您好 &amp; <b>谢谢</b></p>",
            "body_text": TRICKY_TEXT,
            "channels": "paper,phone",
            "log_on_record": False,
            "channel": "paper",
            "state": "to_deliver",
            "sent_date": datetime(2026, 12, 6, 8, 30, 15),
            **values,
        }

    def _stored(self, records):
        names = [
            name
            for name, field in records._fields.items()
            if field.store and name != "id"
        ]
        records.invalidate_recordset()
        return [
            {name: record[name] for name in names}
            for record in records.with_context(prefetch_fields=False)
        ]

    def test_the_same_rows_as_create(self):
        vals_list = [
            self._vals(),
            self._vals(subject=False, body_html=False, params={}, email_from=None),
            self._vals(community_id=False, log_on_record=True, state="pending"),
        ]
        created = self.Notification.create(vals_list)
        inserted = insert_rows(self.Notification, vals_list)
        self.assertEqual(len(inserted), 3)
        self.assertTrue(all(id_ > max(created.ids) for id_ in inserted.ids))
        self.assertEqual(self._stored(inserted), self._stored(created))
        self.assertEqual(inserted[0].body_text, TRICKY_TEXT)
        self.assertEqual(inserted[0].params["nested"], [1, None])
        self.assertEqual(inserted[2].company_id, self.env.company)  # a default

    def test_many_rows_in_one_copy(self):
        insert_rows(self.Notification, [self._vals()])  # what is looked up once
        vals_list = [self._vals(res_id=index) for index in range(1, 301)]
        IrDefault = type(self.env["ir.default"])
        with (
            patch.object(
                IrDefault,
                "_get_model_defaults",
                autospec=True,
                side_effect=IrDefault._get_model_defaults,
            ) as lookup,
            self.assertQueryCount(2),  # the ids, the COPY
        ):
            inserted = insert_rows(self.Notification, vals_list)
        self.assertEqual(inserted.mapped("res_id"), list(range(1, 301)))
        self.assertEqual(lookup.call_count, 1)  # defaults once per set of fields

    def test_access_is_checked(self):
        staff = self.env["property.notification"].with_user(self.staff_x)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            insert_rows(staff, [self._vals()])
        self.assertFalse(self.Notification.search([("res_id", "=", self.unit_x1.id)]))

    def test_a_model_with_its_own_create_goes_through_create(self):
        Partner = self.env["res.partner"]
        with patch.object(rows, "_copy_rows", side_effect=AssertionError):
            partners = insert_rows(Partner, [{"name": "王芳"}, {"name": "赵磊"}])
        self.assertEqual(partners.mapped("name"), ["王芳", "赵磊"])

    def test_a_value_copy_does_not_know_goes_through_create(self):
        self.assertIsNone(rows._copy_cell(b"\x00"))
        self.assertIsNone(rows._copy_cell(object()))
        Model = type(self.Notification)
        with (
            patch.object(
                Model, "create", autospec=True, side_effect=Model.create
            ) as create,
            patch.object(rows, "_copy_cell", return_value=None),
        ):
            inserted = insert_rows(self.Notification, [self._vals()])
        self.assertEqual(create.call_count, 1)
        self.assertEqual(inserted.body_text, TRICKY_TEXT)
