"""Fixtures of the store's tests live in tests/conftest.py; this registers their marker."""


def pytest_configure(config):
    # also in setup.cfg's [tool:pytest]; registering it twice is harmless, and keeps
    # `-m "not slow"` warning-free if that entry moves
    config.addinivalue_line(
        "markers", "slow: runs processes or whole workspaces for seconds (CI runs them too; "
                   "-m \"not slow\" skips them)")
