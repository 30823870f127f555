from odoo import models
from odoo.exceptions import UserError


class Base(models.AbstractModel):
    """Record rules hold after a write too.

    Odoo checks record rules before a write only. A write that points a
    record at another unit, contract, ticket, vote or community could hand it
    to a community its author does not work on, or slip a line into another
    community's contract or vote; so such a write is checked again once made.
    Lines that belong to a parent (``_property_parent_field``) never move to
    another parent: a closed vote or an approved budget cannot gain a line.
    """

    _inherit = "base"

    # The many2one of a line model naming the record it belongs to.
    _property_parent_field = None

    def write(self, vals):
        if not self.env.su:
            self._property_check_parent_kept(vals)
        result = super().write(vals)
        if not self.env.su and self._property_moves_community(vals):
            self.check_access("write")
        return result

    def _property_moves_community(self, vals):
        """Whether ``vals`` points the records at something that carries a
        community (a community, or a record with one), or moves records that
        belong to a community to another company."""
        if "company_id" in vals and self._property_has_community():
            return True
        for name in vals:
            field = self._fields.get(name)
            if field is None or field.type != "many2one" or not field.store:
                continue
            comodel = self.env[field.comodel_name]
            if comodel._name == "property.community":
                return True
            for anchor in ("community_id", "property_community_id"):
                anchor_field = comodel._fields.get(anchor)
                if anchor_field and anchor_field.comodel_name == "property.community":
                    return True
        return False

    def _property_has_community(self):
        return any(
            (field := self._fields.get(anchor))
            and field.comodel_name == "property.community"
            and field.store
            for anchor in ("community_id", "property_community_id")
        )

    def _property_check_parent_kept(self, vals):
        parent = self._property_parent_field
        if not parent or parent not in vals:
            return
        if any(record[parent].id != vals[parent] for record in self):
            raise UserError(
                self.env._(
                    "A line of %(parent)s stays where it was created. Remove it "
                    "and add a new line to the other record instead.",
                    parent=self._fields[parent]._description_string(self.env),
                )
            )
