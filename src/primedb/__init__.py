"""primedb: the PostgreSQL toolkit of PrimeCloudProV2."""

__version__ = "0.1.0"
