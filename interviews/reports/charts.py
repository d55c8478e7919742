"""Geometry for the report's inline SVG charts, computed once at build time.

The template draws it with SVG presentation attributes only (fill, stroke, x, y ...), never a
style attribute, so the page keeps its strict CSP. Values are printed next to every bar and the
target line is dashed, so the chart reads in black and white.
"""

from decimal import Decimal

WIDTH = 660
LABEL_WIDTH = 250
PLOT_WIDTH = 340
ROW = 28
BAR = 18
TOP = 34
BOTTOM = 28
SCALE_MAX = 4


def x_of(value: float) -> float:
    return round(LABEL_WIDTH + PLOT_WIDTH * value / SCALE_MAX, 1)


def topic_chart(
    topics: list[tuple[str, str | None]], *, target_score: Decimal | None, target_label: str
) -> dict:
    """Horizontal bars: one per topic, on the 0-4 anchor scale, with the kit's target line."""
    height = TOP + ROW * len(topics) + BOTTOM
    target = float(target_score) if target_score is not None else None
    bars = []
    for index, (name, score) in enumerate(topics):
        y = TOP + index * ROW
        value = float(score) if score is not None else None
        right = x_of(value) if value is not None else LABEL_WIDTH
        bars.append(
            {
                "label": name,
                "value": score or "not rated",
                "y": y + (ROW - BAR) / 2,
                "text_y": y + ROW / 2 + 4,
                "x": LABEL_WIDTH,
                "width": round(right - LABEL_WIDTH, 1),
                "value_x": round(right + 6, 1),
                "meets_target": value is not None and target is not None and value >= target,
            }
        )
    return {
        "width": WIDTH,
        "height": height,
        "plot_left": LABEL_WIDTH,
        "plot_right": LABEL_WIDTH + PLOT_WIDTH,
        "plot_top": TOP - 6,
        "plot_bottom": TOP + ROW * len(topics),
        "axis_y": TOP + ROW * len(topics) + 18,
        "label_x": LABEL_WIDTH - 8,
        "ticks": [{"x": x_of(level), "label": str(level)} for level in range(SCALE_MAX + 1)],
        "target": None
        if target is None
        else {"x": x_of(target), "label": f"Target: {target_label} ({target:.2f})"},
        "bars": bars,
    }
