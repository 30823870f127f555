from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.uploads import DEFAULT_MAX_COUNT, DEFAULT_MAX_SIZE_MB


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    property_upload_max_size_mb = fields.Integer(
        string="Largest Upload (MB)",
        config_parameter="property_base.upload_max_size_mb",
        default=DEFAULT_MAX_SIZE_MB,
        help="Largest photo or PDF a resident may attach, in megabytes.",
    )
    property_upload_max_count = fields.Integer(
        string="Files per Upload",
        config_parameter="property_base.upload_max_count",
        default=DEFAULT_MAX_COUNT,
        help="How many files a resident may attach at once.",
    )

    @api.constrains("property_upload_max_size_mb", "property_upload_max_count")
    def _check_property_upload_limits(self):
        for settings in self:
            if (
                settings.property_upload_max_size_mb < 1
                or settings.property_upload_max_count < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Uploads need a size limit of at least 1 MB and at least "
                        "one file at a time. Enter positive numbers."
                    )
                )
