from . import base
from . import property_community
from . import property_building
from . import property_unit
from . import property_occupancy
from . import res_partner
from . import res_users
from . import res_config_settings
