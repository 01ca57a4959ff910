"""actionlog: an action-log manager for formal meetings, over YAML files in git."""

__version__ = "0.1.0"
