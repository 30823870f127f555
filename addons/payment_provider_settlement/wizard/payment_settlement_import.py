# Copyright 2026 Property Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import UserError


class PaymentSettlementImport(models.TransientModel):
    _name = "payment.settlement.import"
    _description = "Import a Payment Provider Settlement File"

    provider = fields.Selection(
        selection="_selection_provider",
        required=True,
        help="The provider whose settlement file this is.",
    )
    file = fields.Binary(
        string="Settlement File",
        help="WeChat Pay: the trade bill (交易账单, CSV). Alipay: the bill zip or its "
        "business details CSV (业务明细).",
    )
    file_name = fields.Char()
    date = fields.Date(
        string="Day",
        help="The day whose bill to download from the provider instead of "
        "uploading a file (the bill of a day is ready the next morning).",
    )
    book_unknown = fields.Boolean(
        string="Book fees of unknown orders",
        help="Book the fees of orders of the file that are not payments in Odoo "
        "too, labelled as such, instead of refusing the file.",
    )

    @api.model
    def _selection_provider(self):
        # Accountants may not read the providers' settings (administrators
        # only): only the names of the providers reading settlement files, in
        # the user's companies, are listed.
        providers = (
            self.env["payment.provider"]
            .sudo()
            .search(
                [
                    ("settlement_supported", "=", True),
                    ("company_id", "in", self.env.user.company_ids.ids),
                ]
            )
        )
        return [(str(provider.id), provider.display_name) for provider in providers]

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the settlement file to import."))
        try:
            content = base64.b64decode(self.file)
        except (binascii.Error, ValueError) as error:
            raise UserError(
                self.env._("The file could not be read: upload it again.")
            ) from error
        provider = self.env["payment.provider"].browse(int(self.provider))
        settlement = provider._settlement_import(
            content, self.file_name or "", book_unknown=self.book_unknown
        )
        return self._action_open(settlement)

    def action_download(self):
        self.ensure_one()
        if not self.date:
            raise UserError(self.env._("Choose the day whose bill to download."))
        provider = self.env["payment.provider"].browse(int(self.provider))
        settlement = provider._settlement_download_import(
            self.date, book_unknown=self.book_unknown
        )
        return self._action_open(settlement)

    def _action_open(self, settlement):
        return {
            "type": "ir.actions.act_window",
            "res_model": "payment.settlement",
            "res_id": settlement.id,
            "view_mode": "form",
            "target": "current",
        }
