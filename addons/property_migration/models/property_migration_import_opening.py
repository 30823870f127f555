"""Opening balances: arrears as opening invoices, prepayments as payer credit, the
opening journal and its counterpart account.
"""

from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError

from odoo.addons.property_billing import speedups

from .. import sheets
from .property_migration_import_keys import IMPORT_MODULE

OPENING_JOURNAL_CODE = "OPEN"


class PropertyMigrationImportOpening(models.AbstractModel):
    """Part of ``property.migration.import``, which inherits it."""

    _name = "property.migration.import.opening"
    _description = "Community Import: Opening Balances"

    def _check_arrears(self, rows, known_units, contracts, fee_types, problems):
        arrears = []
        seen = {}
        for row, values in rows:
            if not self._required("arrears", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("arrears", row, unit, known_units, problems)
            fee_type = self._fee_type("arrears", row, values, fee_types, problems)
            period = sheets.to_period(values["period"])
            if not period:
                self._problem(
                    problems,
                    "arrears",
                    row,
                    "period",
                    self.env._(
                        "“%(value)s” is not a period: write a month (2026-05), a "
                        "year (2026) or a range (2026-01-01~2026-03-31).",
                        value=sheets.to_text(values["period"]),
                    ),
                )
            amount = self._money("arrears", row, values, "amount", problems)
            due = None
            if not sheets.is_empty(values.get("due")):
                due = self._date("arrears", row, values, "due", problems)
                if due is None:
                    continue
            if not (known and fee_type and period and amount is not None):
                continue
            contract = contracts.get(unit)
            if (
                not contract
                or fee_type not in contract["lines"]
                or period[1] > contract["billed_to"]
            ):
                self._problem(
                    problems,
                    "arrears",
                    row,
                    "period",
                    self.env._(
                        "Unit %(unit)s: no contract in the file bills %(fee)s for "
                        "%(start)s to %(end)s. Add the fee item to the unit's "
                        "contract with a billed-up-to date after the period, or "
                        "correct the period.",
                        unit=unit,
                        fee=fee_type.name,
                        start=period[0],
                        end=period[1],
                    ),
                )
                continue
            key = (unit, fee_type, period)
            if key in seen:
                self._problem(
                    problems,
                    "arrears",
                    row,
                    "period",
                    self.env._(
                        "Duplicate of row %(first)s (same unit, fee item and "
                        "period): add the amounts up in one row.",
                        first=seen[key],
                    ),
                )
                continue
            seen[key] = row
            arrears.append(
                {
                    "row": row,
                    "unit": unit,
                    "fee_type": fee_type,
                    "start": period[0],
                    "end": period[1],
                    "amount": amount,
                    "due": due or period[1],
                }
            )
        return arrears

    def _arrear_groups(self, arrears):
        """``{(unit, start, end): [arrear]}``: the rows of each opening
        invoice, one per unit and period start (a contract bills a period
        once), or per unit and year; ``end`` is the latest end of its rows."""
        groups = defaultdict(list)
        for arrear in arrears:
            start = arrear["start"]
            if self.invoice_per_year:
                start = start.replace(month=1, day=1)
            groups[arrear["unit"], start].append(arrear)
        result = {}
        for (unit, start), rows in groups.items():
            end = (
                start.replace(month=12, day=31)
                if self.invoice_per_year
                else max(arrear["end"] for arrear in rows)
            )
            result[unit, str(start), str(end)] = rows
        return result

    def _opening_invoices(self, groups, contracts):
        """``{group key: (invoice, origin)}`` of the invoices that already
        bill the groups' periods: the one an earlier import wrote under the
        group's key (origin ``key``) or for the same unit and period start
        (``import``), else the unit's contract's ``{unit: contract}`` own bill
        of that period start (``bill``)."""
        Move = self.env["account.move"]
        found = self._keyed(Move._name, "arrears", groups)
        result = {key: (move, "key") for key, move in found.items()}
        pending = [key for key in groups if key not in found and key[0] in contracts]
        if not pending:
            return result
        bills = Move.search(
            [
                (
                    "property_contract_id",
                    "in",
                    [contracts[key[0]].id for key in pending],
                ),
                ("property_period_start", "in", [key[1] for key in pending]),
                ("move_type", "=", "out_invoice"),
                ("state", "!=", "cancel"),
            ]
        )
        # sudo: only the manager checked by _check_manager runs imports; only
        # the import keys of these invoices are read.
        Data = self.env["ir.model.data"].sudo()
        imported = set(
            Data.search(
                [
                    ("module", "=", IMPORT_MODULE),
                    ("model", "=", Move._name),
                    ("res_id", "in", bills.ids),
                    ("name", "=like", rf"c{self.community_id.id}\_arrears\_%"),
                ]
            ).mapped("res_id")
        )
        by_period = {
            (bill.property_contract_id, str(bill.property_period_start)): bill
            for bill in bills
        }
        for key in pending:
            bill = by_period.get((contracts[key[0]], key[1]))
            if bill:
                result[key] = (bill, "import" if bill.id in imported else "bill")
        return result

    def _arrear_lines(self, arrears):
        """The product lines of an opening invoice of ``arrears``."""
        return [
            {
                "product_id": arrear["fee_type"].product_id.id,
                "name": self.env._(
                    "%(fee)s %(start)s to %(end)s (opening balance)",
                    fee=arrear["fee_type"].name,
                    start=arrear["start"],
                    end=arrear["end"],
                ),
                "quantity": 1.0,
                "price_unit": arrear["amount"],
                "tax_ids": [Command.clear()],
            }
            for arrear in arrears
        ]

    def _invoice_changed(self, move, key, arrears):
        """Whether the opening invoice ``move`` differs from the rows
        ``arrears`` of the group ``key``: fee items, labels, amounts, period
        and due date."""
        currency = move.currency_id
        old = sorted(
            (line.product_id.id, line.name, currency.round(line.price_subtotal))
            for line in move.invoice_line_ids
        )
        new = sorted(
            (line["product_id"], line["name"], currency.round(line["price_unit"]))
            for line in self._arrear_lines(arrears)
        )
        due = min(arrear["due"] for arrear in arrears)
        return (
            move.state == "cancel"
            or old != new
            or move.invoice_date != due
            or move.invoice_date_due != due
            or str(move.property_period_end) != key[2]
        )

    def _withdrawn_opening_invoices(self, plan, problems):
        """The opening invoices earlier imports wrote for the units this file
        describes (in its units or arrears sheet) whose period the file no
        longer has: the file is the truth of those units' arrears, so the
        import cancels them; one already paid in part is refused."""
        codes = set(plan["units"]) | {arrear["unit"] for arrear in plan["arrears"]}
        wanted = {
            (unit, start) for unit, start, _end in self._arrear_groups(plan["arrears"])
        }
        withdrawn = self._imported_opening_invoices().filtered(
            lambda move: (
                move.property_unit_id.code in codes
                and (move.property_unit_id.code, str(move.property_period_start))
                not in wanted
            )
        )
        for move in withdrawn:
            if self._partly_paid(move):
                problems.append(
                    (
                        str(sheets.SHEET_LABELS["arrears"]),
                        "",
                        sheets.header_of("arrears", "period"),
                        self.env._(
                            "Opening invoice %(invoice)s of unit %(unit)s (from "
                            "%(start)s) is no longer in the file, but it is already "
                            "partly paid in the suite: put its rows back in the file, "
                            "or correct the invoice in the suite.",
                            invoice=move.name,
                            unit=move.property_unit_id.code,
                            start=move.property_period_start,
                        ),
                    )
                )
            else:
                plan["notes"].append(
                    self.env._(
                        "Opening invoice %(invoice)s of unit %(unit)s (from "
                        "%(start)s) is no longer in the file: the import cancels it.",
                        invoice=move.name,
                        unit=move.property_unit_id.code,
                        start=move.property_period_start,
                    )
                )
        return withdrawn

    def _cancel_withdrawn(self, moves, counts):
        """Cancel the opening invoices the file no longer has (checked by
        the dry run; paid meanwhile, they are refused)."""
        moves = moves.filtered(lambda move: move.state != "cancel")
        paid = moves.filtered(self._partly_paid)
        if paid:
            raise UserError(
                self.env._(
                    "Opening invoice %(invoice)s was paid in part since the file was "
                    "checked: check the file again.",
                    invoice=paid[0].name,
                )
            )
        moves.filtered(lambda move: move.state == "posted").button_draft()
        moves.button_cancel()
        counts["invoices"]["cancelled"] += len(moves)

    def _imported_opening_invoices(self):
        """The opening invoices earlier imports of the community wrote, not
        cancelled."""
        # sudo: only the manager checked by _check_manager runs imports; only
        # the import keys of the community's opening invoices are read.
        Data = self.env["ir.model.data"].sudo()
        data = Data.search_fetch(
            [
                ("module", "=", IMPORT_MODULE),
                ("model", "=", "account.move"),
                ("name", "=like", rf"c{self.community_id.id}\_arrears\_%"),
            ],
            ["res_id"],
        )
        moves = self.env["account.move"].browse(data.mapped("res_id")).exists()
        return moves.filtered(lambda move: move.state != "cancel")

    def _invoice_mode_used(self):
        """``"year"`` or ``"period"``: how the opening invoices earlier imports
        of the community wrote are grouped, ``None`` if there are none."""
        invoices = self._imported_opening_invoices()
        if not invoices:
            return None
        recorded = self._keyed(
            "property.community", "invoice_mode", [("year",), ("period",)]
        )
        if len(recorded) == 1:
            return next(iter(recorded))[0]
        # Imported before the mode was recorded: one invoice per year covers a
        # whole calendar year.
        whole_years = all(
            move.property_period_start
            and (move.property_period_start.month, move.property_period_start.day)
            == (1, 1)
            and move.property_period_end
            == move.property_period_start.replace(month=12, day=31)
            for move in invoices
        )
        return "year" if whole_years else "period"

    def _check_invoice_mode(self, plan, problems):
        """Refuse arrears grouped otherwise than the community's opening
        invoices imported before: the invoices of the other grouping would
        stay next to the new ones, and the arrears would count twice."""
        if not plan["arrears"]:
            return
        used = self._invoice_mode_used()
        if not used or used == ("year" if self.invoice_per_year else "period"):
            return
        problems.append(
            (
                str(sheets.SHEET_LABELS["arrears"]),
                "",
                self._fields["invoice_per_year"]._description_string(self.env),
                self.env._(
                    "The opening invoices imported before for community "
                    "%(community)s are one per unit and year: tick “One Opening "
                    "Invoice per Year” on this import, as before. Grouped otherwise, "
                    "the earlier invoices would stay next to the new ones and the "
                    "arrears would count twice.",
                    community=self.community_id.name,
                )
                if used == "year"
                else self.env._(
                    "The opening invoices imported before for community "
                    "%(community)s are one per unit and period: untick “One Opening "
                    "Invoice per Year” on this import, as before. Grouped otherwise, "
                    "the earlier invoices would stay next to the new ones and the "
                    "arrears would count twice.",
                    community=self.community_id.name,
                ),
            )
        )

    def _record_invoice_mode(self):
        """Keep how this import groups the community's opening invoices, which
        later imports must keep (see ``_check_invoice_mode``)."""
        mode = "year" if self.invoice_per_year else "period"
        names = {
            other: self._key_name("invoice_mode", other) for other in ("year", "period")
        }
        # sudo: only the manager checked by _check_manager runs imports; only
        # the community's import key of its invoice grouping is written.
        Data = self.env["ir.model.data"].sudo()
        data = Data.search(
            [("module", "=", IMPORT_MODULE), ("name", "in", list(names.values()))]
        )
        data.filtered(lambda entry: entry.name != names[mode]).unlink()
        if names[mode] not in data.mapped("name"):
            self._set_keys(
                "property.community", "invoice_mode", {(mode,): self.community_id}
            )

    def _check_opening_invoices(self, plan, contracts, problems):
        """Refuse the groups of arrears whose period the suite already bills
        with an invoice of its own, or whose opening invoice, changed by the
        file, is already paid in part."""
        groups = self._arrear_groups(plan["arrears"])
        for key, (move, origin) in self._opening_invoices(groups, contracts).items():
            arrears = groups[key]
            rows = ", ".join(str(arrear["row"]) for arrear in arrears)
            if origin == "bill":
                self._problem(
                    problems,
                    "arrears",
                    arrears[0]["row"],
                    "period",
                    self.env._(
                        "Unit %(unit)s: invoice %(invoice)s already bills the period "
                        "from %(start)s. Remove rows %(rows)s (the suite bills "
                        "it already) or correct their period.",
                        unit=key[0],
                        invoice=move.name,
                        start=key[1],
                        rows=rows,
                    ),
                )
            elif self._invoice_changed(move, key, arrears) and self._partly_paid(move):
                self._problem(
                    problems,
                    "arrears",
                    arrears[0]["row"],
                    "amount",
                    self._paid_message(move, key[0], rows),
                )

    def _partly_paid(self, move):
        return move.state == "posted" and not move.currency_id.is_zero(
            move.amount_residual - move.amount_total
        )

    def _paid_message(self, move, unit, rows):
        return self.env._(
            "Opening invoice %(invoice)s of unit %(unit)s is already partly paid "
            "in the suite: correct it there and leave rows %(rows)s of the file "
            "as they were.",
            invoice=move.name,
            unit=unit,
            rows=rows,
        )

    def _prepayment_used(self, move):
        credit = move.line_ids.filtered(lambda line: line.credit)
        return bool(credit.reconciled or credit.matched_debit_ids)

    def _check_prepayment_changes(self, plan, problems):
        """Refuse a changed amount of an opening prepayment whose credit
        already paid bills."""
        found = self._keyed(
            "account.move",
            "prepayments",
            [
                (prepayment["unit"], prepayment["person"])
                for prepayment in plan["prepayments"]
            ],
        )
        for prepayment in plan["prepayments"]:
            move = found.get((prepayment["unit"], prepayment["person"]))
            if (
                move
                and not move.currency_id.is_zero(
                    move.amount_total - prepayment["amount"]
                )
                and self._prepayment_used(move)
            ):
                self._problem(
                    problems,
                    "prepayments",
                    prepayment["row"],
                    "amount",
                    self._used_message(move),
                )

    def _used_message(self, move):
        return self.env._(
            "The opening prepayment %(entry)s has already paid bills in the "
            "suite: leave its row of the file as it was.",
            entry=move.name,
        )

    def _check_prepayments(
        self, rows, known_units, existing_units, residents, payers, problems
    ):
        prepayments = []
        seen = {}
        residents_of = defaultdict(list)
        for resident in residents:
            residents_of[resident["unit"]].append(resident)
        for row, values in rows:
            if not self._required("prepayments", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("prepayments", row, unit, known_units, problems)
            amount = self._money("prepayments", row, values, "amount", problems)
            date = fields.Date.context_today(self)
            if not sheets.is_empty(values.get("date")):
                date = self._date("prepayments", row, values, "date", problems)
            if not (known and amount is not None and date):
                continue
            mobile = "".join(
                char for char in sheets.to_text(values.get("mobile")) if char.isdigit()
            )[-11:]
            name = sheets.to_text(values.get("name"))
            candidates = [
                resident
                for resident in residents_of[unit]
                if (
                    (mobile and resident["mobile"] == mobile)
                    or (not mobile and name and resident["name"] == name)
                    or (not mobile and not name and resident["role"] == "owner")
                )
            ]
            person = candidates[0]["person"] if candidates else None
            payer_name = candidates[0]["name"] if candidates else None
            if not person and unit in existing_units and not (mobile or name):
                payer = existing_units[unit].payer_id
                person = payer and f"partner:{payer.id}"
                payer_name = payer.name
            if person and unit not in payers:
                # The credit goes to whoever billing invoices for the unit.
                self._problem_no_payer(problems, "prepayments", row, unit)
                continue
            if not person:
                self._problem(
                    problems,
                    "prepayments",
                    row,
                    "name",
                    self.env._(
                        "The payer of unit %(unit)s is not in the residents sheet: "
                        "add them there or give their mobile number as there.",
                        unit=unit,
                    ),
                )
                continue
            key = (unit, person)
            if key in seen:
                self._problem(
                    problems,
                    "prepayments",
                    row,
                    "amount",
                    self.env._(
                        "Duplicate of row %(first)s (same unit and payer): add the "
                        "amounts up in one row.",
                        first=seen[key],
                    ),
                )
                continue
            seen[key] = row
            prepayments.append(
                {
                    "row": row,
                    "unit": unit,
                    "person": person,
                    "name": payer_name,
                    "amount": amount,
                    "date": date,
                }
            )
        return prepayments

    def _arrears_by_year(self, plan):
        years = defaultdict(lambda: [0, 0.0])
        for arrear in plan["arrears"]:
            years[arrear["start"].year][0] += 1
            years[arrear["start"].year][1] += arrear["amount"]
        return dict(sorted(years.items()))

    def _opening_journal(self):
        company = self.community_id.company_id
        Journal = self.env["account.journal"]
        journal = Journal.search(
            [("company_id", "=", company.id), ("code", "=", OPENING_JOURNAL_CODE)],
            limit=1,
        )
        if journal:
            return journal
        return Journal.create(
            {
                "name": self.env._("Opening Balances"),
                "code": OPENING_JOURNAL_CODE,
                "type": "sale",
                # After the sales journal billing runs take the first of.
                "sequence": 99,
                "company_id": company.id,
                "default_account_id": self._opening_account().id,
            }
        )

    def _opening_account(self, journal=None):
        """The counterpart account of the opening balances: the company's
        setting, else the opening journal's, else undistributed profits."""
        company = self.community_id.company_id
        return (
            company.property_opening_account_id
            or (journal and journal.default_account_id)
            or company.get_unaffected_earnings_account()
        )

    def _write_arrears(self, rows, units, contracts, journal, counts):
        # Checked by the dry run already: nothing is written before a refusal.
        problems = []
        self._check_opening_invoices({"arrears": rows}, contracts, problems)
        if problems:
            raise UserError(problems[0][3])
        groups = self._arrear_groups(rows)
        found = self._opening_invoices(groups, contracts)
        company = self.community_id.company_id
        to_create, new_keys, adopted = [], [], {}
        for key, arrears in groups.items():
            contract = contracts[key[0]]
            lines = [
                {**line, "account_id": self._opening_account(journal).id}
                for line in self._arrear_lines(arrears)
            ]
            due = min(arrear["due"] for arrear in arrears)
            move, origin = found.get(key, (None, None))
            if move:
                if origin == "import":
                    # Imported with another end of the period: its key now.
                    adopted[key] = move
                if not self._invoice_changed(move, key, arrears):
                    counts["invoices"]["unchanged"] += 1
                    continue
                move.button_draft()
                move.write(
                    {
                        "invoice_date": due,
                        "invoice_date_due": due,
                        "property_period_end": key[2],
                        "invoice_line_ids": [Command.clear()]
                        + [Command.create(line) for line in lines],
                    }
                )
                move.action_post()
                counts["invoices"]["updated"] += 1
                continue
            new_keys.append(key)
            to_create.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.id,
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "invoice_date": due,
                    "invoice_payment_term_id": False,
                    "invoice_date_due": due,
                    "invoice_origin": contract.name,
                    "ref": self.env._("Opening balance"),
                    "property_contract_id": contract.id,
                    "property_unit_id": units[key[0]].id,
                    "property_period_start": key[1],
                    "property_period_end": key[2],
                    "invoice_line_ids": [Command.create(line) for line in lines],
                }
            )
        Move = self.env["account.move"].with_context(tracking_disable=True)
        with speedups.gc_paused():
            moves = Move._property_create_fee_invoices(to_create)
            # Posted as billing runs post a batch of fee invoices: the same
            # numbers and journal items, in a fraction of action_post's time.
            speedups.for_batch_posting(moves)._post(soft=False)
        counts["invoices"]["created"] += len(moves)
        self._set_keys(
            "account.move",
            "arrears",
            {**adopted, **dict(zip(new_keys, moves, strict=True))},
        )

    def _write_prepayments(self, prepayments, units, contracts, journal, counts):
        """``contracts``: ``{unit code: contract}`` the import continues or
        the unit's active one."""
        Move = self.env["account.move"]
        company = self.community_id.company_id
        today = fields.Date.context_today(self)
        partners = {
            key[0]: partner
            for key, partner in self._keyed(
                "res.partner",
                "partners",
                [(prepayment["person"],) for prepayment in prepayments],
            ).items()
        }
        # The credit is the payer's whom billing invoices for the unit: its
        # contract's payer, else the unit's payer by the billing rule, else
        # (no current owner or payer) the one who paid.
        wanted = {}
        for prepayment in prepayments:
            unit = units[prepayment["unit"]]
            contract = contracts.get(unit.code)
            person = prepayment["person"]
            payer = (
                (contract and contract.partner_id)
                or unit._get_payers(today).get(unit.id)
                or (
                    self.env["res.partner"].browse(int(person.split(":")[1]))
                    if person.startswith("partner:")
                    else partners[person]
                )
            )
            partner = payer.commercial_partner_id
            amount = prepayment["amount"]
            receivable = partner.with_company(company).property_account_receivable_id
            wanted[(prepayment["unit"], prepayment["person"])] = {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": prepayment["date"],
                "ref": self.env._(
                    "Opening prepayment of %(person)s, unit %(unit)s, credit of "
                    "its payer %(partner)s",
                    person=prepayment["name"] or partner.name,
                    unit=prepayment["unit"],
                    partner=partner.name,
                ),
                "line_ids": [
                    Command.create(
                        {
                            "account_id": receivable.id,
                            "partner_id": partner.id,
                            "credit": amount,
                            "name": self.env._("Prepayment (opening balance)"),
                        }
                    ),
                    Command.create(
                        {
                            "account_id": self._opening_account(journal).id,
                            "partner_id": partner.id,
                            "debit": amount,
                            "name": self.env._("Prepayment (opening balance)"),
                        }
                    ),
                ],
            }
        found = self._keyed("account.move", "prepayments", wanted)
        new = {}
        for key, vals in wanted.items():
            move = found.get(key)
            credit_vals = vals["line_ids"][0][2]
            if not move:
                new[key] = vals
                continue
            credit = move.line_ids.filtered(lambda line: line.credit)
            same_amount = move.currency_id.is_zero(
                move.amount_total - credit_vals["credit"]
            )
            used = self._prepayment_used(move)
            if (same_amount and credit.partner_id.id == credit_vals["partner_id"]) or (
                # Credit that paid bills stays with who it paid for; the dry
                # run refused a changed amount of it.
                used and same_amount
            ):
                counts["prepayments"]["unchanged"] += 1
                continue
            if used:
                raise UserError(self._used_message(move))
            move.button_draft()
            move.write(
                {"ref": vals["ref"], "line_ids": [Command.clear()] + vals["line_ids"]}
            )
            move.action_post()
            counts["prepayments"]["updated"] += 1
        created = Move.create(list(new.values()))
        created.action_post()
        counts["prepayments"]["created"] += len(created)
        self._set_keys(
            "account.move", "prepayments", dict(zip(new, created, strict=True))
        )
