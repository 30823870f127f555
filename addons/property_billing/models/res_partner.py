from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_amount

from .property_dunning_policy import SEGMENTS


class ResPartner(models.Model):
    _inherit = "res.partner"

    property_dunning_segment = fields.Selection(
        SEGMENTS, string="Payer Segment", readonly=True, copy=False
    )
    property_dunning_segment_reason = fields.Text(
        string="Why This Segment", readonly=True, copy=False
    )
    property_dunning_policy_id = fields.Many2one(
        "property.dunning.policy",
        string="Dunning Policy Override",
        copy=False,
        groups="property_base.group_property_manager",
        help="Set by a manager: this payer follows this policy whatever the segment.",
    )
    property_dunning_override_reason = fields.Text(
        string="Override Reason",
        copy=False,
        groups="property_base.group_property_manager",
    )

    @api.constrains("property_dunning_policy_id", "property_dunning_override_reason")
    def _check_dunning_override(self):
        for partner in self.sudo():
            if (
                partner.property_dunning_policy_id
                and not partner.property_dunning_override_reason
            ):
                raise ValidationError(
                    self.env._(
                        "%(payer)s: give the reason for choosing the dunning policy "
                        "by hand.",
                        payer=partner.display_name,
                    )
                )

    def _property_pay_installments(self):
        """Settle the installments of running agreements with the payers'
        credit (a counter or online payment)."""
        agreements = (
            self.env["property.installment.agreement"]
            .sudo()
            .search([("partner_id", "in", self.ids), ("state", "=", "active")])
        )
        for agreement in agreements:
            agreement._apply_credit()

    def _property_dunning_policy(self, company, cache=None):
        """The payer's policy: the manager's choice, else the segment's.
        ``cache`` keeps the segments' policies over a run."""
        self.ensure_one()
        partner = self.sudo()
        if partner.property_dunning_policy_id:
            return partner.property_dunning_policy_id
        cache = {} if cache is None else cache
        key = (company.id, partner.property_dunning_segment or "standard")
        if key not in cache:
            cache[key] = self.env["property.dunning.policy"].search(
                [("company_id", "=", company.id), ("segment", "=", key[1])], limit=1
            )
        return cache[key]

    def _property_payment_history(self, date):
        """``{partner_id: (bills paid late, most days late)}`` over the last
        year, from the reconciliations of their fee bills: one query."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.partner_id,
                       COUNT(DISTINCT l.move_id)
                           FILTER (WHERE p.max_date > l.date_maturity),
                       COALESCE(MAX(p.max_date - l.date_maturity), 0)
                  FROM account_partial_reconcile p
                  JOIN account_move_line l ON l.id = p.debit_move_id
                  JOIN account_move m ON m.id = l.move_id
                 WHERE l.partner_id = ANY(%(partners)s)
                   AND m.move_type = 'out_invoice'
                   AND (m.property_unit_id IS NOT NULL OR m.property_is_late_fee)
                   AND l.date_maturity >= %(since)s
                 GROUP BY l.partner_id
                """,
                partners=self.ids,
                since=date - timedelta(days=365),
            )
        )
        return {pid: (late, days) for pid, late, days in self.env.cr.fetchall()}

    def _property_assign_dunning_segment(self, date, overdue):
        """Place each payer in a segment from their payment history and what
        they owe now, and write down why. ``overdue``: ``{partner_id:
        (amount, oldest due, unit)}``."""
        history = self._property_payment_history(date)
        company = self.env.company
        for partner in self:
            amount, oldest_due, _unit = overdue.get(partner.id, (0.0, date, None))
            late_count, most_days_late = history.get(partner.id, (0, 0))
            days_overdue = max((date - oldest_due).days, 0)
            late_count_now = late_count + 1  # what is overdue now counts too
            facts = self.env._(
                "%(amount)s overdue for %(days)s days; %(late)s bill(s) paid late in "
                "the last 12 months, at most %(most)s days late.",
                amount=format_amount(self.env, amount, company.currency_id),
                days=days_overdue,
                late=late_count,
                most=most_days_late,
            )
            if amount >= company.property_dunning_firm_amount:
                segment = "firm"
                why = self.env._(
                    "Large arrears: at least %(limit)s.",
                    limit=format_amount(
                        self.env,
                        company.property_dunning_firm_amount,
                        company.currency_id,
                    ),
                )
            elif late_count_now >= company.property_dunning_firm_late_count:
                segment = "firm"
                why = self.env._(
                    "Repeated arrears: %(count)s late bills in a year.",
                    count=late_count_now,
                )
            elif late_count <= 1 and most_days_late <= 15:
                segment = "gentle"
                why = self.env._("Pays on time, with rare and short delays.")
            else:
                segment = "standard"
                why = self.env._("Occasional delays.")
            values = {
                "property_dunning_segment": segment,
                "property_dunning_segment_reason": f"{why} {facts}",
            }
            if (
                partner.property_dunning_segment != segment
                or partner.property_dunning_segment_reason
                != values["property_dunning_segment_reason"]
            ):
                partner.write(values)
