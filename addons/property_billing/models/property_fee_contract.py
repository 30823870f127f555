from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..period import CYCLE_MONTHS


def check_payers_tied_to_units(records):
    """Refuse a payer of ``records`` (fee contracts or one-off charges) who is
    not tied to the record's unit: an occupant of it in any role, current or
    past, the proxy payer of such an occupant, or a contact or company of the
    same commercial entity as one of them. One search for the whole batch."""
    records = records.filtered(lambda record: record.partner_id and record.unit_id)
    if not records:
        return
    env = records.env
    # sudo: the user already has access to these units (record rules checked on
    # create/write); only the occupants and their proxy payers are read, to tell
    # who may be billed for the unit; nothing of them is shown.
    Occupancy = env["property.occupancy"].sudo()
    occupancies = Occupancy.search([("unit_id", "in", records.unit_id.ids)])
    allowed_by_unit = {}
    for unit, unit_occupancies in occupancies.grouped("unit_id").items():
        occupants = unit_occupancies.partner_id
        allowed = occupants | occupants.property_proxy_payer_id
        allowed_by_unit[unit.id] = set(allowed.commercial_partner_id.ids)
    for record in records:
        allowed = allowed_by_unit.get(record.unit_id.id, set())
        if record.partner_id.commercial_partner_id.id not in allowed:
            raise ValidationError(
                env._(
                    "%(partner)s cannot be billed for unit %(unit)s: they have "
                    "never occupied it and pay for no one who has. Choose the "
                    "unit's owner, tenant, resident or payer, or the proxy payer "
                    "of one of them; or first record their occupancy of the unit.",
                    partner=record.partner_id.display_name,
                    unit=record.unit_id.display_name,
                )
            )


class PropertyFeeContract(models.Model):
    _name = "property.fee.contract"
    _description = "Property Fee Contract"
    _inherit = ["mail.thread"]
    _order = "unit_id, date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    unit_id = fields.Many2one(
        "property.unit", required=True, index=True, check_company=True, tracking=True
    )
    community_id = fields.Many2one(
        related="unit_id.community_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="unit_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Payer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="Who receives the invoices; by default the unit's current payer.",
    )
    line_ids = fields.One2many(
        "property.fee.contract.line", "contract_id", string="Fee Items", copy=True
    )
    cycle = fields.Selection(
        [
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("semiannual", "Semi-annual"),
            ("annual", "Annual"),
        ],
        required=True,
        default="monthly",
        tracking=True,
    )
    billing_mode = fields.Selection(
        [("advance", "In Advance"), ("arrears", "In Arrears")],
        required=True,
        default="advance",
        tracking=True,
        help="In advance: a period is billed when it starts. In arrears: when it "
        "has ended (usual for metered fees).",
    )
    due_days = fields.Integer(
        string="Due After (days)",
        default=15,
        help="Days after the start of the billed period (in advance) or after its "
        "end (in arrears) until payment is due.",
    )
    date_start = fields.Date(required=True, tracking=True)
    date_end = fields.Date(tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        required=True,
        default="draft",
        tracking=True,
    )
    invoice_ids = fields.One2many("account.move", "property_contract_id")
    invoice_count = fields.Integer(compute="_compute_invoice_count")

    _sql_constraints = [
        (
            "due_days_positive",
            "CHECK(due_days >= 0)",
            "The payment term cannot be negative.",
        ),
    ]

    @api.depends("unit_id", "date_start")
    def _compute_partner_id(self):
        for contract in self.filtered(lambda c: c.unit_id and not c.partner_id):
            date = contract.date_start or fields.Date.context_today(contract)
            contract.partner_id = contract.unit_id._get_payers(date).get(
                contract.unit_id.id
            )

    @api.constrains("partner_id", "unit_id")
    def _check_partner_tied_to_unit(self):
        check_payers_tied_to_units(self)

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("property_contract_id", "in", self.ids)],
                ["property_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.invoice_count = counts.get(contract, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: it cannot end before it starts. "
                        "Correct the end date.",
                        contract=contract.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "property.fee.contract"
                )
        return super().create(vals_list)

    def action_activate(self):
        for contract in self:
            if not contract.line_ids:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has no fee item: add at least one "
                        "before activating it.",
                        contract=contract.name,
                    )
                )
            if not contract.partner_id:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has no payer: register the unit's "
                        "owner or payer, or choose the payer on the contract.",
                        contract=contract.name,
                    )
                )
        self.write({"state": "active"})

    def action_close(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.write({"state": "closed", "date_end": contract.date_end or today})

    def _change_payer(self, partner, date):
        """From ``date`` on, ``partner`` pays: this contract ends the day before
        and a copy starts on ``date`` for the new payer, so each pays the days
        of the period that are theirs."""
        self.ensure_one()
        date = fields.Date.to_date(date)
        if self.state != "active":
            raise UserError(
                self.env._(
                    "Only an active contract can change payer: activate it first."
                )
            )
        if date <= self.date_start or (self.date_end and date > self.date_end):
            raise UserError(
                self.env._(
                    "Contract %(contract)s: the new payer must start after "
                    "%(start)s and before the contract's end.",
                    contract=self.name,
                    start=self.date_start,
                )
            )
        if partner == self.partner_id:
            raise UserError(
                self.env._(
                    "%(partner)s already pays this contract.", partner=partner.name
                )
            )
        successor = self.copy(
            {"partner_id": partner.id, "date_start": date, "date_end": self.date_end}
        )
        self.write({"date_end": date - relativedelta(days=1), "state": "closed"})
        successor.action_activate()
        self.message_post(
            body=self.env._(
                "Payer changed to %(partner)s from %(date)s: continued by "
                "%(contract)s.",
                partner=partner.name,
                date=date,
                contract=successor.name,
            )
        )
        return successor

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("property_contract_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    def _months(self):
        self.ensure_one()
        return CYCLE_MONTHS[self.cycle]
