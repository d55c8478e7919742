"""Geometry for the calibration page's inline SVG charts (no JavaScript, printable)."""

from dataclasses import dataclass

ROW = 22
LABEL = 230
PLOT = 320
LEVEL_COLOURS = ("#c2410c", "#d97706", "#15803d", "#1d4ed8")


@dataclass(frozen=True)
class Bar:
    y: int
    x: float
    width: float
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    height: int
    rows: list[tuple[int, str, str]]  # y, label, figure text
    bars: list[Bar]
    axis_x: float | None = None
    threshold_x: float | None = None


def distribution_chart(questions) -> Chart:
    bars, rows = [], []
    for index, figure in enumerate(questions):
        y = index * ROW
        rows.append((y, figure.slug, f"n={figure.n}"))
        total = sum(figure.distribution) or 1
        x = 0.0
        for level, count in enumerate(figure.distribution, start=1):
            width = PLOT * count / total
            title = f"{figure.slug}: level {level} in {count} of {total} ratings"
            bars.append(Bar(y, LABEL + x, width, LEVEL_COLOURS[level - 1], title))
            x += width
    return Chart(height=max(ROW, len(questions) * ROW), rows=rows, bars=bars)


def signed_chart(items, value, label, limit: float, threshold: float | None = None) -> Chart:
    """Bars from a zero axis in the middle, for values in [-limit, limit]."""
    middle = LABEL + PLOT / 2
    bars, rows = [], []
    for index, item in enumerate(items):
        y = index * ROW
        figure = value(item)
        rows.append((y, label(item), "-" if figure is None else f"{figure:+.2f}"))
        if figure is None:
            continue
        clipped = max(-limit, min(limit, figure))
        width = abs(clipped) / limit * (PLOT / 2)
        x = middle if clipped >= 0 else middle - width
        colour = "#1d4ed8" if clipped >= 0 else "#c2410c"
        bars.append(Bar(y, x, width, colour, f"{label(item)}: {figure:+.2f}"))
    threshold_x = None if threshold is None else middle + threshold / limit * (PLOT / 2)
    return Chart(
        height=max(ROW, len(rows) * ROW),
        rows=rows,
        bars=bars,
        axis_x=middle,
        threshold_x=threshold_x,
    )
