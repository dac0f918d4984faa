"""Korgoo: protection and monitoring of the labour rights of migrant workers from Kyrgyzstan."""

__version__ = "0.1.0"
