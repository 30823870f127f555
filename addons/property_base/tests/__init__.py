from . import test_estate
from . import test_import
from . import test_portal
from . import test_security
