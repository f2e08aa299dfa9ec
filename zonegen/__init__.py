"""zonegen: a static-site generator for China's government disclosure zones (政务公开专区)."""

__version__ = "0.1.0"
