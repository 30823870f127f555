from . import property_fee_rate
from . import property_vote_rate
from . import property_vote
