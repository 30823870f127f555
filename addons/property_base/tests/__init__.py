from . import test_estate
from . import test_import
from . import test_portal
from . import test_security
from . import test_proxy_payer
from . import test_uploads
from . import test_export
from . import test_write_recheck
