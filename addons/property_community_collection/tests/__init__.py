from . import test_collection_kpi
