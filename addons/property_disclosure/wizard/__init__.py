from . import property_vote_ballot_record
from . import property_disclosure_correct
