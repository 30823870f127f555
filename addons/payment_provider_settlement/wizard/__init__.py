from . import payment_settlement_import
