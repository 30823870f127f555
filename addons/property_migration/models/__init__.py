from . import property_migration_import
