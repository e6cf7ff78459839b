"""Study plans: goals, a date and minutes a day become a day-by-day plan (``core``), reviews on FSRS's
schedule (``reviews``) and an .ics calendar with stable UIDs (``ics``). Pure: no Streamlit, no database."""

from .core import (
    DEFAULT_WPM,
    READ,
    REVIEW,
    Behind,
    Budget,
    Cut,
    Day,
    Fit,
    Item,
    Plan,
    Request,
    Spec,
    SpecError,
    behind,
    expand_goals,
    make_plan,
    minutes_to_read,
    plan_vs_actual,
    review_minutes,
)

__all__ = ["DEFAULT_WPM", "READ", "REVIEW", "Behind", "Budget", "Cut", "Day", "Fit", "Item", "Plan", "Request",
           "Spec", "SpecError", "behind", "expand_goals", "make_plan", "minutes_to_read", "plan_vs_actual",
           "review_minutes"]
