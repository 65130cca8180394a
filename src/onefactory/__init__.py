"""onefactory: a lead manufacturer and its suppliers working as one factory."""

__version__ = "0.1.0"
