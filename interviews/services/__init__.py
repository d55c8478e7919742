"""Writes to interviews. Each service is keyword-only and owns its transaction."""

from interviews.services.loops import (
    InterviewPlan,
    loop_add_interviews,
    loop_decide,
    loop_schedule,
)
from interviews.services.scheduling import (
    interview_cancel,
    interview_reschedule,
    interview_schedule,
    interview_start,
)
from interviews.services.scoring import (
    InvalidRating,
    NotOnPanel,
    Rater,
    RatingConflict,
    ScoringClosed,
    panelist_focus,
    panelist_seen,
    rating_save_level,
    rating_save_notes,
    rating_save_signals,
    rating_skip,
)
from interviews.services.submission import (
    ScorecardIncomplete,
    ScorecardNotSubmitted,
    scorecard_amend,
    scorecard_submit,
)

__all__ = [
    "InterviewPlan",
    "InvalidRating",
    "NotOnPanel",
    "Rater",
    "RatingConflict",
    "ScorecardIncomplete",
    "ScorecardNotSubmitted",
    "ScoringClosed",
    "interview_cancel",
    "interview_reschedule",
    "interview_schedule",
    "interview_start",
    "loop_add_interviews",
    "loop_decide",
    "loop_schedule",
    "panelist_focus",
    "panelist_seen",
    "rating_save_level",
    "rating_save_notes",
    "rating_save_signals",
    "rating_skip",
    "scorecard_amend",
    "scorecard_submit",
]
