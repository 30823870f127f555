from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.property_base.models.property_unit import UNIT_TYPES


class PropertyFeeBinding(models.TransientModel):
    _name = "property.fee.binding"
    _description = "Bind Fee Items to Units in Bulk"
    _check_company_auto = True

    community_id = fields.Many2one("property.community", required=True)
    company_id = fields.Many2one(related="community_id.company_id")
    mode = fields.Selection(
        [("bind", "Bind a Fee Item"), ("rate", "Change the Agreed Rate")],
        required=True,
        default="bind",
    )
    building_ids = fields.Many2many(
        "property.building",
        domain="[('community_id', '=', community_id)]",
        help="Leave empty for every building of the community.",
    )
    unit_type = fields.Selection(UNIT_TYPES)
    area_min = fields.Float(string="Area From (m²)")
    area_max = fields.Float(string="Area To (m²)", help="0 for no upper limit.")
    fee_type_id = fields.Many2one(
        "property.fee.type",
        string="Fee Item",
        required=True,
        domain="[('company_id', '=', company_id)]",
    )
    rate = fields.Float(
        string="Agreed Rate",
        digits="Product Price",
        help="0 to follow the fee item's rates.",
    )
    cycle = fields.Selection(
        [
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("semiannual", "Semi-annual"),
            ("annual", "Annual"),
        ],
        default="monthly",
        required=True,
        help="Cycle of the contracts this creates.",
    )
    date_start = fields.Date(
        string="From",
        required=True,
        default=fields.Date.context_today,
        help="Start of the contracts this creates, or the day the new rate "
        "applies from.",
    )
    unit_count = fields.Integer(compute="_compute_preview")
    preview = fields.Html(compute="_compute_preview", sanitize=True)

    @api.depends(
        "community_id",
        "mode",
        "building_ids",
        "unit_type",
        "area_min",
        "area_max",
        "fee_type_id",
        "rate",
        "date_start",
    )
    def _compute_preview(self):
        labels = {
            "create": self.env._("New contract"),
            "add": self.env._("Fee item added"),
            "update": self.env._("Rate changed"),
            "split": self.env._("Rate changed from the date (contract continued)"),
            "unchanged": self.env._("Unchanged"),
            "refused": self.env._("Not possible"),
        }
        for wizard in self:
            changes = wizard._changes() if wizard.community_id else []
            wizard.unit_count = len(changes)
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (unit.code, labels[action], detail)
                for unit, action, _contract, detail in changes
            )
            wizard.preview = Markup(
                "<table class='table table-sm'><tr><th>%s</th><th>%s</th>"
                "<th>%s</th></tr>%s</table>"
            ) % (self.env._("Unit"), self.env._("Change"), self.env._("Details"), rows)

    def _units(self):
        domain = [("community_id", "=", self.community_id.id)]
        if self.building_ids:
            domain.append(("building_id", "in", self.building_ids.ids))
        if self.unit_type:
            domain.append(("unit_type", "=", self.unit_type))
        if self.area_min:
            domain.append(("area", ">=", self.area_min))
        if self.area_max:
            domain.append(("area", "<=", self.area_max))
        return self.env["property.unit"].search(domain)

    def _changes(self):
        """``[(unit, action, contract, detail)]`` of what applying would do."""
        self.ensure_one()
        units = self._units()
        if not units or not self.fee_type_id or not self.date_start:
            return []
        date = self.date_start
        contracts = self.env["property.fee.contract"].search(
            [
                ("unit_id", "in", units.ids),
                ("state", "=", "active"),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date),
            ],
            order="date_start desc",
        )
        by_unit = contracts.grouped("unit_id")
        payers = units._get_payers(date)
        billed = {
            contract.id: period_start
            for contract, period_start in self.env["account.move"]._read_group(
                [
                    ("property_contract_id", "in", contracts.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "!=", "cancel"),
                ],
                ["property_contract_id"],
                ["property_period_start:max"],
            )
        }
        changes = []
        for unit in units:
            contract = by_unit.get(unit, contracts.browse())[:1]
            line = contract.line_ids.filtered(
                lambda line: line.fee_type_id == self.fee_type_id
            )
            rate_text = (
                self.env._("rate %(rate)s", rate=self.rate)
                if self.rate
                else self.env._("fee item's rates")
            )
            if line and not float_compare(
                line.rate_override, self.rate, precision_digits=6
            ):
                changes.append((unit, "unchanged", contract, contract.name))
            elif self.mode == "bind" and not contract:
                if payers.get(unit.id):
                    changes.append((unit, "create", contract, rate_text))
                else:
                    changes.append(
                        (
                            unit,
                            "refused",
                            contract,
                            self.env._("No owner or payer on that date: register one."),
                        )
                    )
            elif self.mode == "bind" and not line:
                changes.append((unit, "add", contract, f"{contract.name}: {rate_text}"))
            elif not line:
                changes.append(
                    (
                        unit,
                        "refused",
                        contract,
                        self.env._("No contract bills this fee item: bind it first."),
                    )
                )
            elif contract.date_start >= date:
                changes.append(
                    (unit, "update", contract, f"{contract.name}: {rate_text}")
                )
            elif billed.get(contract.id) and billed[contract.id] >= date:
                changes.append(
                    (
                        unit,
                        "refused",
                        contract,
                        self.env._(
                            "%(contract)s is billed from %(date)s already: "
                            "choose a later date.",
                            contract=contract.name,
                            date=billed[contract.id],
                        ),
                    )
                )
            else:
                changes.append(
                    (unit, "split", contract, f"{contract.name}: {rate_text}")
                )
        return changes

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("property_base.group_property_manager"):
            raise AccessError(
                self.env._("Only property managers may set up fees in bulk.")
            )
        changes = [change for change in self._changes() if change[1] != "unchanged"]
        if not changes:
            raise UserError(
                self.env._("Nothing to change: widen the selection of units.")
            )
        refused = [change for change in changes if change[1] == "refused"]
        if refused:
            raise UserError(
                self.env._(
                    "%(count)s unit(s) cannot be changed (see the preview): leave "
                    "them out of the selection or correct them first.",
                    count=len(refused),
                )
            )
        Contract = self.env["property.fee.contract"]
        new_line = {"fee_type_id": self.fee_type_id.id, "rate_override": self.rate}
        touched = Contract
        created = Contract.create(
            [
                {
                    "unit_id": unit.id,
                    "date_start": self.date_start,
                    "cycle": self.cycle,
                    "line_ids": [Command.create(new_line)],
                }
                for unit, action, _contract, _detail in changes
                if action == "create"
            ]
        )
        created.action_activate()
        touched |= created
        for _unit, action, contract, _detail in changes:
            line = contract.line_ids.filtered(
                lambda line: line.fee_type_id == self.fee_type_id
            )
            if action == "add":
                contract.write({"line_ids": [Command.create(new_line)]})
            elif action == "update":
                line.rate_override = self.rate
            elif action == "split":
                successor = contract.copy(
                    {"date_start": self.date_start, "date_end": contract.date_end}
                )
                successor.line_ids.filtered(
                    lambda line: line.fee_type_id == self.fee_type_id
                ).rate_override = self.rate
                contract.write(
                    {
                        "date_end": self.date_start - relativedelta(days=1),
                        "state": "closed",
                    }
                )
                successor.action_activate()
                contract.message_post(
                    body=self.env._(
                        "New agreed rate for %(fee)s from %(date)s: continued by "
                        "%(contract)s.",
                        fee=self.fee_type_id.name,
                        date=self.date_start,
                        contract=successor.name,
                    )
                )
                contract = successor
            touched |= contract
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Changed Contracts"),
            "res_model": "property.fee.contract",
            "view_mode": "list,form",
            "domain": [("id", "in", touched.ids)],
        }
