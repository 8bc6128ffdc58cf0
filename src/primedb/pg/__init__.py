"""PostgreSQL access: the embedded throwaway cluster, DSNs, connections, databases."""

from primedb.pg.cluster import Cluster, ClusterInfo
from primedb.pg.connect import connect, connect_dict
from primedb.pg.databases import create_database, drop_database, scratch_database
from primedb.pg.dsn import resolve, with_dbname
from primedb.pg.target import server_dsn
from primedb.pg.throwaway import throwaway_cluster
from primedb.secrets import mask

__all__ = [
    "Cluster",
    "ClusterInfo",
    "connect",
    "connect_dict",
    "create_database",
    "drop_database",
    "mask",
    "resolve",
    "scratch_database",
    "server_dsn",
    "throwaway_cluster",
    "with_dbname",
]
