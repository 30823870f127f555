"""Test-log hygiene for the whole suite: a warning is a defect."""

import logging

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_collection(session):
    # Odoo's test framework expects test mode from the moment it is imported,
    # which is while pytest collects; but loading the registry in test mode
    # would run every module's tests a second time, so only while collecting.
    from odoo.tools import config

    config["test_enable"] = True
    try:
        return (yield)
    finally:
        config["test_enable"] = False


@pytest.fixture(autouse=True)
def _log_stays_clean(caplog):
    yield
    problems = [
        record
        for phase in ("setup", "call")
        for record in caplog.get_records(phase)
        if record.levelno >= logging.WARNING
    ]
    if problems:
        pytest.fail(
            "The test logged warnings or errors:\n"
            + "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in problems),
            pytrace=False,
        )
