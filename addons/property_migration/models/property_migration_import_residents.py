"""Residents: matching them with the suite's partners and occupancies, owners'
shares, writing partners and occupancies.
"""

from collections import defaultdict

from odoo import models
from odoo.tools import float_compare

from .. import sheets


class PropertyMigrationImportResidents(models.AbstractModel):
    """Part of ``property.migration.import``, which inherits it."""

    _name = "property.migration.import.residents"
    _description = "Community Import: Residents"

    def _check_residents(self, rows, known_units, problems):
        residents = []
        seen = {}
        shares = defaultdict(float)
        for row, values in rows:
            if not self._required("residents", row, values, problems):
                continue
            unit = sheets.to_text(values["unit"])
            known = self._unit_known("residents", row, unit, known_units, problems)
            role = self._choice(
                "residents", row, values, "role", sheets.ROLES, "owner", problems
            )
            share = 0.0
            if not sheets.is_empty(values.get("share")):
                share = self._number("residents", row, values, "share", problems)
                if share is not None and share > 100:
                    self._problem(
                        problems,
                        "residents",
                        row,
                        "share",
                        self.env._(
                            "A share of %(share)s %% is over 100 %%: write the "
                            "owner's percentage, e.g. 50.",
                            share=share,
                        ),
                    )
                    share = None
                elif share and role and role != "owner":
                    self._problem(
                        problems,
                        "residents",
                        row,
                        "share",
                        self.env._("Only owners hold a share: clear the cell."),
                    )
                    share = None
            elif role == "owner":
                share = 100.0
            date_start = self._date("residents", row, values, "date_start", problems)
            mobile = self._mobile_digits(values.get("mobile"))
            if mobile and len(mobile) != 11:
                self._problem(
                    problems,
                    "residents",
                    row,
                    "mobile",
                    self.env._(
                        "“%(value)s” is not a mobile number: write its 11 digits.",
                        value=sheets.to_text(values.get("mobile")),
                    ),
                )
                continue
            name = sheets.to_text(values["name"])
            id_number = sheets.to_text(values.get("id_number"))
            person = mobile or id_number or f"{name}@{unit}"
            key = (unit, person, role)
            if key in seen:
                self._problem(
                    problems,
                    "residents",
                    row,
                    "name",
                    self.env._(
                        "%(name)s is listed twice for unit %(unit)s in this role "
                        "(row %(first)s): keep one row.",
                        name=name,
                        unit=unit,
                        first=seen[key],
                    ),
                )
                continue
            seen[key] = row
            if not (known and role and share is not None and date_start):
                continue
            if role == "owner":
                shares[unit] += share
                if float_compare(shares[unit], 100.0, precision_digits=2) > 0:
                    self._problem(
                        problems,
                        "residents",
                        row,
                        "share",
                        self.env._(
                            "The owners of unit %(unit)s hold %(total)s %% up to "
                            "this row: shares may not exceed 100 %%. Lower a share "
                            "or give the former owner's end in the old system.",
                            unit=unit,
                            total=round(shares[unit], 2),
                        ),
                    )
                    continue
            residents.append(
                {
                    "row": row,
                    "unit": unit,
                    "name": name,
                    "mobile": mobile,
                    "id_number": id_number,
                    "person": person,
                    "role": role,
                    "share": share,
                    "date_start": date_start,
                }
            )
        return residents

    def _mobile_digits(self, value):
        """The digits of a mobile number, without China's country code."""
        mobile = "".join(char for char in sheets.to_text(value) if char.isdigit())
        if mobile.startswith("86") and len(mobile) == 13:
            mobile = mobile[2:]
        return mobile

    def _mobile_variants(self, mobile):
        """How the suite may hold the 11 digits ``mobile``: as they are,
        grouped 3-4-4 by spaces or dashes, with or without China's code."""
        spaced = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
        return [
            prefix + form
            for form in (mobile, spaced, spaced.replace(" ", "-"))
            for prefix in ("", "+86", "+86 ", "86", "0086")
        ]

    def _check_occupancies(self, plan, existing_units, problems):
        """Match the residents of units already in the suite with their
        occupancies there: the same person in the same role is adopted (no
        second occupancy); owners whose shares with the suite's other owners
        would exceed 100 % are refused."""
        residents = [r for r in plan["residents"] if r["unit"] in existing_units]
        plan["adopted_partners"] = adopted_partners = {}
        if not residents:
            return
        keyed = self._keyed(
            "property.occupancy",
            "occupancies",
            [(r["unit"], r["person"], r["role"]) for r in residents],
        )
        partners = self._keyed(
            "res.partner", "partners", [(r["person"],) for r in residents]
        )
        taken = set(keyed.values())
        for resident in residents:
            key = (resident["unit"], resident["person"], resident["role"])
            resident["occupancy"] = keyed.get(key)
            if resident["occupancy"]:
                continue
            partner = partners.get((resident["person"],)) or adopted_partners.get(
                resident["person"]
            )
            for occupancy in existing_units[resident["unit"]].occupancy_ids:
                if (
                    occupancy in taken
                    or occupancy.role != resident["role"]
                    or (
                        occupancy.date_end
                        and occupancy.date_end < resident["date_start"]
                    )
                    or not self._same_person(occupancy.partner_id, partner, resident)
                ):
                    continue
                resident["occupancy"] = occupancy
                taken.add(occupancy)
                adopted_partners[resident["person"]] = occupancy.partner_id
                plan["notes"].append(
                    self.env._(
                        "Unit %(unit)s: %(name)s (residents sheet, row %(row)s) "
                        "already occupies it in this role in the suite: the import "
                        "updates that occupancy instead of adding a second one.",
                        unit=resident["unit"],
                        name=occupancy.partner_id.name,
                        row=resident["row"],
                    )
                )
                break
        owners = defaultdict(list)
        for resident in residents:
            if resident["role"] == "owner":
                owners[resident["unit"]].append(resident)
        for code, unit_owners in owners.items():
            self._check_owner_shares(existing_units[code], unit_owners, taken, problems)

    def _same_person(self, occupant, partner, resident):
        """Whether ``occupant`` is the person of the ``resident`` row, matched
        as the import matches residents: the partner an earlier import wrote
        or adopted for them, else by mobile number, else by name."""
        if partner:
            return occupant == partner
        mobile = self._mobile_digits(occupant.mobile)
        if resident["mobile"] and mobile:
            return mobile == resident["mobile"]
        return (occupant.name or "").strip() == resident["name"]

    def _check_owner_shares(self, unit, owners, taken, problems):
        """Refuse the owner rows ``owners`` of ``unit`` with which its owners'
        shares, with those of its other owners in the suite, would exceed 100 %
        on a day (as the suite checks them)."""
        others = unit.occupancy_ids.filtered(
            lambda o: o.role == "owner" and o not in taken
        )
        if not others:
            return
        shares = [(o.share, o.date_start, o.date_end) for o in others]
        for resident in owners:
            occupancy = resident["occupancy"]
            share = (
                resident["share"],
                resident["date_start"],
                occupancy and occupancy.date_end,
            )
            for day in sorted({start for _share, start, _end in shares + [share]}):
                total = sum(
                    value
                    for value, start, end in shares + [share]
                    if start <= day and (not end or end >= day)
                )
                if float_compare(total, 100.0, precision_digits=2) > 0:
                    self._problem(
                        problems,
                        "residents",
                        resident["row"],
                        "share",
                        self.env._(
                            "Unit %(unit)s already has owners in the suite "
                            "(%(owners)s): with this row its owners would hold "
                            "%(total)s %% on %(date)s. Shares may not exceed 100 "
                            "%%: end the former owner's occupancy in the suite "
                            "(its end date) or correct the shares in the file.",
                            unit=unit.code,
                            owners="、".join(
                                f"{o.partner_id.name} {round(o.share, 2)} %"
                                for o in others
                            ),
                            total=round(total, 2),
                            date=day,
                        ),
                    )
                    break
            else:
                shares.append(share)

    def _units_with_payer(self, residents, existing_units):
        """The codes of the units with an owner or a payer, in the file or
        already in the suite."""
        payers = {
            resident["unit"]
            for resident in residents
            if resident["role"] in ("owner", "payer")
        }
        for unit in existing_units.values():
            if unit.occupancy_ids.filtered(lambda o: o.role in ("owner", "payer")):
                payers.add(unit.code)
        return payers

    def _write_partners(self, residents, adopted, counts):
        """The residents' partners, one per person of the rows ``residents``;
        ``adopted``: ``{person: partner}`` the dry run matched in a unit."""
        people = {}
        for resident in residents:
            people.setdefault(resident["person"], resident)
        # A resident already known by their mobile number (an owner in another
        # community, say) is the same person: adopt them, no duplicate. The
        # suite may keep the number as +86 138 0000 0001 or 138-0000-0001.
        variants = [
            variant
            for resident in people.values()
            if resident["mobile"]
            for variant in self._mobile_variants(resident["mobile"])
        ]
        by_mobile = {
            self._mobile_digits(partner.mobile): partner
            for partner in self.env["res.partner"].search(
                [("mobile", "in", variants)], order="id desc"
            )
        }
        keyed = self._keyed("res.partner", "partners", [(p,) for p in people])
        # The partner an earlier import wrote, else the occupant the dry run
        # matched in the unit, else the one of the same mobile number.
        known = {
            person: keyed.get((person,))
            or adopted.get(person)
            or by_mobile.get(resident["mobile"] or None)
            for person, resident in people.items()
        }
        self._sync(
            "res.partner",
            "partners",
            {
                (person,): {
                    "name": resident["name"],
                    # An empty cell keeps what the suite knows of the person,
                    # and so does the same number written otherwise.
                    **(
                        {"mobile": resident["mobile"]}
                        if resident["mobile"]
                        and (
                            not known[person]
                            or self._mobile_digits(known[person].mobile)
                            != resident["mobile"]
                        )
                        else {}
                    ),
                    **(
                        {"property_id_number": resident["id_number"]}
                        if resident["id_number"]
                        else {}
                    ),
                }
                for person, resident in people.items()
            },
            counts,
            match=lambda key: known[key[0]],
        )

    def _write_occupancies(self, residents, units, counts):
        partners = self._keyed(
            "res.partner", "partners", [(row["person"],) for row in residents]
        )
        occupancies = {
            (resident["unit"], resident["person"], resident["role"]): resident.get(
                "occupancy"
            )
            for resident in residents
        }
        self._sync(
            "property.occupancy",
            "occupancies",
            {
                (resident["unit"], resident["person"], resident["role"]): {
                    "unit_id": units[resident["unit"]].id,
                    "partner_id": partners[(resident["person"],)].id,
                    "role": resident["role"],
                    "share": resident["share"] if resident["role"] == "owner" else 0,
                    "date_start": resident["date_start"],
                }
                for resident in residents
            },
            counts,
            # The suite's occupancy of the same person and role, adopted.
            match=occupancies.get,
            # Shares that fall first: co-owners swapping 60/40 for 40/60 never
            # hold more than the unit between two writes.
            update_order=lambda occupancy, changed: (
                changed.get("share", occupancy.share) - occupancy.share
            ),
        )
