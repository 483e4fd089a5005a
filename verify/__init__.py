"""verify: checks the attributed claims of an article against their sources."""

__version__ = "0.1.0"
