from . import property_migration_batch
from . import property_migration_import
from . import res_company
from . import res_config_settings
