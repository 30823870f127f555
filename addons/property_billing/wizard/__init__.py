from . import property_fee_contract_change_payer
from . import property_counter_payment
from . import property_bank_statement_import
from . import property_transfer_match
