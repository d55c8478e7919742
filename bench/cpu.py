"""CPU time per request, by process, read from /proc: what one request costs the gunicorn
workers, PostgreSQL, Redis, the front proxy (HAProxy) and the load generator itself, all on the
same cores.

At saturation the cores are the limit, so a target's throughput there is the cores' time divided
by what one request costs all of them together. The saturation figures move by a third from one run
to the next while the code stays the same (bench/README.md); these costs, taken in every phase,
say whether the request got dearer or the machine got slower.
"""

import os
from pathlib import Path

PROC = Path("/proc")
GROUPS = ("server", "postgresql", "redis", "proxy", "generator")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def process_ticks(pid_dir: Path) -> tuple[str, int, int] | None:
    """(command name, process group, clock ticks) of one process; None when it has gone in the
    meantime. The ticks are its own user and system time plus those of its children that ended
    and were waited for: a PostgreSQL backend that closes (connections last 60 s) or a gunicorn
    worker that is replaced hands its time to the postmaster or the arbiter, in the same group,
    so a group's total never drops between two snapshots."""
    try:
        stat = (pid_dir / "stat").read_text()
    except OSError:
        return None
    # The name is in parentheses and may itself hold spaces or parentheses (proc(5)).
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    # fields[0] is proc(5)'s field 3 (state): the process group is field 5, utime and stime are
    # 14-15, and cutime and cstime (children waited for) 16-17.
    return name, int(fields[2]), sum(int(value) for value in fields[11:15])


def group_of(
    name: str, pid: int, process_group: int, *, server: int, generator: int, proxy: int | None
) -> str | None:
    if pid == generator:
        return "generator"
    if process_group == server:  # gunicorn and its workers: bench.run starts it as a group leader
        return "server"
    if proxy is not None and process_group == proxy:  # the bench's HAProxy, not anyone else's
        return "proxy"
    if name == "postgres":  # the postmaster, each backend and the background processes
        return "postgresql"
    if name == "redis-server":
        return "redis"
    return None


def snapshot(
    *, server: int, generator: int, proxy: int | None = None, proc: Path = PROC
) -> dict[str, int]:
    """Clock ticks used so far by each group. `server` and `proxy`: the process groups (their
    leaders' pids) of gunicorn and HAProxy (None: no proxy in front)."""
    ticks = dict.fromkeys(GROUPS, 0)
    for pid_dir in proc.iterdir():
        if not pid_dir.name.isdigit():
            continue
        read = process_ticks(pid_dir)
        if read is None:
            continue
        name, process_group, used = read
        group = group_of(
            name, int(pid_dir.name), process_group, server=server, generator=generator, proxy=proxy
        )
        if group is not None:
            ticks[group] += used
    return ticks


def per_request(
    before: dict[str, int],
    after: dict[str, int],
    requests: int,
    *,
    ticks_per_second: int = TICKS_PER_SECOND,
) -> dict[str, float]:
    """Milliseconds of CPU per successful request, by group and in total; {} when none
    succeeded. A process of another parent that ended between the snapshots would take its time
    with it: a group is never charged less than zero."""
    if requests <= 0:
        return {}
    costs = {
        group: round(
            max(0, after.get(group, 0) - before.get(group, 0)) * 1000 / ticks_per_second / requests,
            3,
        )
        for group in GROUPS
    }
    costs["total"] = round(sum(costs.values()), 3)
    return costs
