"""Refresh the calibration summaries with a handful of SQL statements (PostgreSQL or SQLite).

Only submitted scorecards of completed interviews count. A unit is one question in one interview;
its ratings are the panel's levels for that answer, as each scorecard was submitted
(Rating.submitted_level): a rating amended after its author read the others' scorecards would
otherwise make the panel look more in agreement than it was.
"""

import re
import time

from django.db import connection, transaction
from django.utils import timezone

from config.sql import Table
from interviews.calibration.models import (
    CalibrationRun,
    CoincidenceCell,
    InterviewerCalibrationCell,
    QuestionCalibrationCell,
    QuestionFlag,
)
from interviews.calibration.selectors import CalibrationFilter, question_figures
from interviews.models import (
    Amendment,
    CandidateLevel,
    Interview,
    InterviewQuestion,
    Rating,
    Scorecard,
)
from questionbank.models import Question, QuestionRevision

REFRESH_LOCK_KEY = 7_410_001
TEMPORARY_TABLES = ("calib_panel", "calib_r", "calib_u", "calib_w", "calib_levels")
TEMPORARY_TABLES += ("calib_ap", "calib_a")
# Every fraction in floating point. PostgreSQL reads `1.0` and the result of AVG() over integers as
# numeric, a decimal computed in software: the sixteen coincidence sums alone took 1.1 s of a 5 s
# refresh at 10,000 interviews, against 0.2 s in float8 (bench/README.md). The summary columns
# are floats anyway. SQLite reads DOUBLE PRECISION as REAL.
FLOAT_ONE = "CAST(1 AS DOUBLE PRECISION)"
# The aggregations over half a million ratings hash more than PostgreSQL's default 4 MB of
# work_mem, and spilled to disk in batches. The limit is per hash or sort step (times
# hash_mem_multiplier for a hash), a few at a time; one refresh runs at a time (the advisory lock).
REFRESH_WORK_MEM = "64MB"

Statement = tuple[str, list | None]


SC, IV, RT = Table(Scorecard), Table(Interview), Table(Rating)
IQ, AM = Table(InterviewQuestion), Table(Amendment)
QR, QU = Table(QuestionRevision), Table(Question)


def level_number() -> Statement:
    """A scorecard's level as a number, 1 for the lowest of CandidateLevel to 4 for the highest."""
    cases = " ".join(
        f"WHEN %s THEN {number}" for number, _ in enumerate(CandidateLevel.values, start=1)
    )
    return f"CASE sc.{SC.level} {cases} END", list(CandidateLevel.values)


def month_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column} AT TIME ZONE 'UTC') AS date)"
    return f"date({column}, 'start of month')"


def amended_positions() -> Statement:
    """(scorecard_id, position) for each rating changed by an amendment made after reading another
    scorecard: the positions of the question keys of its `changes` (other keys give NULL).

    Only a key of Amendment.QUESTION_KEY_DIGITS ASCII digits at most is cast, as
    Amendment.question_position reads it: one stored before the amend form parsed targets
    strictly ("question:<full-width 3>") would make PostgreSQL's CAST fail the whole refresh, and
    SQLite's read it as 0. Such a key gives NULL, like any other key (the data migration 0013
    rewrote the ones it could read).
    """
    prefix, digits = Amendment.QUESTION_KEY_PREFIX, Amendment.QUESTION_KEY_DIGITS
    start = len(prefix) + 1
    if connection.vendor == "postgresql":
        keys = f"{AM} a CROSS JOIN LATERAL jsonb_object_keys(a.{AM.changes}) AS k(key)"
        # [0-9] in a PostgreSQL regular expression is the ASCII range, whatever the locale.
        is_position = "k.key ~ %s"
        params = [f"^{re.escape(prefix)}[0-9]{{1,{digits}}}$"]
    else:
        keys = f"{AM} a, json_each(a.{AM.changes}) AS k"
        # GLOB compares code points: no character outside 0-9, between one and `digits` of them.
        is_position = (
            "substr(k.key, 1, %s) = %s AND length(k.key) BETWEEN %s AND %s"
            " AND substr(k.key, %s) NOT GLOB '*[^0-9]*'"
        )
        params = [len(prefix), prefix, start, len(prefix) + digits, start]
    sql = f"""SELECT a.{AM.scorecard} AS scorecard_id,
                     CASE WHEN {is_position}
                          THEN CAST(substr(k.key, %s) AS INTEGER) END AS position
              FROM {keys} WHERE a.{AM.after_reading}"""
    return sql, [*params, start]


def analyze(table: str) -> list[Statement]:
    """PostgreSQL keeps no statistics on a new temporary table (autovacuum never sees one) and
    assumes 200 groups: it built calib_u from calib_r by 170,000 nested index lookups. Gathering
    statistics on calib_r and calib_u costs 0.1-0.2 s each and saved 0.5-0.7 s in all."""
    return [(f"ANALYZE {table}", None)] if connection.vendor == "postgresql" else []


def statements() -> list[Statement]:
    """The refresh, without any self-join: every figure follows from per-answer counts. Each
    statement comes with its parameters (None: none); tables, columns and choice values are the
    models'.

    For an answer (a unit: one question in one interview) with m ratings summing to s, the lowest
    lo, the highest hi, and n_c ratings at level c:
    - a rating x's co-panelists average (s - x) / (m - 1);
    - x is 2+ levels from a co-panelist exactly when hi >= x + 2 or lo <= x - 2;
    - Krippendorff's coincidences are n_c * n_k / (m - 1), or n_c * (n_c - 1) / (m - 1) if c = k;
    - the panel's level y is the same for every rating of a unit, so sum(x * y) = s * y.
    The ratings are read once; everything after works on one row per unit.
    """
    cells = Table(QuestionCalibrationCell)
    pairs = Table(CoincidenceCell)
    raters = Table(InterviewerCalibrationCell)
    levels = range(1, 5)
    # A rating minus the mean of its co-panelists' ratings of the same answer.
    diff = f"(r.x - {FLOAT_ONE} * (u.s - r.x) / (u.m - 1))"
    per_level = ", ".join(f"SUM(CASE WHEN r.x = {c} THEN 1 ELSE 0 END) AS n{c}" for c in levels)
    weights = ", ".join(
        f"SUM({FLOAT_ONE} * n{c} * (n{k}{' - 1' if c == k else ''}) / (m - 1)) AS w{c}{k}"
        for c in levels
        for k in levels
    )
    pick_weight = " ".join(
        f"WHEN p.c = {c} AND p.k = {k} THEN w.w{c}{k}" for c in levels for k in levels
    )
    level, level_params = level_number()
    amended, amended_params = amended_positions()
    completed = Interview.State.COMPLETED.value
    # The question, kit, topic and month of an answer (a unit), from the interview's question.
    unit_of = f"""JOIN {IV} i ON i.{IV.id} = iq.{IQ.interview}
            JOIN {QR} qr ON qr.{QR.id} = iq.{IQ.revision}
            JOIN {QU} q ON q.{QU.id} = qr.{QR.question}"""
    key = ("question", "kit", "topic", "month")
    cell_columns = cells.columns(*key, "n", "sum_x", "sum_xx", "sum_y", "sum_yy", "sum_xy")
    cell_columns += ", " + cells.columns("n_ceiling", "n_floor", "n_1", "n_2", "n_3", "n_4")
    pair_columns = pairs.columns(*key, "c", "k", "weight")
    rater_columns = raters.columns("interviewer", *key[1:], "n", "sum_diff", "sum_diff_sq")
    rater_columns += ", " + raters.columns("n_disagree", "n_amended_after_reading")
    return [
        *((f"DROP TABLE IF EXISTS {table}", None) for table in TEMPORARY_TABLES),
        (
            f"""CREATE TEMPORARY TABLE calib_panel AS
            SELECT sc.{SC.interview} AS interview_id,
                   CAST(AVG({level}) AS DOUBLE PRECISION) AS y
            FROM {SC} sc
            JOIN {IV} i ON i.{IV.id} = sc.{SC.interview}
            WHERE sc.{SC.submitted_at} IS NOT NULL AND i.{IV.state} = %s
            GROUP BY sc.{SC.interview}""",
            [*level_params, completed],
        ),
        (
            f"""CREATE TEMPORARY TABLE calib_r AS
            SELECT rt.{RT.submitted_level} AS x, rt.{RT.interview_question} AS unit,
                   sc.{SC.interviewer} AS interviewer_id, p.y AS y
            FROM {RT} rt
            JOIN {SC} sc ON sc.{SC.id} = rt.{RT.scorecard}
            JOIN calib_panel p ON p.interview_id = sc.{SC.interview}
            WHERE rt.{RT.submitted_level} IS NOT NULL AND sc.{SC.submitted_at} IS NOT NULL""",
            None,
        ),
        *analyze("calib_r"),
        (
            f"""CREATE TEMPORARY TABLE calib_u AS
            SELECT g.*, qr.{QR.question} AS question_id, q.{QU.topic} AS topic_id,
                   i.{IV.kit} AS kit_id, {month_of(f"i.{IV.scheduled_at}")} AS month
            FROM (SELECT unit, COUNT(*) AS m, SUM(x) AS s, SUM(x * x) AS sxx, MIN(x) AS lo,
                         MAX(x) AS hi, MIN(y) AS y, {per_level}
                  FROM calib_r r GROUP BY unit) g
            JOIN {IQ} iq ON iq.{IQ.id} = g.unit
            {unit_of}""",
            None,
        ),
        *analyze("calib_u"),
        (f"DELETE FROM {cells}", None),
        (f"DELETE FROM {pairs}", None),
        (f"DELETE FROM {raters}", None),
        (
            f"""INSERT INTO {cells} ({cell_columns})
            SELECT question_id, kit_id, topic_id, month, SUM(m), SUM(s), SUM(sxx), SUM(m * y),
                   SUM(m * y * y), SUM(s * y), SUM(n4), SUM(n1), SUM(n1), SUM(n2), SUM(n3), SUM(n4)
            FROM calib_u GROUP BY question_id, kit_id, topic_id, month""",
            None,
        ),
        (
            f"""CREATE TEMPORARY TABLE calib_w AS
            SELECT question_id, kit_id, topic_id, month, {weights}
            FROM calib_u WHERE m >= 2 GROUP BY question_id, kit_id, topic_id, month""",
            None,
        ),
        ("CREATE TEMPORARY TABLE calib_levels (c integer, k integer)", None),
        (
            "INSERT INTO calib_levels (c, k) VALUES "
            + ", ".join(f"({c}, {k})" for c in levels for k in levels),
            None,
        ),
        (
            f"""INSERT INTO {pairs} ({pair_columns})
            SELECT question_id, kit_id, topic_id, month, c, k, weight FROM (
                SELECT w.question_id, w.kit_id, w.topic_id, w.month, p.c, p.k,
                       CASE {pick_weight} END AS weight
                FROM calib_w w CROSS JOIN calib_levels p) pairs
            WHERE weight > 0""",
            None,
        ),
        # Each rating amended after its author could read another scorecard, once however often
        # it was amended, whatever its level as submitted (skipped included). Amendments are few:
        # with statistics on them, the join below is a few index lookups. Without, PostgreSQL
        # guessed 100 keys per amendment and spent 0.35 s compiling the query (JIT) at 10,000
        # interviews.
        (f"CREATE TEMPORARY TABLE calib_ap AS {amended}", amended_params),
        *analyze("calib_ap"),
        (
            f"""CREATE TEMPORARY TABLE calib_a AS
            SELECT DISTINCT sc.{SC.interviewer} AS interviewer_id, iq.{IQ.id} AS unit,
                   i.{IV.kit} AS kit_id, q.{QU.topic} AS topic_id,
                   {month_of(f"i.{IV.scheduled_at}")} AS month
            FROM calib_ap ap
            JOIN {SC} sc ON sc.{SC.id} = ap.scorecard_id
            JOIN calib_panel p ON p.interview_id = sc.{SC.interview}
            JOIN {IQ} iq
                ON iq.{IQ.interview} = sc.{SC.interview} AND iq.{IQ.position} = ap.position
            {unit_of}
            WHERE sc.{SC.submitted_at} IS NOT NULL""",
            None,
        ),
        (
            f"""INSERT INTO {raters} ({rater_columns})
            SELECT interviewer_id, kit_id, topic_id, month, SUM(n), SUM(d), SUM(dd), SUM(apart),
                   SUM(amended)
            FROM (
                SELECT r.interviewer_id AS interviewer_id, u.kit_id AS kit_id,
                       u.topic_id AS topic_id, u.month AS month, 1 AS n, {diff} AS d,
                       {diff} * {diff} AS dd,
                       CASE WHEN u.hi >= r.x + 2 OR u.lo <= r.x - 2 THEN 1 ELSE 0 END AS apart,
                       0 AS amended
                FROM calib_r r JOIN calib_u u ON u.unit = r.unit
                WHERE u.m >= 2
                UNION ALL
                SELECT interviewer_id, kit_id, topic_id, month, 0, 0, 0, 0, 1 FROM calib_a
            ) rated
            GROUP BY interviewer_id, kit_id, topic_id, month""",
            None,
        ),
    ]


def flags_refresh() -> None:
    """Store each question's flags over all data, for the admin's question list."""
    figures, _, _ = question_figures(CalibrationFilter())
    merged: dict[int, dict] = {}
    for figure in figures:
        entry = merged.setdefault(figure.question_id, {"flags": set(), "n": 0, "d": None})
        entry["flags"].update(figure.flags)
        entry["n"] += figure.n
        entry["d"] = figure.discrimination if entry["d"] is None else entry["d"]
    QuestionFlag.objects.all().delete()
    QuestionFlag.objects.bulk_create(
        QuestionFlag(
            question_id=question_id,
            flags=sorted(entry["flags"]),
            ratings=entry["n"],
            discrimination=entry["d"],
        )
        for question_id, entry in merged.items()
    )


def calibration_refresh() -> CalibrationRun:
    """Recompute every summary from the ratings, in one transaction; safe to run at any time."""
    started = timezone.now()
    clock = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One refresh at a time; a second waits, then recomputes from the newer data.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK_KEY])
            cursor.execute(f"SET LOCAL work_mem = '{REFRESH_WORK_MEM}'")
        for statement, params in statements():
            cursor.execute(statement, params)
        cursor.execute("SELECT COUNT(*) FROM calib_r")
        (ratings,) = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM calib_panel")
        (interviews,) = cursor.fetchone()
        for table in TEMPORARY_TABLES:
            cursor.execute(f"DROP TABLE {table}")
        flags_refresh()
        return CalibrationRun.objects.create(
            started_at=started,
            seconds=round(time.perf_counter() - clock, 3),
            interviews=interviews,
            ratings=ratings,
        )
