// A scaling study as a chart: measured speedup against engines, the ideal y = n, the Amdahl fit,
// and each count's efficiency on a second axis.
#pragma once

#include "analysis/scalingresult.h"

#include <QSize>
#include <QString>

#include <memory>
#include <optional>

class QChart;

namespace qc {

inline constexpr QSize kScalingChartSize{1200, 800};

// A new chart of `result`; `fontScale` scales its text (exports use a larger one than the window).
std::unique_ptr<QChart> makeScalingChart(const ScalingResult &result, qreal fontScale = 1.0);

// The chart of `result` as a PNG or, for a path ending in .svg, an SVG of kScalingChartSize.
// Returns a sentence naming the path on failure.
std::optional<QString> exportScalingChart(const ScalingResult &result, const QString &path);

} // namespace qc
