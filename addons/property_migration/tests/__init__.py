from . import test_dry_run
from . import test_import
from . import test_fee_binding
from . import test_import_checks
from . import test_batches
