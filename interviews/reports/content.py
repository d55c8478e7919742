"""Turn a report's inputs into the JSON snapshot stored on the Report row.

Pure: no queries. The snapshot is for the panel and hiring managers (panel, ratings, rubric texts,
notes). What a candidate reads is feedback.py's: a whitelist of this content (the interview, the
overall level, each topic's name and category) and the curators' learning notes, nothing else.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format

from interviews.models import Amendment, CandidateLevel, Recommendation
from interviews.reports import charts, scoring
from interviews.reports.selectors import REPORT_FORMAT, ReportInputs
from questionbank.models import ANCHOR_NAMES, TargetLevel

STRONG_SIGNAL = 3  # signals at levels 3-4 are what a senior or exceptional answer makes


def is_strong(signal) -> bool:
    """Evidence for a level: a bonus (version trivia) is never the step between levels."""
    return signal.level >= STRONG_SIGNAL and not signal.is_bonus


def number(value: Decimal | float | None, places: int = 2) -> str | None:
    if value is None:
        return None
    return f"{value:.{places}f}"


def build_content(inputs: ReportInputs) -> dict:
    cards = inputs.scorecards
    # (scorecard, position) of every rating amended since its scorecard was submitted.
    amended = {
        (card.scorecard_id, position)
        for card in cards
        for amendment in card.amendments
        for key in amendment.changes
        if (position := Amendment.question_position(key)) is not None
    }
    question_rows = []
    question_scores = []
    heard_by_topic: dict[str, dict[int, str]] = {}
    for question in inputs.questions:
        rubric = question.rubric
        anchors = {anchor.level: anchor for anchor in rubric.anchors}
        levels = []
        ratings = []
        # signal id -> who heard it; anchor level -> who chose it (in panel order)
        heard: dict[int, list[str]] = {}
        chosen: dict[int, list[str]] = {}
        skipped = []
        notes = []
        for card in cards:
            rating = card.ratings.get(question.interview_question_id)
            if rating is None:
                continue
            level = None if rating.skipped else rating.level
            levels.append(level)
            ratings.append(
                {
                    "panelist": card.interviewer_name,
                    "level": level,
                    "amended": (card.scorecard_id, question.position) in amended,
                }
            )
            for signal_id in rating.signal_ids:
                heard.setdefault(signal_id, []).append(card.interviewer_name)
            if level is not None:
                chosen.setdefault(level, []).append(card.interviewer_name)
            if rating.skipped:
                skipped.append({"panelist": card.interviewer_name, "reason": rating.skip_reason})
            if rating.notes.strip():
                notes.append({"panelist": card.interviewer_name, "text": rating.notes})
        spread, std, flagged = scoring.agreement(levels)
        mean = scoring.panel_mean(levels)
        question_scores.append(
            scoring.QuestionScore(
                position=question.position,
                topic=question.topic_slug,
                weight=question.weight,
                levels=tuple(levels),
            )
        )
        strong_heard = heard_by_topic.setdefault(question.topic_slug, {})
        for signal in rubric.signals:
            if signal.id in heard and is_strong(signal):
                strong_heard[signal.id] = signal.text
        question_rows.append(
            {
                "position": question.position,
                "title": rubric.title,
                "slug": question.slug,
                "revision": question.revision_number,
                "topic": question.topic_name,
                "topic_slug": question.topic_slug,
                "weight": question.weight,
                "target_level": question.target_level,
                "mean": number(mean),
                "rated": sum(1 for level in levels if level is not None),
                "spread": spread,
                "std": number(std),
                "flagged": flagged,
                "ratings": ratings,
                "anchors_chosen": [
                    {
                        "level": level,
                        "name": anchors[level].name if level in anchors else "",
                        "text": anchors[level].text if level in anchors else "",
                        "panelists": chosen[level],
                    }
                    for level in sorted(chosen, reverse=True)
                ],
                "skipped": skipped,
                "signals_heard": [
                    {"level": signal.level, "text": signal.text, "panelists": heard[signal.id]}
                    for signal in rubric.signals
                    if signal.id in heard
                ],
                # Private to the panel: only the panel's rendering of the report shows them.
                "notes": notes,
                "signals_missed": [
                    {"level": signal.level, "text": signal.text}
                    for signal in rubric.signals
                    if signal.id not in heard and is_strong(signal)
                ],
                "red_flags": list(rubric.red_flags),
                "senior_anchor": anchors[3].text if 3 in anchors else "",
                # What was in the room's pad when the lead ended the interview: plain text,
                # always escaped where it is shown (never rendered as HTML).
                "final_code": inputs.final_code.get(question.position, ""),
            }
        )

    scores = scoring.score(question_scores)
    topic_names = {q.topic_slug: q.topic_name for q in inputs.questions}
    topics = []
    for topic in scores.topics:
        members = [row for row in question_rows if row["topic_slug"] == topic.topic]
        topics.append(
            {
                "slug": topic.topic,
                "name": topic_names[topic.topic],
                "score": number(topic.score),
                "weight": topic.weight,
                "category": topic.category,
                "questions": [row["position"] for row in members],
                "strengths": list(heard_by_topic.get(topic.topic, {}).values()),
                "to_learn": [row["senior_anchor"] for row in members if row["senior_anchor"]],
                "to_go_further": [
                    signal["text"] for row in members for signal in row["signals_missed"]
                ],
            }
        )

    target = inputs.kit_target_level
    target_score = scoring.TARGET_SCORES.get(target)
    flagged = [row["position"] for row in question_rows if row["flagged"]]
    level = scores.level
    return {
        "format": REPORT_FORMAT,
        "interview": {
            "id": inputs.interview_id,
            "candidate": inputs.candidate_name,
            "kit": inputs.kit_name,
            "scheduled_at": inputs.scheduled_at.isoformat(),
            "completed_at": inputs.completed_at.isoformat() if inputs.completed_at else None,
        },
        "target": {
            "level": target,
            "label": TargetLevel(target).label if target in TargetLevel.values else target,
            "score": number(target_score),
        },
        "formula": list(scoring.FORMULA),
        "bands": [dict(band) for band in scoring.BANDS],
        "anchor_names": {str(k): v for k, v in ANCHOR_NAMES.items()},
        "panel": [
            {
                "name": card.interviewer_name,
                "recommendation": card.recommendation,
                "recommendation_label": label_of(Recommendation, card.recommendation),
                "level": card.level,
                "level_label": label_of(CandidateLevel, card.level),
                "summary": card.summary,
                "submitted_at": card.submitted_at.isoformat(),
            }
            for card in cards
        ],
        "amendments": amendments_of(inputs),
        "overall": {
            "score": number(scores.overall),
            "level": level,
            "level_label": scoring.LEVEL_LABELS.get(level, "Not enough ratings"),
            "rated_questions": scores.rated_questions,
            "questions": len(question_rows),
        },
        "topics": topics,
        "strength_topics": [topic for topic in topics if topic["category"] == "strength"],
        "growth_topics": [topic for topic in topics if topic["category"] == "growth"],
        "questions": question_rows,
        "agreement": {
            "amended_ratings": len(amended),
            "flagged": flagged,
            "max_spread": max((row["spread"] for row in question_rows), default=0),
        },
        "chart": charts.topic_chart(
            [(topic["name"], topic["score"]) for topic in topics],
            target_score=target_score,
            target_label=TargetLevel(target).label if target in TargetLevel.values else target,
        ),
    }


def label_of(choices, value: str) -> str:
    return choices(value).label if value in choices.values else value


def amendments_of(inputs: ReportInputs) -> list[dict]:
    """Every change made to a submitted scorecard, oldest first: what, from, to, who, when, why,
    and whether its author could have read another scorecard first. Panel only: names."""
    titles = {q.position: q.rubric.title for q in inputs.questions}
    made = sorted(
        ((amendment, card) for card in inputs.scorecards for amendment in card.amendments),
        key=lambda pair: (pair[0].created_at, pair[0].amendment_id),
    )
    return [
        {
            "panelist": amendment.author_name,
            "scorecard_of": card.interviewer_name,
            "at": amendment.created_at.isoformat(),
            "when": date_format(timezone.localtime(amendment.created_at), "j M Y, H:i"),
            "after_reading": amendment.after_reading,
            "reason": amendment.reason,
            "changes": [
                change_of(key, old, new, titles) for key, (old, new) in amendment.changes.items()
            ],
        }
        for amendment, card in made
    ]


def change_of(key: str, old, new, titles: dict[int, str]) -> dict:
    if (position := Amendment.question_position(key)) is not None:
        return {
            "what": f"Question {position} rating",
            "question": titles.get(position, ""),
            "from": level_label(old),
            "to": level_label(new),
        }
    choices = {"recommendation": Recommendation, "level": CandidateLevel}.get(key)
    if choices is not None:
        return {
            "what": key.capitalize(),
            "from": label_of(choices, old),
            "to": label_of(choices, new),
        }
    return {"what": key.capitalize(), "from": old or "(empty)", "to": new or "(empty)"}


def level_label(level: int | None) -> str:
    return f"{level} · {ANCHOR_NAMES[level]}" if level in ANCHOR_NAMES else "skipped"
