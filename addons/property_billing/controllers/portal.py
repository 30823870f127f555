from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class PropertyBillingPortal(CustomerPortal):
    _bills_per_page = 20

    def _property_bills_domain(self):
        # Record rules decide whose bills: the resident's own and those of the
        # people they pay for as proxy payer.
        return [
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            "|",
            ("property_unit_id", "!=", False),
            ("property_is_late_fee", "=", True),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "property_bill_count" in counters:
            Move = request.env["account.move"]
            values["property_bill_count"] = (
                Move.search_count(self._property_bills_domain())
                if Move.has_access("read")
                else 0
            )
        return values

    @http.route(
        ["/my/bills", "/my/bills/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_bills(self, page=1, **kw):
        Move = request.env["account.move"]
        domain = self._property_bills_domain()
        pager = portal_pager(
            url="/my/bills",
            total=Move.search_count(domain),
            page=page,
            step=self._bills_per_page,
        )
        bills = Move.search(
            domain,
            order="invoice_date_due desc, id desc",
            limit=self._bills_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "bills": bills,
                # The bills were read with the user's rights; a proxy payer may
                # not read the parent's unit record, its code is shown anyway.
                "unit_codes": {
                    bill.id: bill.sudo().property_unit_id.code for bill in bills
                },
                "today": fields.Date.context_today(Move),
                "open_total": sum(bills.mapped("amount_residual_signed")),
                "page_name": "property_bills",
                "pager": pager,
                "default_url": "/my/bills",
            }
        )
        return request.render("property_billing.portal_my_bills", values)
