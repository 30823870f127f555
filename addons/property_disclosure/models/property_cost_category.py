from odoo import fields, models


class PropertyCostCategory(models.Model):
    _name = "property.cost.category"
    _description = "Property Cost Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the category between companies.",
    )
    account_ids = fields.Many2many(
        "account.account",
        string="Accounts",
        help="Posted entries on these accounts, with the community's analytic "
        "account, are the actual cost of this category.",
    )
    is_remuneration = fields.Boolean(
        string="Management Fee or Profit",
        help="The property company's management fee (酬金) or profit, not a cost "
        "of running the community.",
    )
    description = fields.Text(
        translate=True, help="What the category covers, shown to owners."
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A cost category with this code already exists: choose another code.",
        ),
    ]
