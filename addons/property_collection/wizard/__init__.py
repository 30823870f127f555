from . import property_late_fee_waive
from . import property_dunning_case_action
