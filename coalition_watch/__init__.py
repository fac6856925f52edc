"""Coalition Watch: coalitions of armed groups, their relations with evidence, and early warning."""

__version__ = "0.1.0"
