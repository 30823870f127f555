"""Helpers for the suite's cross-module tests, which live outside any add-on."""


def suite_test(cls):
    """Give a test class the attributes Odoo sets on the tests of an add-on
    (``odoo.addons.<module>.tests``), which a class in this folder lacks."""
    cls.test_tags = {"standard", "post_install", "property_suite"}
    cls.test_module = "property_suite"
    cls.test_class = cls.__name__
    cls.test_sequence = 0
    return cls
