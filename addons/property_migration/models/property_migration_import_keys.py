"""Import keys: finding what earlier imports wrote, creating or updating records
by key; units and meter readings.
"""

import hashlib

from odoo import models

# Module of the import keys (ir.model.data) of the records an import writes.
IMPORT_MODULE = "__property_import__"


class PropertyMigrationImportKeys(models.AbstractModel):
    """Part of ``property.migration.import``, which inherits it."""

    _name = "property.migration.import.keys"
    _description = "Community Import: Import Keys"

    def _key_name(self, kind, *parts):
        digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:20]
        return f"c{self.community_id.id}_{kind}_{digest}"

    def _keyed(self, model, kind, keys):
        """``{key: record}`` of the records of ``model`` that earlier imports of
        this community wrote under these import keys."""
        names = {self._key_name(kind, *key): key for key in keys}
        if not names:
            return {}
        # sudo: only the manager checked by _check_manager runs imports; the
        # import keys point at records of this community, read again below
        # under the user's own rights.
        Data = self.env["ir.model.data"].sudo()
        data = Data.search_fetch(
            [
                ("module", "=", IMPORT_MODULE),
                ("model", "=", model),
                ("name", "in", list(names)),
            ],
            ["name", "res_id"],
        )
        # One recordset, so that what is read of one record is read of all.
        records = self.env[model].browse(data.mapped("res_id")).exists()
        by_id = {record.id: record for record in records}
        return {
            names[entry.name]: by_id[entry.res_id]
            for entry in data
            if entry.res_id in by_id
        }

    def _set_keys(self, model, kind, records_by_key):
        # sudo: only the manager checked by _check_manager runs imports, and
        # these records were just written with their own rights.
        self.env["ir.model.data"].sudo().create(
            [
                {
                    "module": IMPORT_MODULE,
                    "name": self._key_name(kind, *key),
                    "model": model,
                    "res_id": record.id,
                    "noupdate": True,
                }
                for key, record in records_by_key.items()
            ]
        )

    def _sync(self, model, kind, wanted, counts, match=None, update_order=None):
        """Create or update one record per key of ``wanted`` ``{key: vals}``.
        ``match(key)`` may return an existing record to adopt;
        ``update_order(record, changed)`` sorts the updates. Return
        ``{key: record}``."""
        found = self._keyed(model, kind, wanted)
        result, new_keys, to_create = {}, [], []
        adopted, updates = {}, []
        for key, vals in wanted.items():
            record = found.get(key) or (match and match(key))
            if record and key not in found:
                adopted[key] = record
            if record:
                changed = {
                    fname: value
                    for fname, value in vals.items()
                    if record._fields[fname].convert_to_write(record[fname], record)
                    != value
                }
                if changed:
                    updates.append((record, changed))
                counts[kind]["updated" if changed else "unchanged"] += 1
                result[key] = record
            else:
                new_keys.append(key)
                to_create.append(vals)
        if update_order:
            updates.sort(key=lambda update: update_order(*update))
        for record, changed in updates:
            record.write(changed)
        created = self.env[model].create(to_create)
        counts[kind]["created"] += len(created)
        result.update(zip(new_keys, created, strict=True))
        self._set_keys(
            model, kind, {**adopted, **dict(zip(new_keys, created, strict=True))}
        )
        return result

    def _units_of(self, codes):
        """``{code: unit}`` of the community's units of these codes."""
        return {
            unit.code: unit
            for unit in self.env["property.unit"].search(
                [
                    ("community_id", "=", self.community_id.id),
                    ("code", "in", list(codes)),
                ]
            )
        }

    def _write_meters(self, meters, units, counts):
        self._sync(
            "property.meter.reading",
            "meters",
            {
                (meter["unit"], meter["meter"], str(meter["date"])): {
                    "unit_id": units[meter["unit"]].id,
                    "meter_type": meter["meter"],
                    "date": meter["date"],
                    "value": meter["value"],
                }
                for meter in meters
            },
            counts,
        )

    def _write_units(self, entries, counts):
        community = self.community_id
        Building = self.env["property.building"]
        buildings = {
            building.code: building
            for building in Building.search([("community_id", "=", community.id)])
        }
        missing = {}
        for entry in entries.values():
            if entry["building_code"] not in buildings:
                missing[entry["building_code"]] = entry["building_name"]
        if missing:
            created = Building.create(
                [
                    {"community_id": community.id, "code": code, "name": name or code}
                    for code, name in missing.items()
                ]
            )
            buildings.update({building.code: building for building in created})
        existing = self._units_of(entries)
        self._sync(
            "property.unit",
            "units",
            {
                (code,): {
                    "building_id": buildings[entry["building_code"]].id,
                    "entrance": entry["entrance"] or False,
                    "floor": entry["floor"],
                    "number": entry["number"],
                    "unit_type": entry["unit_type"],
                    "area": entry["area"],
                }
                for code, entry in entries.items()
            },
            counts,
            match=lambda key: existing.get(key[0]),
        )
