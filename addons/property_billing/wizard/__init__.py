from . import property_late_fee_waive
from . import property_fee_contract_change_payer
