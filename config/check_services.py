"""`make test` runs this first: it names the service that is down and how to start it, instead of
letting the suite fail with a wall of connection tracebacks."""

import os
import sys

import psycopg
import redis

HOW_TO_START = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start  "
    "(or: docker compose up -d db)",
    "Redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' "
    "(or: docker compose up -d redis)",
}


def check_postgres(url: str) -> str | None:
    try:
        # Connect to the server's maintenance database: the test database does not exist yet.
        with psycopg.connect(url, dbname="postgres", connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


def check_redis(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        return str(error).strip()
    return None


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loupe")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    failures = {
        "PostgreSQL": (database_url, check_postgres(database_url)),
        "Redis": (redis_url, check_redis(redis_url)),
    }
    down = {name: detail for name, detail in failures.items() if detail[1]}
    for name, (url, error) in down.items():
        print(f"{name} is not reachable at {url}: {error}", file=sys.stderr)
        print(f"  start it with: {HOW_TO_START[name]}", file=sys.stderr)
    return 1 if down else 0


if __name__ == "__main__":
    sys.exit(main())
