from . import property_fee_binding
