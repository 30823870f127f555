"""Fee contracts: the contracts an import continues or adopts, billed-up-to
checks, writing them.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, fields, models
from odoo.tools import float_compare

from odoo.addons.property_billing.period import period_containing

from .. import sheets


class PropertyMigrationImportContracts(models.AbstractModel):
    """Part of ``property.migration.import``, which inherits it."""

    _name = "property.migration.import.contracts"
    _description = "Community Import: Contracts"

    def _existing_contracts(self, units):
        """``{unit code: (contract, adopted)}`` of ``units`` ``{code: unit}``:
        the contract an earlier import of the unit wrote, else the unit's
        active contract, which the import adopts (``adopted``) rather than
        make a second active contract of the unit."""
        Contract = self.env["property.fee.contract"]
        keyed = self._keyed(Contract._name, "contracts", [(code,) for code in units])
        result = {key[0]: (contract, False) for key, contract in keyed.items()}
        others = [unit.id for code, unit in units.items() if code not in result]
        if others:
            for contract in Contract.search(
                [("unit_id", "in", others), ("state", "=", "active")],
                order="date_start desc, id desc",
            ):
                result.setdefault(contract.unit_id.code, (contract, True))
        return result

    def _check_contracts(self, rows, known_units, payers, fee_types, problems):
        contracts = {}
        for row, values in rows:
            if not self._required("contracts", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("contracts", row, unit, known_units, problems)
            fee_type = self._fee_type("contracts", row, values, fee_types, problems)
            rate = 0.0
            if not sheets.is_empty(values.get("rate")):
                rate = self._number("contracts", row, values, "rate", problems)
            cycle = self._choice(
                "contracts", row, values, "cycle", sheets.CYCLES, "monthly", problems
            )
            billed_to = self._date("contracts", row, values, "billed_to", problems)
            if not (known and fee_type and rate is not None and cycle and billed_to):
                continue
            if unit not in payers:
                self._problem_no_payer(problems, "contracts", row, unit)
                continue
            contract = contracts.setdefault(
                unit,
                {"row": row, "cycle": cycle, "billed_to": billed_to, "lines": {}},
            )
            if contract["cycle"] != cycle or contract["billed_to"] != billed_to:
                self._problem(
                    problems,
                    "contracts",
                    row,
                    "cycle",
                    self.env._(
                        "Unit %(unit)s: every fee item of its contract has the same "
                        "cycle and billed-up-to date as row %(first)s. Align them.",
                        unit=unit,
                        first=contract["row"],
                    ),
                )
                continue
            if fee_type in contract["lines"]:
                self._problem(
                    problems,
                    "contracts",
                    row,
                    "fee_type",
                    self.env._(
                        "%(fee)s appears twice for unit %(unit)s: keep one row.",
                        fee=fee_type.name,
                        unit=unit,
                    ),
                )
                continue
            contract["lines"][fee_type] = rate
        return contracts

    def _check_contract_billing(self, plan, existing_contracts, problems):
        """Refuse the contract rows of a unit whose contract in the suite, which
        the import continues and whose start it keeps (an adopted one, or an
        earlier import's when the file now says a later date), is not billed
        up to the file's billed-up-to date: the next billing run would bill
        those periods again. A contract has nothing that says it was billed
        elsewhere, so the periods are checked as billing runs check them."""
        adopted = {
            code: contract
            for code, (contract, _adopted) in existing_contracts.items()
            if code in plan["contracts"]
        }
        if not adopted:
            return
        billed = defaultdict(set)
        for contract, start in self.env["account.move"]._read_group(
            [
                ("property_contract_id", "in", [c.id for c in adopted.values()]),
                ("move_type", "=", "out_invoice"),
                ("state", "!=", "cancel"),
            ],
            ["property_contract_id", "property_period_start:day"],
        ):
            billed[contract].add(start)
        # The file's opening invoices of the unit bill their periods too.
        for unit, start, _end in self._arrear_groups(plan["arrears"]):
            if unit in adopted:
                billed[adopted[unit]].add(fields.Date.to_date(start))
        for code, contract in adopted.items():
            entry = plan["contracts"][code]
            start = self._first_unbilled(contract, billed[contract], entry["billed_to"])
            if start:
                self._problem(
                    problems,
                    "contracts",
                    entry["row"],
                    "billed_to",
                    self.env._(
                        "Unit %(unit)s: its contract %(contract)s in the suite has "
                        "not billed the period from %(start)s, but the file says the "
                        "old system billed up to %(billed_to)s: the next billing run "
                        "would bill it again. In the suite, close that contract "
                        "before %(start)s or move its start after %(billed_to)s (the "
                        "import then starts a contract after the billed-up-to date), "
                        "or correct the billed-up-to date in the file.",
                        unit=code,
                        contract=contract.name,
                        start=start,
                        billed_to=entry["billed_to"],
                    ),
                )

    def _first_unbilled(self, contract, billed, billed_to):
        """The first day of the first period of ``contract`` up to
        ``billed_to`` that no invoice bills (``billed``: the period starts
        billed), as billing runs find the periods they bill; ``None``."""
        start, end = period_containing(contract.date_start, contract.cycle)
        while start <= billed_to:
            billed_start = max(start, contract.date_start)
            billed_end = min(end, contract.date_end) if contract.date_end else end
            if billed_start <= billed_end and billed_start not in billed:
                return billed_start
            start, end = period_containing(end + relativedelta(days=1), contract.cycle)
        return None

    def _write_contracts(self, entries, units, counts):
        Contract = self.env["property.fee.contract"]
        found = self._existing_contracts({code: units[code] for code in entries})
        to_create = {}
        for unit_code, entry in entries.items():
            contract, adopted = found.get(unit_code, (None, False))
            lines = entry["lines"]
            if not contract:
                to_create[(unit_code,)] = {
                    "unit_id": units[unit_code].id,
                    "cycle": entry["cycle"],
                    "date_start": entry["billed_to"] + relativedelta(days=1),
                    "line_ids": [
                        Command.create(
                            {"fee_type_id": fee_type.id, "rate_override": rate}
                        )
                        for fee_type, rate in lines.items()
                    ],
                }
                continue
            current = {line.fee_type_id: line for line in contract.line_ids}
            commands = [
                Command.update(current[fee_type].id, {"rate_override": rate})
                for fee_type, rate in lines.items()
                if fee_type in current
                and float_compare(
                    current[fee_type].rate_override, rate, precision_digits=6
                )
            ]
            commands += [
                Command.create({"fee_type_id": fee_type.id, "rate_override": rate})
                for fee_type, rate in lines.items()
                if fee_type not in current
            ]
            # An adopted contract keeps what the file does not say.
            commands += [
                Command.delete(line.id)
                for fee_type, line in current.items()
                if fee_type not in lines and not adopted
            ]
            vals = {"line_ids": commands} if commands else {}
            if contract.cycle != entry["cycle"] and not adopted:
                vals["cycle"] = entry["cycle"]
            if vals:
                contract.write(vals)
            counts["contracts"]["updated" if vals else "unchanged"] += 1
        created = Contract.create(list(to_create.values()))
        created.action_activate()
        counts["contracts"]["created"] += len(created)
        self._set_keys(
            Contract._name, "contracts", dict(zip(to_create, created, strict=True))
        )
