from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.account_payment.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.property_base.controllers.portal import PropertyPortal

# The account portal's filters that make sense for residents' bills (its
# "bills" are vendor bills).
BILL_FILTERS = ("all", "overdue_invoices", "invoices")


class PropertyBillingPortal(PropertyPortal, PortalAccount):
    def _property_bills_domain(self):
        # Record rules decide whose bills: the resident's own and those of the
        # people they pay for as proxy payer.
        return [
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("property_unit_id", "!=", False),
        ]

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        # The bill's own community chooses the providers offered, whatever the
        # query string says.
        kwargs["property_community_id"] = invoice.property_community_id.id
        return super()._invoice_get_page_view_values(invoice, access_token, **kwargs)

    def _overdue_invoices_get_page_view_values(self, overdue_invoices, **kwargs):
        communities = overdue_invoices.property_community_id
        kwargs["property_community_id"] = len(communities) == 1 and communities.id
        values = super()._overdue_invoices_get_page_view_values(
            overdue_invoices, **kwargs
        )
        # What the one payment settles, bill by bill, before paying.
        values["property_overdue_bills"] = overdue_invoices.sorted(
            lambda bill: (bill.invoice_date_due or fields.Date.today(), bill.id)
        )
        values["unit_codes"] = self._property_unit_codes(overdue_invoices)
        return values

    def _property_unit_codes(self, bills):
        """``{bill id: unit code}`` of bills the user may read."""
        bills.check_access("read")
        # sudo: the bills were read with the user's rights just above; a proxy
        # payer may not read the parent's unit record, its code is shown anyway.
        return {bill.id: bill.sudo().property_unit_id.code for bill in bills}

    def _property_bill_groups(self, bills):
        """The bills by person, then by unit: ``[{'partner', 'unit', 'bills',
        'open'}]``, the user's own first, then the people they pay for by
        name, each person's units by code; bills keep their order."""
        bills.check_access("read")
        own = request.env.user.partner_id.commercial_partner_id
        unit_codes = self._property_unit_codes(bills)
        groups = {}
        for bill in bills:
            # sudo: bills read with the user's rights (checked above); the
            # name of the person a proxy payer pays for is shown on their bill.
            partner = bill.sudo().partner_id
            key = (partner, unit_codes[bill.id] or "")
            group = groups.setdefault(
                key,
                {
                    "partner_id": partner.id,
                    "partner": partner.name,
                    "unit": key[1],
                    "bills": [],
                    "open": 0.0,
                },
            )
            group["bills"].append(bill)
            group["open"] += bill.amount_residual_signed
        return [
            groups[key]
            for key in sorted(
                groups,
                key=lambda key: (
                    key[0].commercial_partner_id != own,
                    key[0].name or "",
                    key[0].id,
                    key[1],
                ),
            )
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
        methods=["GET"],
        website=True,
    )
    def portal_my_bills(self, page=1, sortby=None, filterby=None, **kw):
        """The account portal's own invoice list (sorting, filters, paging),
        on the residents' fee bills."""
        Move = request.env["account.move"]
        if sortby not in self._get_account_searchbar_sortings():
            sortby = "duedate"
        if filterby not in BILL_FILTERS:
            filterby = "all"
        values = self._prepare_my_invoices_values(
            page,
            None,
            None,
            sortby,
            filterby,
            domain=self._property_bills_domain(),
            url="/my/bills",
        )
        pager = portal_pager(**values["pager"])
        bills = Move.browse(
            [bill["invoice"].id for bill in values["invoices"](pager["offset"])]
        )
        bill_groups = self._property_bill_groups(bills)
        values.update(
            {
                "bills": bills,
                "bill_groups": bill_groups,
                "show_payer": len({group["partner_id"] for group in bill_groups}) > 1,
                "unit_codes": self._property_unit_codes(bills),
                "today": fields.Date.context_today(Move),
                "open_total": sum(bills.mapped("amount_residual_signed")),
                "credit_balance": self._property_credit_balance(),
                "has_overdue": bool(
                    Move.search_count(self._get_overdue_invoices_domain(), limit=1)
                ),
                "receipts": self._property_receipts(),
                "payers": self._property_payers(),
                "page_name": "property_bills",
                "pager": pager,
                "searchbar_filters": {
                    key: values["searchbar_filters"][key] for key in BILL_FILTERS
                },
            }
        )
        values.update(self._property_bills_extra_values())
        return request.render("property_billing.portal_my_bills", values)

    # ------------------------------------------------------------------
    # Receipts, statements and credit: for the resident and the people
    # they pay for as proxy payer, never anyone else.
    # ------------------------------------------------------------------
    def _property_payers(self):
        partner = request.env.user.partner_id
        # sudo: the user's own partner; whom they pay for is staff-only data.
        return partner | partner.sudo().property_proxied_partner_ids

    def _property_bills_extra_values(self):
        """Values of the blocks other modules add to My Bills (installment
        plans, say), each under its own key; the template's blocks are
        inherited the same way."""
        return {}

    def _property_credit_balance(self):
        # sudo: searches only the lines of the user's payers (_property_payers).
        MoveLine = request.env["account.move.line"].sudo()
        credits = MoveLine.search(
            [
                ("partner_id", "in", self._property_payers().ids),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
            ]
        )
        return -sum(credits.mapped("amount_residual"))

    def _property_receipts(self, limit=10):
        # sudo: searches only the payments of the user's payers (_property_payers).
        Payment = request.env["account.payment"].sudo()
        return Payment.search(
            [
                ("partner_id", "in", self._property_payers().ids),
                ("payment_type", "=", "inbound"),
                ("state", "in", ("in_process", "paid")),
            ],
            order="date desc, id desc",
            limit=limit,
        )

    @http.route(
        "/my/bills/receipt/<int:payment_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_bill_receipt(self, payment_id, **kw):
        # sudo: to read its payer, checked right below before anything is shown.
        payment = request.env["account.payment"].sudo().browse(payment_id).exists()
        if (
            not payment
            or payment.partner_id not in self._property_payers()
            or payment.payment_type != "inbound"
            or payment.state not in ("in_process", "paid")
        ):
            raise request.not_found()
        return self._property_pdf(
            "property_billing.action_report_property_receipt",
            payment,
            payment.name.replace("/", "-"),
        )

    @http.route(
        "/my/bills/statement", type="http", auth="user", methods=["GET"], website=True
    )
    def portal_my_bill_statement(
        self, date_from=None, date_to=None, partner_id=None, **kw
    ):
        payers = self._property_payers()
        partner = payers[:1]
        if partner_id:
            partner = payers.filtered(lambda p: str(p.id) == str(partner_id))
            if not partner:
                raise request.not_found()
        try:
            return self._property_pdf(
                "property_billing.action_report_property_statement",
                partner,
                "statement",
                data={"date_from": date_from, "date_to": date_to},
            )
        except (UserError, ValueError):
            return request.redirect("/my/bills?statement_error=1")
