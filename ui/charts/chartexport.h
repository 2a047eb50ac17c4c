// Rendering charts to images and files without a window (works on the offscreen platform).
#pragma once

#include "analysis/runresult.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <optional>

class QChart;

namespace qc {

inline constexpr QSize kDefaultChartSize{1600, 1000};

QImage renderChart(QChart *chart, QSize size);

// Writes DIR/<sample>.png for each sample and DIR/overlay.png. Returns a sentence on failure.
std::optional<QString> exportRunCharts(const RunResult &run, const QString &dir, QSize size = kDefaultChartSize);

} // namespace qc
