"""bench.run's verdicts against the issue's targets and the table it prints."""

from bench import cpu, diskprobe

TARGETS = {
    "rating_p99_ms": 50.0,
    "rating_to_floor_ratio": 0.5,
    "console_p99_ms": 100.0,
    "calibration_refresh_s": 5.0,
    "calibration_page_p99_ms": 200.0,
    # Past saturation (1.3x and 2x its throughput), the rating POST keeps serving: issue 14.
    "overload_goodput_pct": 80.0,
    "overload_served_p99_ms": 1000.0,
    "api_interviews_p99_ms": 100.0,
    # The pad phase at 100 rooms (issue 16): keystroke to watcher.
    "pad_p95_ms": 100.0,
    "pad_p99_ms": 250.0,
}
PAGES = (
    "floor", "rating_post", "console_get", "feedback_get", "calibration_page", "api_interviews"
)  # fmt: skip


def verdicts(results: dict) -> list[dict]:
    rating = results["rating_post"]
    checks = [
        (
            "rating POST p99 at 50 interviewers, 0 errors",
            f"<= {TARGETS['rating_p99_ms']:g} ms",
            f"{rating['p99_ms']:.1f} ms, {rating['errors']} errors" + slow_disk(results),
            rating["p99_ms"] <= TARGETS["rating_p99_ms"] and rating["errors"] == 0,
        ),
        (
            "rating POST / floor throughput at saturation",
            f">= {TARGETS['rating_to_floor_ratio']:g}",
            f"{results['rating_to_floor_ratio']}",
            (results["rating_to_floor_ratio"] or 0) >= TARGETS["rating_to_floor_ratio"],
        ),
        (
            "console GET p99",
            f"<= {TARGETS['console_p99_ms']:g} ms",
            f"{results['console_get']['p99_ms']:.1f} ms",
            results["console_get"]["p99_ms"] <= TARGETS["console_p99_ms"],
        ),
        (
            f"calibration refresh at {results['interviews']} interviews (best of 3)",
            f"<= {TARGETS['calibration_refresh_s']:g} s at 10,000 interviews",
            f"{results['calibration_refresh_s']:.2f} s",
            results["calibration_refresh_s"] <= TARGETS["calibration_refresh_s"],
        ),
        (
            "calibration page p99",
            f"<= {TARGETS['calibration_page_p99_ms']:g} ms",
            f"{results['calibration_page']['p99_ms']:.1f} ms",
            results["calibration_page"]["p99_ms"] <= TARGETS["calibration_page_p99_ms"],
        ),
    ]
    checks += overload_checks(results)
    api = results.get("api_interviews")
    if api is not None:
        checks.append(
            (
                "GET /api/v1/interviews?updated_since= (a page of 50) p99",
                f"<= {TARGETS['api_interviews_p99_ms']:g} ms",
                f"{api['p99_ms']:.1f} ms, {api['errors']} errors",
                api["p99_ms"] <= TARGETS["api_interviews_p99_ms"] and api["errors"] == 0,
            )
        )
    checks += pad_checks(results)
    return [
        {"check": check, "target": target, "measured": value, "pass": bool(passed)}
        for check, target, value, passed in checks
    ]


def overload_checks(results: dict) -> list[tuple]:
    """One verdict per overload step of the rating POST: goodput as a share of the saturation
    throughput, and the p99 of the requests it served (its fast 503s left out)."""
    checks = []
    for step in results["rating_post"].get("overload", []):
        served_p99 = step["served_p99_ms"]
        checks.append(
            (
                f"rating POST at {step['factor']:g}x its saturation throughput "
                f"({step['offered_rps']:g} req/s offered)",
                f">= {TARGETS['overload_goodput_pct']:g}% of the peak served, their p99 "
                f"< {TARGETS['overload_served_p99_ms']:g} ms",
                f"{step['goodput_pct']:g}% ({step['rps']:g} ok/s), p99 of served "
                f"{served_p99:.1f} ms",
                step["goodput_pct"] >= TARGETS["overload_goodput_pct"]
                and served_p99 < TARGETS["overload_served_p99_ms"],  # NaN: none served, fails
            )
        )
    return checks


def pad_checks(results: dict) -> list[tuple]:
    pad = results.get("pad_latency")
    if pad is None:
        return []
    p95, p99 = pad["p95_ms"], pad["p99_ms"]
    return [
        (
            f"pad keystroke to watcher at {pad['rooms']} rooms, nothing lost, no errors",
            f"p95 <= {TARGETS['pad_p95_ms']:g} ms, p99 <= {TARGETS['pad_p99_ms']:g} ms, "
            "0 lost, 0 errors",
            f"p95 {p95} ms, p99 {p99} ms, {pad['lost']} lost, {pad['errors']} errors, "
            f"{pad['updates']} updates",
            p95 is not None
            and p99 is not None
            and p95 <= TARGETS["pad_p95_ms"]
            and p99 <= TARGETS["pad_p99_ms"]
            and pad["lost"] == 0
            and pad["errors"] == 0,
        )
    ]


def pad_lines(results: dict) -> list[str]:
    steps = results.get("pad_steps")
    if not steps:
        return []
    lines = [
        f"pad phase ({results['pad_server']}; CPU ms per keystroke: "
        f"{' + '.join(cpu.GROUPS)}, the ASGI server as `server`):"
    ]
    for step in steps:
        lines.append(
            f"  {step['rooms']:>4} rooms: p50 {step['p50_ms']} ms, p95 {step['p95_ms']} ms, "
            f"p99 {step['p99_ms']} ms, {step['updates']} updates, {step['errors']} errors, "
            f"{step['lost']} lost; CPU {cpu_cost(step.get('cpu_ms_per_update'))}"
        )
    lines.append(f"  pad_max_rooms: {results['pad_max_rooms']} (p95 <= 100 ms, 0 lost)")
    return lines


def slow_disk(results: dict) -> str:
    """When the disk took longer to flush than the rating POST's p99 target during its phase,
    say so beside the verdict, with the floor's p99 in its own phase: the verdict stands as
    measured, and the reader sees whether the machine or the app was slow."""
    rating = results["rating_post"]
    flush = rating.get("disk_flush", {})
    met = rating["p99_ms"] <= TARGETS["rating_p99_ms"] and rating["errors"] == 0
    if met or flush.get("max_ms", 0) <= TARGETS["rating_p99_ms"]:
        return ""
    slow = flush[f"over_{diskprobe.SLOW_MS:g}_ms"]
    tail = len(rating.get("p99_tail", []))
    stalled = flush["p99_tail_during_slow_flush"]
    return (
        f" (during this phase the disk's flushes took up to {flush['max_ms']:.0f} ms, {slow} of "
        f"{flush['flushes']} over {diskprobe.SLOW_MS:g} ms, and {stalled} of the {tail} requests "
        f"at or above the p99 were in flight while one ran; the floor's "
        f"p99 in its own phase: {results['floor']['p99_ms']:.1f} ms)"
    )


def cpu_cost(costs: dict | None) -> str:
    if costs is None:
        return "not taken"
    if not costs:
        return "no request succeeded"
    parts = " + ".join(f"{costs.get(group, 0.0):.2f}" for group in cpu.GROUPS)
    return f"{parts} = {costs['total']:.2f}"


def cpu_lines(results: dict) -> list[str]:
    """What a request cost the cores in the fixed phase and in the saturation step that gave
    the saturation throughput (bench/cpu.py)."""
    lines = [f"CPU ms per successful request ({' + '.join(cpu.GROUPS)}):"]
    for name in ("floor", "rating_post"):
        row = results[name]
        lines.append(
            f"  {name:<12} at {row['offered_rps']:g} req/s: "
            f"{cpu_cost(row.get('cpu_ms_per_request'))}; at saturation: "
            f"{cpu_cost(row.get('saturation_cpu_ms_per_request'))}"
        )
    return lines


def overload_lines(results: dict) -> list[str]:
    steps = results["rating_post"].get("overload", [])
    if not steps:
        return []
    lines = [
        f"past saturation, rating POST (peak {results['rating_post']['saturation_rps']:g} ok/s):"
    ]
    for step in steps:
        lines.append(
            f"  x{step['factor']:g}: {step['offered_rps']:g} req/s offered, {step['rps']:g} ok/s "
            f"= {step['goodput_pct']:g}% of the peak, p99 of served {step['served_p99_ms']:.1f} "
            f"ms, p99 of all {step['p99_ms']:.1f} ms, statuses {step['statuses']}, "
            f"timeouts {step['timeouts']}"
        )
    return lines


def report(results: dict) -> str:
    lines = [
        "",
        f"{'target':<18}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'req/s':>8}{'sat. req/s':>12}{'disk flush max ms':>19}",
    ]
    for name in PAGES:
        row = results.get(name)
        if row is None:
            lines.append(f"{name:<18}  not measured")
            continue
        saturation = row.get("saturation_rps")
        flush = row.get("disk_flush", {}).get("max_ms")
        lines.append(
            f"{name:<18}{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>9.1f}"
            f"{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}{row['rps']:>8.1f}"
            f"{(f'{saturation:.0f}' if saturation is not None else ''):>12}"
            f"{(f'{flush:.1f}' if flush is not None else '-'):>19}"
        )
    machine, server = results["machine"], results["server"]
    lines += [
        "",
        f"rating_to_floor_ratio: {results['rating_to_floor_ratio']} (saturation throughput; "
        f"floor stopped on {results['floor']['saturation_stopped']}, rating POST on "
        f"{results['rating_post']['saturation_stopped']})",
        *cpu_lines(results),
        *overload_lines(results),
        *pad_lines(results),
        f"calibration_refresh_s: {results['calibration_refresh_s']} (runs "
        f"{results['calibration_refresh_runs_s']}) at {results['interviews']} interviews, "
        f"{results['ratings']} ratings",
        f"server: gunicorn {server['workers']} {server['gunicorn_worker_class']} workers x "
        f"{server['threads']} threads behind {server.get('proxy') or 'no proxy'}; machine: "
        f"{machine['cores']} cores, Python {machine['python']}, PostgreSQL {machine['postgresql']}",
        f"load average: start {machine['load_average_start']}, before the load "
        f"{machine['load_average_before_load']}, end {machine['load_average_end']}",
        "",
    ]
    for verdict in results["targets"]:
        mark = "PASS" if verdict["pass"] else "FAIL"
        lines.append(
            f"  [{mark}] {verdict['check']}: {verdict['measured']} (target {verdict['target']})"
        )
    lines += [f"  note: {note}" for note in results["notes"]]
    return "\n".join(lines)
